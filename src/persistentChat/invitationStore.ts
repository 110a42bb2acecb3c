/**
 * What must survive a restart about invitations: the high-water mark sent in `cmd:getinv`
 * ("only invitations with an id greater than this"), kept at the highest id below which every
 * invitation was handled (accepted or dismissed) so pending ones come back after a restart,
 * and the handled ids above it.
 */
export interface InvitationStore {
  readonly highWaterMark: number;
  isHandled(id: number): boolean;
  /** The largest handled id (or the high-water mark). */
  readonly maxHandled: number;
  markHandled(id: number): void;
  setHighWaterMark(id: number): void;
}

export interface InvitationStoreState {
  highWaterMark: number;
  handled: number[];
}

/** In-memory store with an optional save callback (the extension saves to globalState). */
export class MemoryInvitationStore implements InvitationStore {
  private hwm: number;
  private readonly handled: Set<number>;

  constructor(state?: Partial<InvitationStoreState>, private readonly save?: (state: InvitationStoreState) => void) {
    this.hwm = state?.highWaterMark ?? 0;
    this.handled = new Set(state?.handled ?? []);
  }

  get highWaterMark(): number {
    return this.hwm;
  }

  isHandled(id: number): boolean {
    return id <= this.hwm || this.handled.has(id);
  }

  get maxHandled(): number {
    return Math.max(this.hwm, ...this.handled);
  }

  setHighWaterMark(id: number): void {
    if (id <= this.hwm) return;
    this.hwm = id;
    // Only ids above the mark can come back; older ones need not be remembered.
    for (const old of this.handled) if (old <= this.hwm) this.handled.delete(old);
    this.persist();
  }

  markHandled(id: number): void {
    if (this.isHandled(id)) return;
    this.handled.add(id);
    this.persist();
  }

  private persist(): void {
    this.save?.({ highWaterMark: this.hwm, handled: [...this.handled] });
  }
}
