import { host } from './host';

/**
 * Message text as DOM: every piece a text node, http(s)/mailto links as anchors whose clicks the
 * extension opens (it checks the scheme again).
 */
const URL_PATTERN = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
const TRAILING = /[).,;:!?\]}'"]+$/;

export function renderText(text: string): DocumentFragment {
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
  a.textContent = url;
  a.title = `Open ${url}`;
  return a;
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
