/**
 * Every timer the chat layer starts goes through one TimerSet, so dispose() can prove it leaves
 * none behind and tests can substitute a manual clock.
 */
export interface TimerHost {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: TimerHost = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface TimerRef { readonly id: number }

export class TimerSet {
  private readonly active = new Map<number, unknown>();
  private nextId = 1;

  constructor(private readonly host: TimerHost = realTimers) {}

  /** Runs `callback` once after `ms`; the returned ref can be cancelled with clear(). */
  start(ms: number, callback: () => void): TimerRef {
    const id = this.nextId++;
    const handle = this.host.setTimeout(() => {
      this.active.delete(id);
      callback();
    }, ms);
    this.active.set(id, handle);
    return { id };
  }

  clear(ref: TimerRef | undefined): void {
    if (!ref) return;
    const handle = this.active.get(ref.id);
    if (handle === undefined) return;
    this.host.clearTimeout(handle);
    this.active.delete(ref.id);
  }

  clearAll(): void {
    for (const handle of this.active.values()) this.host.clearTimeout(handle);
    this.active.clear();
  }

  get size(): number {
    return this.active.size;
  }
}
