import { elements } from './dom';
import { host } from './host';
import { olderThan, prepend } from './messageList';
import type { WireHistoryEnd, WireMessage } from '../roomProtocol';

/** Older messages: asked for by the button or by scrolling near the top, one page at a time. */
let loadingOlder = false;
const NEAR_TOP_PX = 200;

/** Asks for the page before the oldest shown: 'asked', 'busy' (one is on its way) or 'none' (no older one). */
export function loadOlder(): 'asked' | 'busy' | 'none' {
  const { before, hasMore } = olderThan();
  if (!hasMore || !before) return 'none';
  if (loadingOlder) return 'busy';
  loadingOlder = true;
  elements.olderStatus.textContent = 'Loading older messages…';
  host.postMessage({ type: 'loadOlder', before });
  return 'asked';
}

export function olderArrived(messages: WireMessage[], more: boolean, end: WireHistoryEnd | undefined): void {
  loadingOlder = false;
  elements.olderStatus.textContent = '';
  prepend(messages, more, end);
}

export function olderFailed(error: string): void {
  loadingOlder = false;
  elements.olderStatus.textContent = error;
}

export function listenForPaging(): void {
  elements.older.addEventListener('click', () => loadOlder());
  elements.list.addEventListener('scroll', () => {
    if (elements.list.scrollTop < NEAR_TOP_PX) loadOlder();
  });
}
