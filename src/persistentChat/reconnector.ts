import { Clock, systemClock } from '../common/clock';
import { LyncError } from '../common/errors';
import { Disposable, DisposableStore, Emitter, Event } from '../common/events';
import { Logger, nullLogger } from '../common/logger';
import { recoveryFor, retryDelayMs } from './recoveryPolicy';

export interface ReconnectorOptions {
  baseDelayMs?: number;   // first retry, default 2 s
  maxDelayMs?: number;    // cap, default 5 min
  /** Fires when the network changed or the machine woke up: retry at once. */
  wake?: Event<void>;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
}

export interface Reconnecting { attempt: number; delayMs: number; reason: LyncError }

/**
 * The reconnect policy, beside the endpoints and never inside them: exponential backoff with
 * jitter up to a cap, an immediate retry on wake/network change, no retry after stop() or for a
 * non-retriable cause (a wrong password, a rejected account, an untrusted certificate).
 */
export class Reconnector implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly reconnectingEmitter = new Emitter<Reconnecting>();
  private readonly connectedEmitter = new Emitter<void>();
  private readonly gaveUpEmitter = new Emitter<LyncError>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly logger: Logger;
  private attempt = 0;
  private timer: unknown;
  private running: AbortController | undefined;
  private stopped = false;

  readonly onReconnecting = this.reconnectingEmitter.event;
  readonly onConnected = this.connectedEmitter.event;
  /** A cause that must not be retried; the policy has stopped. */
  readonly onGaveUp = this.gaveUpEmitter.event;

  constructor(private readonly connect: (signal: AbortSignal) => Promise<void>, options: ReconnectorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.baseDelayMs = options.baseDelayMs ?? 2000;
    this.maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
    this.logger = options.logger ?? nullLogger;
    this.disposables.add(this.reconnectingEmitter);
    this.disposables.add(this.connectedEmitter);
    this.disposables.add(this.gaveUpEmitter);
    if (options.wake) this.disposables.add(options.wake(() => this.retryNow('network change or wake')));
  }

  /** True while a retry is scheduled or running. */
  get isActive(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  /** The connection was lost (or a first connect failed): schedule the next attempt. */
  connectionLost(reason: LyncError): void {
    if (this.stopped || this.isActive) return;
    if (!reason.retriable) {
      this.logger.info(`not reconnecting: ${reason.code}`);
      this.gaveUpEmitter.fire(reason);
      return;
    }
    this.schedule(reason);
  }

  /** Skips the wait (network came back, machine woke up, user asked). */
  retryNow(why: string): void {
    if (this.stopped || this.timer === undefined) return;
    this.logger.info(`retrying now: ${why}`);
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    void this.run();
  }

  /** Forget the backoff history (after a connection was up for a while, or a settings change). */
  reset(): void {
    this.attempt = 0;
  }

  /**
   * The user connects (again, maybe after a stop()): allow retries, with a fresh backoff. A retry
   * still scheduled is dropped: the user's attempt replaces it.
   */
  resume(): void {
    this.stop();
    this.stopped = false;
    this.attempt = 0;
  }

  /** The user signed out or disconnected: never reconnect again (until resume()). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.running?.abort();
    this.running = undefined;
  }

  dispose(): void {
    this.stop();
    this.disposables.dispose();
  }

  /** Full jitter: uniform in [base·2^(n−1)/2, base·2^(n−1)], capped. */
  delayFor(attempt: number): number {
    const exp = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(exp / 2 + this.random() * (exp / 2));
  }

  private schedule(reason: LyncError): void {
    this.attempt += 1;
    const delayMs = retryDelayMs(this.delayFor(this.attempt), reason);
    this.logger.info(`reconnecting in ${Math.round(delayMs / 1000)} s (attempt ${this.attempt}): ${reason.message}`);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
    this.reconnectingEmitter.fire({ attempt: this.attempt, delayMs, reason });
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    const controller = new AbortController();
    this.running = controller;
    try {
      await this.connect(controller.signal);
      if (this.running !== controller) return;
      this.running = undefined;
      this.attempt = 0;
      this.connectedEmitter.fire();
    } catch (error) {
      if (this.running !== controller) return;
      this.running = undefined;
      const reason = LyncError.from(error);
      if (this.stopped || reason.code === 'Aborted') return;
      if (recoveryFor(reason, { signedIn: false }) === 'fail') {
        this.gaveUpEmitter.fire(reason);
        return;
      }
      this.schedule(reason);
    }
  }
}
