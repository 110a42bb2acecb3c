import { showBidiControls } from '../bidi';
import type { WireMessage } from '../roomProtocol';
import { dayKey, dayLabel, timeLabel } from './dates';
import { renderText } from './links';
import { personElement } from './people';

/** Who wrote the row before, and when: rows of one author within GROUP_MS of each other are grouped. */
export interface RowRef { id: string; authorUri: string; time: number }

const GROUP_MS = 5 * 60 * 1000;
/** Markers shown per message (one per kind of part: there are four). */
const MAX_MARKERS = 4;

export function toRef(m: WireMessage): RowRef {
  return { id: m.id, authorUri: m.authorUri, time: m.time };
}

/** The day separator above the first message of a day. */
export function separator(ms: number): HTMLElement {
  const el = document.createElement('div');
  el.className = 'day';
  el.setAttribute('role', 'separator');
  el.dataset.day = dayKey(ms);
  const label = document.createElement('span');
  label.textContent = dayLabel(ms);
  el.append(label);
  return el;
}

/** The "New messages" divider above the first unread message. */
export function unreadDivider(): HTMLElement {
  const divider = document.createElement('div');
  divider.className = 'unread';
  divider.id = 'unread-divider';
  divider.setAttribute('role', 'separator');
  divider.textContent = 'New messages';
  return divider;
}

/** One message: author, time, a tag for mentions and alerts, the text (text nodes and links). */
export function row(m: WireMessage, previous: RowRef | undefined): HTMLElement {
  const el = document.createElement('article');
  el.className = 'msg';
  el.dataset.id = m.id;
  el.classList.toggle('mention', m.mention);
  el.classList.toggle('alert', m.alert);
  el.classList.toggle('own', m.own);
  const continued = previous && previous.authorUri === m.authorUri && m.time - previous.time < GROUP_MS && dayKey(previous.time) === dayKey(m.time);
  if (continued) el.classList.add('continued');
  const time = timeElement(m.time);
  const body = document.createElement('div');
  body.className = 'text';
  body.append(renderText(m.text));
  el.append(rowHeader(m, time), body);
  if (m.unrendered?.length) el.append(notShown(m.unrendered));
  const what = m.alert ? 'Alert from' : m.mention ? 'Mention from' : 'From';
  const parts = m.unrendered?.length ? ` ${m.unrendered.slice(0, MAX_MARKERS).join(' ')}` : '';
  el.setAttribute('aria-label', showBidiControls(`${what} ${m.author} at ${time.textContent}: ${m.text.slice(0, 500)}${parts}`));
  return el;
}

function rowHeader(m: WireMessage, time: HTMLElement): HTMLElement {
  const header = document.createElement('header');
  // The display name (the pool's contact card) with a presence dot, the SIP address in the tooltip.
  header.append(personElement(m.authorUri, m.author, 'author'), time);
  const tagText = m.alert ? 'Alert' : m.mention ? 'Mentions you' : undefined;
  if (tagText) {
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = tagText;
    header.append(tag);
  }
  return header;
}

/** The markers of the parts of a message this client does not render (rich text, a file, a story…), below its text. */
function notShown(labels: string[]): HTMLElement {
  const line = document.createElement('div');
  line.className = 'not-shown';
  for (const label of labels.slice(0, MAX_MARKERS)) {
    const marker = document.createElement('span');
    marker.textContent = label;
    line.append(marker);
  }
  return line;
}

function timeElement(ms: number): HTMLTimeElement {
  const time = document.createElement('time');
  time.dateTime = new Date(ms).toISOString();
  time.title = new Date(ms).toLocaleString();
  time.textContent = timeLabel(ms);
  return time;
}
