import { withTimeout } from '../common/abort';
import { LyncError } from '../common/errors';
import { Disposable, DisposableStore, disposableTimeout, Emitter } from '../common/events';
import { clampSeconds, SESSION_EXPIRES } from '../common/intervals';
import { Logger } from '../common/logger';
import { errorFromResponse } from '../endpoint/sipErrors';
import type { SipDialog, SipStack } from '../sip/sipStack';

export interface DialogEnded {
  /** 'bye' = the server ended it; 'gone' = 481 on our request; 'connection' = the connection dropped. */
  cause: 'bye' | 'gone' | 'connection' | 'local';
  error?: LyncError;
}

/**
 * One Persistent Chat SIP dialog (the lookup one or the chat server one): an IM-style INVITE with
 * an SDP offer, INFO both ways (text/plain XCCOS bodies), UPDATE to refresh Session-Expires, BYE.
 */
export class ChatDialog implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly infoEmitter = new Emitter<string>();
  private readonly endedEmitter = new Emitter<DialogEnded>();
  private ended = false;
  /** XCCOS bodies the server sends in INFO requests (already answered 200). */
  readonly onInfo = this.infoEmitter.event;
  readonly onEnded = this.endedEmitter.event;

  private constructor(
    private readonly stack: SipStack,
    private readonly session: SipDialog,
    readonly sessionExpiresSec: number | undefined,
    private readonly logger: Logger,
  ) {
    this.disposables.add(this.infoEmitter);
    this.disposables.add(this.endedEmitter);
    this.disposables.add(session.onInfo((body) => this.infoEmitter.fire(body)));
    this.disposables.add(session.onBye(() => this.end({ cause: 'bye', error: new LyncError('ConnectionLost', 'The chat server ended the session.') })));
    this.disposables.add(stack.onClosed((error) => this.end({ cause: 'connection', error: error ?? new LyncError('ConnectionLost', 'The connection closed.') })));
    if (sessionExpiresSec && sessionExpiresSec > 0) this.scheduleRefresh(sessionExpiresSec);
  }

  get callId(): string {
    return this.session.callId;
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /** INVITE `target` and wait for 200 OK (then ACK). */
  static async open(stack: SipStack, target: string, logger: Logger, options: { signal?: AbortSignal; timeoutMs: number }): Promise<ChatDialog> {
    const local = stack.localAddress.includes(':') ? `IP6 ${stack.localAddress}` : `IP4 ${stack.localAddress}`;
    const sdp = [
      'v=0', `o=- 0 0 IN ${local}`, 's=session', `c=IN ${local}`, 't=0 0',
      `m=message ${stack.target.port} sip null`,
      'a=accept-types:text/plain text/html image/gif application/im-iscomposing+xml application/ms-imdn+xml text/x-msmsgsinvite',
      '',
    ].join('\r\n');
    const { dialog, response } = await stack.openDialog({
      method: 'INVITE',
      uri: target,
      headers: ['Supported: ms-sender', `Contact: ${stack.contact}`],
      body: { contentType: 'application/sdp', content: sdp },
    }, options);
    if (!dialog) throw errorFromResponse(response, `Opening the chat session with ${target}`);
    const expires = Number(/^\s*(\d+)/.exec(response.header('session-expires') ?? '')?.[1]);
    return new ChatDialog(stack, dialog, Number.isFinite(expires) ? expires : undefined, logger);
  }

  /** Sends one XCCOS envelope in an INFO; resolves on 200, rejects on any other final response. */
  info(body: string, timeoutMs: number): Promise<void> {
    if (this.ended) return Promise.reject(new LyncError('ConnectionLost', 'The chat session has ended.'));
    const done = this.session.info('text/plain', body).then((response) => {
      if (response.statusCode >= 200 && response.statusCode < 300) return;
      if (response.statusCode === 481) this.end({ cause: 'gone', error: new LyncError('ConnectionLost', 'The chat server no longer knows this session (481).', { sipStatus: 481 }) });
      throw errorFromResponse(response, 'A chat command');
    });
    return withTimeout(done, { timeoutMs, what: 'A chat command' });
  }

  /** BYE (best effort, bounded) and forget the dialog. */
  async close(timeoutMs: number): Promise<void> {
    if (this.ended) return;
    const bye = this.session.bye();
    await withTimeout(bye, { timeoutMs, what: 'BYE' }).catch(() => undefined);
    this.end({ cause: 'local' });
  }

  dispose(): void {
    this.end({ cause: 'local' });
  }

  private scheduleRefresh(serverExpiresSec: number): void {
    const expiresSec = clampSeconds(serverExpiresSec, SESSION_EXPIRES);
    const refreshMs = (expiresSec > 10 ? expiresSec - 10 : Math.max(1, expiresSec / 2)) * 1000;
    const timer = this.disposables.add(disposableTimeout(() => {
      this.disposables.delete(timer);
      void this.refresh(expiresSec);
    }, refreshMs));
  }

  /** Bodiless in-dialog UPDATE keeps Lync from BYEing an idle session (docs/protocol/xccos.md#session-refresh). */
  private async refresh(expiresSec: number): Promise<void> {
    if (this.ended) return;
    try {
      const response = await this.session.request('UPDATE', [`Session-Expires: ${expiresSec};refresher=uac`, `Contact: ${this.stack.contact}`], 30_000);
      if (response.statusCode === 481) {
        this.end({ cause: 'gone', error: new LyncError('ConnectionLost', 'The chat server dropped the session (481 to UPDATE).', { sipStatus: 481 }) });
        return;
      }
      this.logger.debug(`chat session refreshed (${response.statusCode})`);
    } catch (error) {
      this.logger.debug(`chat session refresh: ${LyncError.from(error).message}`);
    }
    if (!this.ended) this.scheduleRefresh(expiresSec);
  }

  private end(ended: DialogEnded): void {
    if (this.ended) return;
    this.ended = true;
    this.endedEmitter.fire(ended);
    this.disposables.dispose();
    this.session.dispose();
  }
}
