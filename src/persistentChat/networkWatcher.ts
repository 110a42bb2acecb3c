import { networkInterfaces } from 'node:os';
import { Clock, systemClock } from '../common/clock';
import { Disposable, Emitter } from '../common/events';

/**
 * Detects what a laptop does to a long-lived connection: a wake from sleep (the timer fired much
 * later than asked: timer drift) and a change of network addresses (Node has no event for it).
 */
export class NetworkWatcher implements Disposable {
  private readonly emitter = new Emitter<void>();
  private timer: unknown;
  private expected = 0;
  private addresses: string;
  readonly onChange = this.emitter.event;

  constructor(
    private readonly intervalMs = 5000,
    private readonly driftMs = 15_000,
    private readonly clock: Clock = systemClock,
    private readonly readAddresses: () => string = currentAddresses,
  ) {
    this.addresses = this.readAddresses();
    this.arm();
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.emitter.dispose();
  }

  private arm(): void {
    this.expected = this.clock.now() + this.intervalMs;
    this.timer = this.clock.setTimeout(() => this.tick(), this.intervalMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private tick(): void {
    const woke = this.clock.now() - this.expected > this.driftMs;
    const addresses = this.readAddresses();
    const changed = addresses !== this.addresses;
    this.addresses = addresses;
    if (woke || changed) this.emitter.fire();
    this.arm();
  }
}

function currentAddresses(): string {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal)
    .map((i) => i.address)
    .sort()
    .join(',');
}
