import { elements } from './dom';
import { loadOlder } from './paging';

/**
 * Showing one message (a topic feed's match): scrolled into the middle of the list and highlighted
 * until the user next clicks or types in the page. A message older than the rows shown is looked
 * for page by page, at most MAX_PAGES older pages; the search stops when the history ends there.
 */
const MAX_PAGES = 20;
let target: string | undefined;
let pagesLeft = 0;

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

export function revealMessage(id: string): void {
  target = id;
  pagesLeft = MAX_PAGES;
  continueReveal();
}

/** After the list changed (an older page arrived): shows the message if it is there, else asks for the next older page. */
export function continueReveal(): void {
  if (target === undefined) return;
  const row = shownRow(target);
  if (row) {
    target = undefined;
    clearHighlight();
    row.classList.add('revealed');
    row.setAttribute('aria-current', 'true');
    row.scrollIntoView({ block: 'center' });
    return;
  }
  if (pagesLeft <= 0) return stopReveal('That message is not in the last pages of the history.');
  const asked = loadOlder();
  if (asked === 'asked') pagesLeft--;
  else if (asked === 'none') stopReveal('That message is no longer in the history the server gives.');
  // 'busy': the page on its way continues the search when it arrives.
}

/** Gives up looking (an older page failed, or the search ended), saying why when there is a reason. */
export function stopReveal(reason?: string): void {
  if (target === undefined) return;
  target = undefined;
  if (reason) elements.olderStatus.textContent = reason;
}

export function listenForReveal(): void {
  const clear = (): void => clearHighlight();
  window.addEventListener('pointerdown', clear);
  window.addEventListener('keydown', clear);
}
