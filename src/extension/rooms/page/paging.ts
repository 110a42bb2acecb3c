import { elements } from './dom';
import { host } from './host';
import { olderThan, prepend } from './messageList';
import type { WireHistoryEnd, WireMessage } from '../roomProtocol';

/**
 * Older messages, and the page's one owner of asking for them: the button, scrolling near the top and
 * a reveal all ask here. One request is on its way at a time, and only the answer to that request is
 * taken (the host echoes the `before` it was asked); an answer to a request made before the list was
 * loaded anew is dropped. So a page is never added twice, out of order, or to a list it was not asked for.
 */
export type OlderOutcome = 'arrived' | 'failed';

const NEAR_TOP_PX = 200;
/** The oldest message id the request on its way asked before; undefined when none is on its way. */
let inFlight: string | undefined;

/** Asks for the page before the oldest shown: 'asked', 'busy' (one is on its way) or 'none' (no older one). */
export function loadOlder(): 'asked' | 'busy' | 'none' {
  const { before, hasMore } = olderThan();
  if (!hasMore || !before) return 'none';
  if (inFlight !== undefined) return 'busy';
  inFlight = before;
  elements.olderStatus.textContent = 'Loading older messages…';
  host.postMessage({ type: 'loadOlder', before });
  return 'asked';
}

/** Whether an answer is the one to the request on its way (which it then settles). */
function answers(before: string): boolean {
  if (inFlight !== before) {
    console.warn('room page: dropped an older page answering no request on its way');
    return false;
  }
  inFlight = undefined;
  return true;
}

/** The answer to a request: its page goes above the oldest row. Undefined when it answered no request on its way. */
export function olderArrived(before: string, messages: WireMessage[], more: boolean, end: WireHistoryEnd | undefined): OlderOutcome | undefined {
  if (!answers(before)) return undefined;
  elements.olderStatus.textContent = '';
  prepend(messages, more, end);
  return 'arrived';
}

export function olderFailed(before: string, error: string): OlderOutcome | undefined {
  if (!answers(before)) return undefined;
  elements.olderStatus.textContent = error;
  return 'failed';
}

/** The list was loaded anew: a request still on its way asked about a list no longer shown. */
export function forgetOlder(): void {
  inFlight = undefined;
  elements.olderStatus.textContent = '';
}

export function listenForPaging(): void {
  elements.older.addEventListener('click', () => loadOlder());
  elements.list.addEventListener('scroll', () => {
    if (elements.list.scrollTop < NEAR_TOP_PX) loadOlder();
  });
}
