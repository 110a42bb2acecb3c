import { reportUnrecognized } from '../common/diagnostics';
import { LyncError } from '../common/errors';
import { Disposable, DisposableStore, Emitter } from '../common/events';
import { Logger } from '../common/logger';
import { ChatDialog } from './chatDialog';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../sip/message/framer';
import { decodeEnvelope } from './xccos/envelope';
import type { XccosItem, XccosReply } from './xccos/envelope';
import type { ChatMessage } from './xccos/types';

/** A room search or history reply may fill a whole SIP message (the framer's limit), e.g. ~1,000 rooms. */
const XCCOS_XML_LIMITS = { maxBytes: DEFAULT_MAX_MESSAGE_BYTES, maxElements: 100_000 };

/** An encoded command: the whole `<xccos>` envelope and its envid. */
export interface EncodedCommand {
  text: string;
  envid: string;
}

interface Pending {
  replyId: string;
  resolve(reply: XccosReply): void;
  reject(error: LyncError): void;
  timer: NodeJS.Timeout;
}

/**
 * XCCOS over one chat dialog: every command is its own INFO (answered by a bare SIP 200), its
 * reply a separate INFO from the server, matched by the envid echoed in `<commandid>` (or, when a
 * server omits it, by the reply id of the oldest pending command).
 */
export class XccosSession implements Disposable {
  private readonly pending = new Map<string, Pending>();
  private readonly disposables = new DisposableStore();
  private readonly noticeEmitter = new Emitter<XccosItem>();
  private readonly messageEmitter = new Emitter<ChatMessage>();
  /** Replies nobody waits for (history pushed after a join), notices (ntc:*), unknown items. */
  readonly onUnsolicited = this.noticeEmitter.event;
  readonly onMessage = this.messageEmitter.event;

  constructor(readonly dialog: ChatDialog, private readonly logger: Logger, private readonly timeoutMs: number) {
    this.disposables.add(this.noticeEmitter);
    this.disposables.add(this.messageEmitter);
    this.disposables.add(dialog.onInfo((body) => this.receive(body)));
    this.disposables.add(dialog.onEnded((e) => this.rejectAll(() => e.error ?? sessionEnded())));
  }

  /** Sends a command and resolves with its reply; rejects with CommandFailed for a non-200 `<resp>`. */
  async command(command: EncodedCommand, replyId: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<XccosReply> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const reply = new Promise<XccosReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(command.envid);
        reject(new LyncError('Timeout', `The chat server did not answer ${replyId.replace('rpl:', 'cmd:')} within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      this.pending.set(command.envid, { replyId: replyId.toLowerCase(), resolve, reject, timer });
    });
    // The session can end (BYE, reset) while the INFO is still in flight, rejecting `reply` before it
    // is awaited below: mark it handled now, or Node ends the process on an "unhandled" rejection.
    reply.catch(() => undefined);
    const onAbort = () => this.fail(command.envid, new LyncError('Aborted', 'The chat command was cancelled.'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.dialog.info(command.text, timeoutMs);
    } catch (error) {
      this.fail(command.envid, LyncError.from(error));
    }
    try {
      const result = await reply;
      if (result.code !== 200) {
        throw new LyncError('CommandFailed', `The chat server refused ${replyId.replace('rpl:', 'cmd:')}: ${result.text || result.code}.`, { xccosCode: result.code, diagnostics: result.text, retriable: false });
      }
      return result;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Sends an envelope that has no reply (a grpchat post): resolves on the SIP 200. */
  post(command: EncodedCommand): Promise<void> {
    return this.dialog.info(command.text, this.timeoutMs);
  }

  dispose(): void {
    this.rejectAll(sessionEnded);
    this.disposables.dispose();
  }

  private receive(body: string): void {
    let items: XccosItem[];
    try {
      items = decodeEnvelope(body, { limits: XCCOS_XML_LIMITS, roomLists: true, onIgnored: (why) => reportUnrecognized(this.logger, `xccos: ${why}`) }).items;
    } catch (error) {
      this.logger.warn(`xccos: undecodable INFO ignored: ${LyncError.from(error).message}`);
      return;
    }
    for (const item of items) {
      if (item.kind === 'message') {
        this.messageEmitter.fire(item.message);
      } else if (item.kind === 'reply' && this.settle(item)) {
        continue;
      } else {
        if (item.kind === 'unknown') reportUnrecognized(this.logger, `xccos: element <${item.name}>`);
        this.noticeEmitter.fire(item);
      }
    }
  }

  private settle(reply: XccosReply): boolean {
    let key = reply.commandEnvid && this.pending.has(reply.commandEnvid) ? reply.commandEnvid : undefined;
    // Only a reply that names no command is matched by its id: a pushed history names the join it follows.
    if (!key && !reply.commandEnvid) key = [...this.pending.entries()].find(([, p]) => p.replyId === reply.id || sameFamily(p.replyId, reply.id))?.[0];
    if (!key) return false;
    const pending = this.pending.get(key)!;
    this.pending.delete(key);
    clearTimeout(pending.timer);
    pending.resolve(reply);
    return true;
  }

  private fail(envid: string, error: LyncError): void {
    const pending = this.pending.get(envid);
    if (!pending) return;
    this.pending.delete(envid);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  /** The error is made only when a command is waiting: an Error's stack trace is not free, and most sessions end idle. */
  private rejectAll(error: () => LyncError): void {
    if (this.pending.size === 0) return;
    const reason = error();
    for (const envid of [...this.pending.keys()]) this.fail(envid, reason);
  }
}

const sessionEnded = () => new LyncError('ConnectionLost', 'The chat session has ended.');

/** rpl:getserverinfo and rpl:getservinfo (sipe's spelling); rpl:join and rpl:bjoin. */
function sameFamily(expected: string, actual: string): boolean {
  const norm = (id: string) => id.replace('getservinfo', 'getserverinfo').replace('rpl:bjoin', 'rpl:join');
  return norm(expected) === norm(actual);
}
