import type { WireHistoryEnd, WireMessage } from '../roomProtocol';
import { dayKey } from './dates';
import { elements } from './dom';
import { row, type RowRef, separator, toRef, unreadDivider } from './rows';

/** The message list: which messages it shows (each once), its first and last, and whether older ones exist. */
const ids = new Set<string>();
let newest: RowRef | undefined;
let oldest: RowRef | undefined;
let hasMore = false;

const NEAR_BOTTOM_PX = 80;

/** The oldest message shown, and whether the server has older ones. */
export function olderThan(): { before: string | undefined; hasMore: boolean } {
  return { before: oldest?.id, hasMore };
}

/** Rows for messages (oldest first), skipping ones already shown. */
function build(messages: WireMessage[], previous: RowRef | undefined, unreadFrom: string | undefined): { fragment: DocumentFragment; last: RowRef | undefined } {
  const fragment = document.createDocumentFragment();
  let prev = previous;
  for (const m of messages) {
    if (ids.has(m.id)) continue;
    ids.add(m.id);
    if (!prev || dayKey(prev.time) !== dayKey(m.time)) fragment.append(separator(m.time));
    if (unreadFrom !== undefined && m.id === unreadFrom) {
      fragment.append(unreadDivider());
      prev = undefined;
    }
    fragment.append(row(m, prev));
    prev = toRef(m);
  }
  return { fragment, last: prev };
}

function nearBottom(): boolean {
  const list = elements.list;
  return list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_BOTTOM_PX;
}

export function scrollToBottom(): void {
  elements.list.scrollTop = elements.list.scrollHeight;
}

function setEmpty(): void {
  elements.empty.hidden = ids.size > 0;
}

/** The load button while older messages exist; else where the history ends, as the host said (never guessed). */
function setMore(more: boolean, end: WireHistoryEnd | undefined): void {
  hasMore = more;
  elements.older.hidden = !more;
  elements.start.hidden = more || ids.size === 0 || end !== 'start';
  elements.historyLimit.hidden = more || ids.size === 0 || end !== 'serverLimit';
}

/** The first row of the list (a day separator, the unread divider or a message), before which older pages go. */
function firstRow(): Element | null {
  return elements.list.querySelector('.msg, .day, .unread');
}

/** The whole list anew (a load), scrolled to the unread divider or else to the newest message. */
export function reset(messages: WireMessage[], more: boolean, end: WireHistoryEnd | undefined, unreadFrom: string | undefined): void {
  for (const el of elements.list.querySelectorAll('.msg, .day, .unread')) el.remove();
  ids.clear();
  const { fragment, last } = build(messages, undefined, unreadFrom);
  elements.list.append(fragment);
  newest = last;
  oldest = messages.length ? toRef(messages[0]) : undefined;
  setMore(more, end);
  setEmpty();
  const divider = document.getElementById('unread-divider');
  if (divider) divider.scrollIntoView({ block: 'center' });
  else scrollToBottom();
}

/** New messages at the bottom; the list follows them when it was at the bottom. */
export function append(messages: WireMessage[]): void {
  const stick = nearBottom();
  const { fragment, last } = build(messages, newest, undefined);
  if (last) newest = last;
  if (!oldest && messages.length) oldest = toRef(messages[0]);
  elements.list.append(fragment);
  setEmpty();
  if (stick) scrollToBottom();
}

/** An older page above the oldest row shown (never inside the load row), keeping the rows the user is reading where they are. */
export function prepend(messages: WireMessage[], more: boolean, end: WireHistoryEnd | undefined): void {
  const fresh = messages.filter((m) => !ids.has(m.id));
  if (fresh.length) {
    const list = elements.list;
    // The first row of the old top loses its day separator if the new page ends on the same day.
    const top = firstRow();
    const { fragment } = build(fresh, undefined, undefined);
    const before = list.scrollHeight;
    if (top instanceof HTMLElement && top.classList.contains('day') && top.dataset.day === dayKey(fresh[fresh.length - 1].time)) top.remove();
    const next = firstRow();
    if (next) next.before(fragment);
    else list.append(fragment);
    oldest = toRef(fresh[0]);
    list.scrollTop += list.scrollHeight - before;
  }
  setMore(more, end);
  setEmpty();
}
