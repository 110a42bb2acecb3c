/**
 * The presence documents a Lync 2013 front end sends for a batched category subscription
 * ([MS-PRES]; docs/protocol/presence.md): one `categories` document per person, with the
 * `contactCard` (display name, title) and the aggregated `state` (availability number), several
 * of them in a `multipart/related` body.
 */
import { randomBytes } from 'node:crypto';

export const CATEGORIES_TYPE = 'application/msrtc-event-categories+xml';

export interface PersonCard {
  uri: string;
  displayName?: string;
  title?: string;
  /** Lync availability number, e.g. 3500 (Available). */
  availability: number;
}

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The `categories` document for one person (`card` false: the state alone, as a change notifies it). */
export function categoriesDocument(person: PersonCard, card = true): string {
  const time = new Date().toISOString();
  const state = `<category name="state" instance="0" publishTime="${time}"><state xmlns="http://schemas.microsoft.com/2006/09/sip/state" `
    + `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" manual="false" xsi:type="aggregateState">`
    + `<availability>${person.availability}</availability></state></category>`;
  const contactCard = !card || !person.displayName ? '' : `<category name="contactCard" instance="0" publishTime="${time}">`
    + `<contactCard xmlns="http://schemas.microsoft.com/2006/09/sip/contactcard"><identity><name><displayName>${esc(person.displayName)}</displayName></name></identity>`
    + (person.title ? `<title>${esc(person.title)}</title>` : '') + '</contactCard></category>';
  return `<categories xmlns="http://schemas.microsoft.com/2006/09/sip/categories" uri="${esc(person.uri)}">${contactCard}${state}</categories>`;
}

/** One document as it is; several as `multipart/related` parts. */
export function presenceBody(documents: string[]): { contentType: string; body: string } {
  if (documents.length === 1) return { contentType: CATEGORIES_TYPE, body: documents[0] };
  const boundary = randomBytes(8).toString('hex');
  const parts = documents.map((d) => `--${boundary}\r\nContent-Type: ${CATEGORIES_TYPE}\r\n\r\n${d}\r\n`).join('');
  return { contentType: `multipart/related; type="${CATEGORIES_TYPE}"; boundary=${boundary}`, body: `${parts}--${boundary}--\r\n` };
}
