import { escapeAttr, parseXml, XmlElement } from '../../common/xml';
import { availabilityOf, Availability } from './availability';

/** What a presence notification says about one person (only what it carried). */
export interface PresenceUpdate {
  /** `sip:bob@contoso.com`, lower case. */
  uri: string;
  displayName?: string;
  title?: string;
  availability?: Availability;
}

export const CATEGORIES_TYPE = 'application/msrtc-event-categories+xml';
export const BATCH_SUBSCRIBE_TYPE = 'application/msrtc-adrl-categorylist+xml';
/** The categories the room editor shows: the contact card (name, title) and the aggregated state. */
export const SUBSCRIBED_CATEGORIES = ['contactCard', 'state'] as const;

const MAX_BODY_BYTES = 512 * 1024;
const MAX_PARTS = 200;
const MAX_URI = 256;
const MAX_NAME = 256;
const MAX_TITLE = 128;

/** The `batchSub` body of a batched category SUBSCRIBE for `resources` ([MS-PRES]). */
export function batchSubscribeBody(ownerUri: string, resources: readonly string[]): string {
  const list = resources.map((r) => `<resource uri="${escapeAttr(r)}"/>`).join('');
  const categories = SUBSCRIBED_CATEGORIES.map((c) => `<category name="${c}"/>`).join('');
  return `<batchSub xmlns="http://schemas.microsoft.com/2006/01/sip/batch-subscribe" uri="${escapeAttr(ownerUri)}" name="">`
    + `<action name="subscribe" id="1"><adhocList>${list}</adhocList>`
    + `<categoryList xmlns="http://schemas.microsoft.com/2006/09/sip/categorylist">${categories}</categoryList>`
    + '</action></batchSub>';
}

/**
 * The people in a presence notification body: one `categories` document, or a `multipart/related`
 * of them (a batched subscription's answer; other parts such as `rlmi+xml` are skipped). Hostile
 * input: sizes and counts are bounded, and a document that does not parse is skipped.
 */
export function parsePresenceBody(contentType: string, body: string): PresenceUpdate[] {
  if (!body || Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) return [];
  const type = contentType.toLowerCase();
  if (type.startsWith('multipart/')) return parseMultipart(contentType, body);
  if (!type.startsWith(CATEGORIES_TYPE)) return [];
  const update = parseCategories(body);
  return update ? [update] : [];
}

function parseMultipart(contentType: string, body: string): PresenceUpdate[] {
  const boundary = /boundary="?([^";\s]{1,70})"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const updates: PresenceUpdate[] = [];
  for (const part of body.split(`--${boundary}`).slice(1, MAX_PARTS + 1)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const head = part.slice(0, split);
    if (!new RegExp(`^content-type:\\s*${CATEGORIES_TYPE.replace(/[+.]/g, '\\$&')}`, 'im').test(head)) continue;
    const update = parseCategories(part.slice(split).trim());
    if (update) updates.push(update);
  }
  return updates;
}

function parseCategories(xml: string): PresenceUpdate | undefined {
  let root: XmlElement;
  try {
    root = parseXml(xml, { maxBytes: MAX_BODY_BYTES, maxDepth: 16, maxElements: 5000 });
  } catch {
    return undefined;
  }
  const uri = (root.attrs.uri ?? '').trim().toLowerCase();
  if (root.name !== 'categories' || !/^sips?:[^\s<>"]+$/.test(uri) || uri.length > MAX_URI) return undefined;
  const update: PresenceUpdate = { uri };
  for (const category of root.children.filter((c) => c.name === 'category')) {
    if (category.attrs.name === 'contactCard') readContactCard(category, update);
    else if (category.attrs.name === 'state') readState(category, update);
  }
  return update;
}

function readContactCard(category: XmlElement, update: PresenceUpdate): void {
  const card = child(category, 'contactCard');
  const name = bounded(child(child(child(card, 'identity'), 'name'), 'displayName')?.text, MAX_NAME);
  if (name && !update.displayName) update.displayName = name;
  const title = bounded(child(card, 'title')?.text, MAX_TITLE);
  if (title && !update.title) update.title = title;
}

/** Several `state` instances may come (user, machine, aggregate): the aggregate one wins. */
function readState(category: XmlElement, update: PresenceUpdate): void {
  const state = child(category, 'state');
  const text = child(state, 'availability')?.text.trim() ?? '';
  const availability = /^\d{1,6}$/.test(text) ? availabilityOf(Number(text)) : undefined;
  if (!availability) return;
  const aggregate = /aggregateState$/i.test(state?.attrs.type ?? ''); // xsi:type, prefix dropped by the parser
  if (aggregate || !update.availability) update.availability = availability;
}

function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Trimmed, whitespace runs collapsed, cut to `max` characters (never inside a surrogate pair). */
function bounded(text: string | undefined, max: number): string | undefined {
  const clean = text?.replace(/\s+/g, ' ').trim();
  if (!clean) return undefined;
  return [...clean].slice(0, max).join('');
}
