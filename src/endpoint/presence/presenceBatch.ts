import { randomBytes } from 'node:crypto';
import { withTimeout } from '../../common/abort';
import { LyncError } from '../../common/errors';
import { Disposable, DisposableStore, disposableTimeout } from '../../common/events';
import type { Logger } from '../../common/logger';
import { headerParam } from '../../sip/message/rawMessage';
import type { IncomingNotification, SipRequest, SipResponse, SipStack } from '../../sip/sipStack';
import { BatchStateMachine } from './batchState';
import { BATCH_SUBSCRIBE_TYPE, batchSubscribeBody, CATEGORIES_TYPE, PresenceUpdate, parsePresenceBody } from './presenceBody';

const ACCEPT = `${CATEGORIES_TYPE}, application/rlmi+xml, multipart/related`;
/** Subscription lifetimes accepted from the server, in seconds (anything else is clamped). */
const MIN_EXPIRES = 10;
const MAX_EXPIRES = 24 * 3600;

export interface BatchContext {
  stack: SipStack;
  ownerUri: string;
  logger: Logger;
  requestTimeoutMs: number;
  /** Requested lifetime in seconds. */
  expires: number;
  report(updates: PresenceUpdate[]): void;
  /** The batch ended on its own: refused or failed (`retry` false), or terminated by the server (`retry` true). */
  ended(batch: PresenceBatch, retry: boolean): void;
}

/**
 * One batched category SUBSCRIBE ([MS-PRES]) for a fixed list of people: a SUBSCRIBE dialog to the
 * user's own URI, its piggy-backed first notification, later (BE)NOTIFYs, an in-dialog refresh
 * before it expires, and an `Expires: 0` unsubscribe on close. Owns its timer and listeners.
 */
export class PresenceBatch implements Disposable {
  private readonly machine = new BatchStateMachine();
  private readonly disposables = new DisposableStore();
  private readonly callId = randomBytes(16).toString('hex');
  private readonly fromTag = randomBytes(5).toString('hex');
  private cseq = 1;
  private toTag: string | undefined;
  private remoteTarget: string | undefined;
  private refreshTimer: Disposable | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly ctx: BatchContext, readonly resources: readonly string[]) {
    this.disposables.add(ctx.stack.acceptNotifications(this.callId));
    this.disposables.add(ctx.stack.onNotification((n) => this.notified(n)));
  }

  get state(): string {
    return this.machine.state;
  }

  /** Sends the initial SUBSCRIBE; never rejects (a failure ends the batch and is logged). */
  start(): Promise<void> {
    this.starting ??= this.exchange(this.ctx.expires, 'subscribe');
    return this.starting;
  }

  /**
   * Unsubscribes (Expires: 0) when active, then disposes. A SUBSCRIBE still unanswered is waited for
   * (so the pool does not keep a subscription nobody ends); all of it bounded to a few seconds.
   */
  async close(): Promise<void> {
    const bound = Math.min(this.ctx.requestTimeoutMs, 3000);
    if (this.machine.state === 'Subscribing' && this.starting) await withTimeout(this.starting, { timeoutMs: bound, what: 'SUBSCRIBE' }).catch(() => undefined);
    const active = this.machine.state === 'Active' || this.machine.state === 'Refreshing';
    this.finish();
    if (!active || !this.ctx.stack.isOpen) return;
    // Bounded: a sign-out does not wait long for a pool that stopped answering.
    await this.ctx.stack.send(this.request(0), { timeoutMs: bound }).catch(() => undefined);
  }

  dispose(): void {
    this.finish();
  }

  private finish(): boolean {
    this.refreshTimer?.dispose();
    this.disposables.dispose();
    return this.machine.end();
  }

  private async exchange(expires: number, what: 'subscribe' | 'refresh'): Promise<void> {
    let response: SipResponse;
    try {
      response = await this.ctx.stack.send(this.request(expires), { timeoutMs: this.ctx.requestTimeoutMs });
    } catch (error) {
      return this.fail(`presence ${what} failed: ${LyncError.from(error).message}`);
    }
    if (this.machine.state === 'Ended') return;
    if (response.statusCode < 200 || response.statusCode >= 300) return this.fail(`presence ${what} refused: ${response.statusCode} ${response.reasonPhrase}`);
    this.toTag ??= headerParam(response.raw.header('to') ?? '', 'tag');
    this.remoteTarget ??= /<([^>]{1,512})>/.exec(response.raw.header('contact') ?? '')?.[1];
    this.machine.transition('Active');
    this.readBody(response.raw.header('content-type') ?? '', response.raw.body.toString('utf8'));
    this.scheduleRefresh(response.raw.header('expires'));
  }

  private request(expires: number): SipRequest {
    const inDialog = this.toTag !== undefined;
    return {
      method: 'SUBSCRIBE',
      uri: inDialog ? (this.remoteTarget ?? this.ctx.ownerUri) : this.ctx.ownerUri,
      toUri: this.ctx.ownerUri,
      callId: this.callId,
      fromTag: this.fromTag,
      toTag: this.toTag,
      cseq: this.cseq++,
      headers: [
        'Event: presence',
        `Accept: ${ACCEPT}`,
        'Supported: ms-benotify',
        'Proxy-Require: ms-benotify',
        'Supported: ms-piggyback-first-notify',
        'Require: adhoclist, categoryList',
        'Supported: eventlist',
        `Expires: ${expires}`,
        `Contact: ${this.ctx.stack.contact}`,
      ],
      body: { contentType: BATCH_SUBSCRIBE_TYPE, content: batchSubscribeBody(this.ctx.ownerUri, this.resources) },
    };
  }

  private scheduleRefresh(expiresHeader: string | undefined): void {
    const asked = Number.parseInt(expiresHeader ?? '', 10);
    const seconds = Math.min(MAX_EXPIRES, Math.max(MIN_EXPIRES, Number.isFinite(asked) ? asked : this.ctx.expires));
    // Refresh at 90 % of the lifetime, and at most a minute before it ends.
    const refreshMs = seconds * 1000 - Math.min(60_000, seconds * 100);
    this.refreshTimer?.dispose();
    this.refreshTimer = disposableTimeout(() => void this.refresh(), refreshMs);
  }

  private async refresh(): Promise<void> {
    if (this.machine.state !== 'Active') return;
    this.machine.transition('Refreshing');
    await this.exchange(this.ctx.expires, 'refresh');
  }

  private notified(n: IncomingNotification): void {
    if (this.machine.state === 'Ended' || n.raw.header('call-id') !== this.callId || !/^presence\b/i.test(n.event)) return;
    this.readBody(n.raw.header('content-type') ?? '', n.raw.body.toString('utf8'));
    if (/^\s*terminated/i.test(n.raw.header('subscription-state') ?? '')) this.fail('presence subscription terminated by the server', true);
  }

  private readBody(contentType: string, body: string): void {
    const updates = parsePresenceBody(contentType, body).filter((u) => this.resources.includes(u.uri));
    if (updates.length > 0) this.ctx.report(updates);
  }

  private fail(why: string, retry = false): void {
    if (!this.finish()) return;
    this.ctx.logger.warn(why);
    this.ctx.ended(this, retry);
  }
}
