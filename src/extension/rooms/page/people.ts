/**
 * The names and presence the extension sent (contact cards and presence states from the pool),
 * and how a person is shown: the name isolated in a <bdi> (a right-to-left name cannot reorder
 * what is around it), its direction controls written out, the SIP address in the tooltip, and a
 * presence dot whose label says the state (dots are never the only carrier of it).
 */
import { showBidiControls } from '../bidi';
import type { WirePerson } from '../roomProtocol';

const people = new Map<string, WirePerson>();
const listeners: (() => void)[] = [];

function key(uri: string): string {
  return uri.toLowerCase();
}

export function personFor(uri: string): WirePerson | undefined {
  return people.get(key(uri));
}

/** Called after people change (the participant list re-renders). */
export function onPeopleChanged(listener: () => void): void {
  listeners.push(listener);
}

/** Merges what the extension sent and updates every author already shown. */
export function rememberPeople(list: readonly WirePerson[]): void {
  for (const p of list) people.set(key(p.uri), p);
  for (const el of document.querySelectorAll<HTMLElement>('.person[data-uri]')) {
    const p = personFor(el.dataset.uri ?? '');
    if (p) fillPerson(el, p.uri, p.name);
  }
  for (const listener of listeners) listener();
}

/** A person's name (with dot), as an element of its own that later presence updates refresh. */
export function personElement(uri: string, fallbackName: string, className: string): HTMLElement {
  const el = document.createElement('span');
  el.className = `person ${className}`;
  el.dataset.uri = uri;
  fillPerson(el, uri, fallbackName);
  return el;
}

function fillPerson(el: HTMLElement, uri: string, fallbackName: string): void {
  const p = personFor(uri);
  const name = document.createElement('bdi');
  name.className = 'name';
  name.textContent = showBidiControls(p?.name || fallbackName);
  const address = showBidiControls(uri.replace(/^sips?:/i, ''));
  el.title = p?.title ? `${address}\n${showBidiControls(p.title)}` : address;
  el.replaceChildren(...(p && p.availability !== 'unknown' ? [presenceDot(p)] : []), name);
}

/** The coloured dot; its label (the state in words) is what assistive technology reads. */
export function presenceDot(p: WirePerson): HTMLElement {
  const dot = document.createElement('span');
  dot.className = `presence presence-${p.availability}`;
  dot.setAttribute('role', 'img');
  dot.setAttribute('aria-label', p.status);
  dot.title = p.status;
  return dot;
}
