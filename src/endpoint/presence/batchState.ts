/** A presence batch's life: subscribing, active (refreshing in place), ended. One table, checked. */
export type BatchState = 'Subscribing' | 'Active' | 'Refreshing' | 'Ended';

const EDGES: Readonly<Record<BatchState, readonly BatchState[]>> = {
  Subscribing: ['Active', 'Ended'],
  Active: ['Refreshing', 'Ended'],
  Refreshing: ['Active', 'Ended'],
  Ended: [],
};

export class BatchStateMachine {
  private current: BatchState = 'Subscribing';

  get state(): BatchState {
    return this.current;
  }

  /** Moves to `next`; throws on an edge the table does not list. */
  transition(next: BatchState): void {
    if (!EDGES[this.current].includes(next)) throw new Error(`Illegal presence batch transition ${this.current} → ${next}`);
    this.current = next;
  }

  /** Ends unless already ended; true when it did. */
  end(): boolean {
    if (this.current === 'Ended') return false;
    this.current = 'Ended';
    return true;
  }
}
