import { Disposable, disposableTimeout, Emitter } from '../../common/events';
import { Logger, nullLogger } from '../../common/logger';
import type { SipStack } from '../../sip/sipStack';
import { PresenceBatch } from './presenceBatch';
import type { PresenceUpdate } from './presenceBody';

export interface PresenceSubscriptionOptions {
  /** The signed-in user's URI: batched subscriptions go to it ([MS-PRES]). */
  ownerUri: string;
  logger?: Logger;
  /** Per SIP transaction (default 10 s). */
  requestTimeoutMs?: number;
  /** Requested subscription lifetime in seconds (default 3600). */
  expires?: number;
  /** Most people in one SUBSCRIBE (default 100). */
  maxBatch?: number;
  /** Most people followed at all (default 1000); later ones keep their SIP address. */
  maxPeople?: number;
}

/** A SIP URI as the server names it in notifications: `sip:bob@contoso.com`, lower case; undefined if not one. */
export function presenceUri(uri: string): string | undefined {
  const bare = uri.trim().replace(/^<|>$/g, '').replace(/[;?].*$/, '').toLowerCase();
  const withScheme = /^sips?:/.test(bare) ? bare : `sip:${bare}`;
  return /^sips?:[^\s@<>"]{1,128}@[a-z0-9.-]{1,128}$/.test(withScheme) ? withScheme : undefined;
}

/**
 * The presence (contact card and state) of the people the user sees, as the Lync client follows
 * its contacts: people added close together go into one batched SUBSCRIBE of at most `maxBatch`;
 * each batch refreshes itself and is unsubscribed on close(). One per signed-in endpoint.
 */
export class PresenceSubscription implements Disposable {
  private readonly emitter = new Emitter<PresenceUpdate[]>();
  private readonly batches = new Set<PresenceBatch>();
  private readonly followed = new Set<string>();
  private queued: string[] = [];
  private flushTimer: Disposable | undefined;
  private closed = false;
  private readonly logger: Logger;
  /** Presence of followed people, as notified (each update once per notification). */
  readonly onUpdate = this.emitter.event;

  constructor(private readonly stack: SipStack, private readonly options: PresenceSubscriptionOptions) {
    this.logger = (options.logger ?? nullLogger).child('presence');
  }

  /** Follows these people (already followed ones and non-SIP addresses are skipped). */
  add(uris: Iterable<string>): void {
    if (this.closed) return;
    const max = this.options.maxPeople ?? 1000;
    for (const raw of uris) {
      const uri = presenceUri(raw);
      if (!uri || this.followed.has(uri)) continue;
      if (this.followed.size >= max) break;
      this.followed.add(uri);
      this.queued.push(uri);
    }
    // People arriving together (a room's participants, a page of history) share one SUBSCRIBE.
    if (this.queued.length > 0) this.flushTimer ??= disposableTimeout(() => this.flush(), 50);
  }

  /** How many SUBSCRIBE dialogs are live (or being set up). */
  get batchCount(): number {
    return this.batches.size;
  }

  /** Unsubscribes every batch (Expires: 0, in parallel), then disposes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flushTimer?.dispose();
    const batches = [...this.batches];
    this.batches.clear();
    await Promise.all(batches.map((b) => b.close()));
    this.emitter.dispose();
  }

  /** Stops at once: timers and listeners, no unsubscribe (the connection is gone). */
  dispose(): void {
    this.closed = true;
    this.flushTimer?.dispose();
    for (const batch of this.batches) batch.dispose();
    this.batches.clear();
    this.emitter.dispose();
  }

  private flush(): void {
    this.flushTimer = undefined;
    const size = Math.max(1, this.options.maxBatch ?? 100);
    while (this.queued.length > 0 && !this.closed) this.startBatch(this.queued.splice(0, size));
  }

  private startBatch(resources: string[]): void {
    const batch = new PresenceBatch({
      stack: this.stack,
      ownerUri: this.options.ownerUri,
      logger: this.logger,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 10_000,
      expires: this.options.expires ?? 3600,
      report: (updates) => this.emitter.fire(updates),
      ended: (ended, retry) => this.ended(ended, retry),
    }, resources);
    this.batches.add(batch);
    void batch.start();
  }

  /**
   * A batch ended on its own. Terminated by the server: its people may be followed again by a later
   * add(). Refused (a pool without presence): they are not asked for again on this connection.
   */
  private ended(batch: PresenceBatch, retry: boolean): void {
    this.batches.delete(batch);
    if (retry) for (const uri of batch.resources) this.followed.delete(uri);
  }
}
