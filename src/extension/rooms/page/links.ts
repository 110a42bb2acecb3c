import { BIDI_CONTROL, controlName, splitBidiControls } from '../bidi';
import { host } from './host';

/**
 * Message text as DOM: every piece a text node, http(s)/mailto links as anchors whose clicks the
 * extension opens (it checks the scheme again). Direction controls (U+202A-202E, U+2066-2069,
 * U+200E/F, U+061C) are never applied: each is shown as a visible mark ("U+202E") and ends a link,
 * so a link's text always reads as the target it opens (the CLI replaces them the same way).
 */
const URL_PATTERN = new RegExp(`\\b(?:https?:\\/\\/|mailto:)[^\\s<>"'\`${BIDI_CONTROL.source.slice(1, -1)}]+`, 'gi');
const TRAILING = /[).,;:!?\]}'"]+$/;

export function renderText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const piece of splitBidiControls(text)) fragment.append(piece.control ? controlMark(piece.text) : withLinks(piece.text));
  return fragment;
}

function withLinks(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trailing = TRAILING.exec(url);
    if (trailing) url = url.slice(0, url.length - trailing[0].length);
    const start = match.index ?? 0;
    if (start > last) fragment.append(document.createTextNode(text.slice(last, start)));
    fragment.append(anchor(url));
    last = start + url.length;
  }
  if (last < text.length) fragment.append(document.createTextNode(text.slice(last)));
  return fragment;
}

function anchor(url: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = url;
  a.className = 'link';
  // Laid out left to right on its own: neighbouring right-to-left text cannot reorder it.
  a.dir = 'ltr';
  a.textContent = url;
  a.title = `Open ${url}`;
  return a;
}

function controlMark(control: string): HTMLElement {
  const code = controlName(control);
  const mark = document.createElement('span');
  mark.className = 'bidi-control';
  mark.textContent = code;
  mark.title = `A text-direction control (${code}), shown instead of applied`;
  return mark;
}

/** A click on a link asks the extension to open it (the page never navigates). */
export function listenForLinks(list: HTMLElement): void {
  list.addEventListener('click', (e) => {
    const target = e.target;
    const a = target instanceof Element ? target.closest('a.link') : null;
    if (!a) return;
    e.preventDefault();
    const url = a.getAttribute('href');
    if (url) host.postMessage({ type: 'openLink', url });
  });
}
