import type { Core } from 'sip.js';
import { Emitter } from '../common/events';
import type { ReauthGuard } from './reauthGuard';
import { SipResponse, toSipResponse } from './sipResponse';

/**
 * A dialog the local side opened with INVITE (sip.js's Session underneath, never exposed): INFO and
 * other in-dialog requests, the peer's INFO and BYE (answered 200 here), BYE, dispose.
 */
export class SipDialog {
  private readonly infoEmitter = new Emitter<string>();
  private readonly byeEmitter = new Emitter<void>();
  /** Bodies of INFO requests the peer sent (already answered 200). */
  readonly onInfo = this.infoEmitter.event;
  /** The peer ended the dialog (its BYE was answered 200). */
  readonly onBye = this.byeEmitter.event;
  private disposed = false;

  constructor(
    private readonly session: Core.Session,
    private readonly send: (message: Core.OutgoingRequestMessage, options: { timeoutMs: number }) => Promise<SipResponse>,
    /** A challenged request (401/407) is resent once, with the dialog's next CSeq, after a new handshake. */
    private readonly reauth: Pick<ReauthGuard, 'send'>,
  ) {
    session.delegate = {
      onInfo: (request) => {
        request.accept();
        this.infoEmitter.fire(request.message.body ?? '');
      },
      onBye: (request) => {
        request.accept();
        this.byeEmitter.fire();
      },
    };
  }

  get callId(): string {
    return this.session.callId;
  }

  /** INFO with this body; resolves with the final response, whatever its status. */
  info(contentType: string, body: string): Promise<SipResponse> {
    return this.reauth.send(() => new Promise<SipResponse>((resolve) => {
      const settle = (response: Core.IncomingResponse) => resolve(toSipResponse(response.message));
      this.session.info({ onAccept: settle, onReject: settle }, { body: { contentDisposition: 'render', contentType, content: body } });
    }));
  }

  /** Any other in-dialog request (e.g. UPDATE) with these extra headers, in its own transaction. */
  request(method: string, extraHeaders: string[], timeoutMs: number): Promise<SipResponse> {
    return this.reauth.send(() => {
      const message = (this.session as unknown as Core.Dialog).createOutgoingRequestMessage(method, { extraHeaders });
      return this.send(message, { timeoutMs });
    });
  }

  /** BYE; resolves when it is answered (any status) or cannot be sent. */
  bye(): Promise<void> {
    return new Promise<void>((resolve) => {
      try {
        this.session.bye({ onAccept: () => resolve(), onReject: () => resolve() });
      } catch {
        resolve();
      }
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.session.delegate = undefined;
    this.infoEmitter.dispose();
    this.byeEmitter.dispose();
    this.session.dispose();
  }
}
