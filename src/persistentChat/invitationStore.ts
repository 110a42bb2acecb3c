/**
 * What must survive a restart about invitations: the high-water mark sent in `cmd:getinv`
 * ("only invitations with an id greater than this"), kept at the highest id below which every
 * invitation was dealt with (accepted or dismissed) so pending ones come back after a restart,
 * and the dismissed ids above it.
 */
export interface InvitationStore {
  readonly highWaterMark: number;
  isDismissed(id: number): boolean;
  setHighWaterMark(id: number): void;
  dismiss(id: number): void;
}

export interface InvitationStoreState {
  highWaterMark: number;
  dismissed: number[];
}

/** In-memory store with an optional save callback (the extension saves to globalState). */
export class MemoryInvitationStore implements InvitationStore {
  private hwm: number;
  private readonly dismissed: Set<number>;

  constructor(state?: Partial<InvitationStoreState>, private readonly save?: (state: InvitationStoreState) => void) {
    this.hwm = state?.highWaterMark ?? 0;
    this.dismissed = new Set(state?.dismissed ?? []);
  }

  get highWaterMark(): number {
    return this.hwm;
  }

  isDismissed(id: number): boolean {
    return this.dismissed.has(id);
  }

  setHighWaterMark(id: number): void {
    if (id <= this.hwm) return;
    this.hwm = id;
    // Only ids above the mark can come back; older ones need not be remembered.
    for (const old of this.dismissed) if (old <= this.hwm) this.dismissed.delete(old);
    this.persist();
  }

  dismiss(id: number): void {
    if (this.dismissed.has(id)) return;
    this.dismissed.add(id);
    this.persist();
  }

  private persist(): void {
    this.save?.({ highWaterMark: this.hwm, dismissed: [...this.dismissed] });
  }
}
