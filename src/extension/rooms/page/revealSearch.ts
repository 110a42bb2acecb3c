/**
 * One request to show a message (a topic feed's match), as a declared state machine. It looks in the
 * rows shown; when the message is not there it asks paging.ts for the next older page and waits for it
 * (whoever asked for it: paging has one request on its way at a time), at most MAX_PAGES pages. It ends
 * shown, given up, or cancelled (a newer reveal, the list loaded anew, the user scrolling or typing);
 * once ended it ignores every later page, so a search can never outlive its list or race another.
 * DOM-free: the page gives it a RevealPort (reveal.ts).
 */
export type RevealState = 'Looking' | 'AwaitingPage' | 'Shown' | 'GaveUp' | 'Cancelled';

const EDGES: Readonly<Record<RevealState, readonly RevealState[]>> = {
  Looking: ['Shown', 'AwaitingPage', 'GaveUp'],
  AwaitingPage: ['Looking', 'GaveUp', 'Cancelled'],
  Shown: [],
  GaveUp: [],
  Cancelled: [],
};

/** Most older pages one reveal loads looking for its message. */
export const MAX_PAGES = 20;

export type GiveUpReason = 'notInPages' | 'notInHistory' | 'pageFailed';

export interface RevealPort {
  /** Highlights and scrolls to the message's row when it is shown; false when it is not. */
  show(id: string): boolean;
  /** Asks for the page before the oldest row: 'asked', 'busy' (one is on its way) or 'none' (no older one). */
  loadOlder(): 'asked' | 'busy' | 'none';
  /** The search ended without the message. */
  gaveUp(reason: GiveUpReason): void;
}

export class RevealSearch {
  private current: RevealState = 'Looking';
  private pagesLeft = MAX_PAGES;

  constructor(readonly id: string, private readonly port: RevealPort) {
    this.look();
  }

  get state(): RevealState {
    return this.current;
  }

  /** An older page was added to the list: the message may be in it. Ignored unless waiting for one. */
  pageArrived(): void {
    if (this.current !== 'AwaitingPage') return;
    this.pagesLeft--;
    this.move('Looking');
    this.look();
  }

  /** The older page on its way failed (paging shows why): the search ends. */
  pageFailed(): void {
    if (this.current !== 'AwaitingPage') return;
    this.end('pageFailed');
  }

  /** Stops a search still waiting for a page; an ended one stays as it is. */
  cancel(): void {
    if (this.current === 'AwaitingPage') this.move('Cancelled');
  }

  private look(): void {
    if (this.port.show(this.id)) return this.move('Shown');
    if (this.pagesLeft <= 0) return this.end('notInPages');
    if (this.port.loadOlder() === 'none') return this.end('notInHistory');
    this.move('AwaitingPage'); // asked now, or a page already on its way: its arrival continues the search
  }

  private end(reason: GiveUpReason): void {
    this.move('GaveUp');
    this.port.gaveUp(reason);
  }

  private move(next: RevealState): void {
    if (!EDGES[this.current].includes(next)) throw new Error(`Illegal reveal transition ${this.current} → ${next}`);
    this.current = next;
  }
}
