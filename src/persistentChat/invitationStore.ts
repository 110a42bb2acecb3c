/**
 * What must survive a restart about invitations: the high-water mark sent in `cmd:getinv`
 * ("only invitations with an id greater than this"), kept at the highest id below which every
 * invitation was handled (accepted or dismissed) so pending ones come back after a restart,
 * the handled ids above it, and the ids already announced to the user (so a reconnect or a
 * restart lists a pending invitation again without announcing it again).
 */
export interface InvitationStore {
  readonly highWaterMark: number;
  isHandled(id: number): boolean;
  /** The largest handled id (or the high-water mark). */
  readonly maxHandled: number;
  markHandled(id: number): void;
  setHighWaterMark(id: number): void;
  /** Records that `id` was announced; true the first time only (at or below the mark counts as seen). */
  markSeen(id: number): boolean;
}

export interface InvitationStoreState {
  highWaterMark: number;
  handled: number[];
  /** Ids above the mark already announced (absent in state saved by older versions). */
  seen?: number[];
}

/** Bound on the remembered announced ids (ids at or below the mark need no entry). */
export const MAX_SEEN_IDS = 1000;

/** In-memory store with an optional save callback (the extension saves to globalState). */
export class MemoryInvitationStore implements InvitationStore {
  private hwm: number;
  private readonly handled: Set<number>;
  private readonly seen: Set<number>;

  constructor(state?: Partial<InvitationStoreState>, private readonly save?: (state: InvitationStoreState) => void) {
    this.hwm = finiteOr(state?.highWaterMark, 0);
    this.handled = new Set(ids(state?.handled));
    this.seen = new Set(ids(state?.seen).slice(-MAX_SEEN_IDS));
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
    for (const old of this.seen) if (old <= this.hwm) this.seen.delete(old);
    this.persist();
  }

  markHandled(id: number): void {
    if (this.isHandled(id)) return;
    this.handled.add(id);
    this.persist();
  }

  markSeen(id: number): boolean {
    if (id <= this.hwm || this.seen.has(id)) return false;
    this.seen.add(id);
    // Oldest first out (a Set iterates in insertion order).
    if (this.seen.size > MAX_SEEN_IDS) this.seen.delete(this.seen.values().next().value as number);
    this.persist();
    return true;
  }

  private persist(): void {
    this.save?.({ highWaterMark: this.hwm, handled: [...this.handled], seen: [...this.seen] });
  }
}

/** Stored state is read back from disk: keep only integers. */
function ids(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((v): v is number => Number.isSafeInteger(v)) : [];
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : fallback;
}
