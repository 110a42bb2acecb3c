import { elements } from './dom';
import { host } from './host';
import { olderThan, prepend } from './messageList';
import type { WireHistoryEnd, WireMessage } from '../roomProtocol';

/** Older messages: asked for by the button or by scrolling near the top, one page at a time. */
let loadingOlder = false;
const NEAR_TOP_PX = 200;

function loadOlder(): void {
  const { before, hasMore } = olderThan();
  if (!hasMore || loadingOlder || !before) return;
  loadingOlder = true;
  elements.olderStatus.textContent = 'Loading older messages…';
  host.postMessage({ type: 'loadOlder', before });
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
  elements.older.addEventListener('click', loadOlder);
  elements.list.addEventListener('scroll', () => {
    if (elements.list.scrollTop < NEAR_TOP_PX) loadOlder();
  });
}
