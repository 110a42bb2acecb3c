import { elements } from './dom';
import { loadOlder, type OlderOutcome } from './paging';
import { type GiveUpReason, MAX_PAGES, RevealSearch } from './revealSearch';

/**
 * Showing one message (a topic feed's match): scrolled into the middle of the list and highlighted
 * until the user next clicks or types in the page. A message older than the rows shown is looked for
 * page by page (revealSearch.ts); at most one search runs, and the user taking over the list (wheel,
 * pointer, key) or the list being loaded anew cancels it.
 */
let search: RevealSearch | undefined;

const GAVE_UP: Record<GiveUpReason, string> = {
  notInPages: `That message is not in the last ${MAX_PAGES} pages of the history.`,
  notInHistory: 'That message is no longer in the history the server gives.',
  pageFailed: '', // the failed page's error is shown already
};

function shownRow(id: string): HTMLElement | undefined {
  for (const el of elements.list.querySelectorAll<HTMLElement>('.msg')) if (el.dataset.id === id) return el;
  return undefined;
}

function clearHighlight(): void {
  for (const el of elements.list.querySelectorAll('.msg.revealed')) {
    el.classList.remove('revealed');
    el.removeAttribute('aria-current');
  }
}

function show(id: string): boolean {
  const row = shownRow(id);
  if (!row) return false;
  clearHighlight();
  row.classList.add('revealed');
  row.setAttribute('aria-current', 'true');
  row.scrollIntoView({ block: 'center' });
  return true;
}

function gaveUp(reason: GiveUpReason): void {
  if (GAVE_UP[reason]) elements.olderStatus.textContent = GAVE_UP[reason];
}

export function revealMessage(id: string): void {
  search?.cancel();
  search = new RevealSearch(id, { show, loadOlder, gaveUp });
}

/** An older page asked for by anyone settled: a search waiting for it goes on or ends. */
export function revealAfterOlder(outcome: OlderOutcome): void {
  if (outcome === 'arrived') search?.pageArrived();
  else search?.pageFailed();
}

/** The search (if any) stops: the list it was looking through was loaded anew, or the user took over. */
export function cancelReveal(): void {
  search?.cancel();
  search = undefined;
}

export function listenForReveal(): void {
  const userTookOver = (): void => {
    cancelReveal();
    clearHighlight();
  };
  window.addEventListener('pointerdown', userTookOver);
  window.addEventListener('keydown', userTookOver);
  // Scrolling by hand stops a search (its pages would pull the list away) but keeps a shown highlight.
  elements.list.addEventListener('wheel', cancelReveal, { passive: true });
}
