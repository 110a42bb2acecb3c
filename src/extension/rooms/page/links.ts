import { BIDI_CONTROL, controlName, splitBidiControls } from '../bidi';
import { isLineNumber, isRoomLink, isWorkspacePath } from '../roomProtocol';
import { host } from './host';

/**
 * Message text as DOM: every piece a text node, http(s)/mailto links as anchors whose clicks the
 * extension opens (it checks the scheme again), `ma-chan://` room links as anchors that open the
 * room, and the "path, lines N-M:" header Share Selection to Room writes (shareToRoom.ts) as an
 * anchor that opens the file at that line. Direction controls (U+202A-202E, U+2066-2069,
 * U+200E/F, U+061C) are never applied: each is shown as a visible mark ("U+202E") and ends a link,
 * so a link's text always reads as the target it opens (the CLI replaces them the same way).
 */
const URL_PATTERN = new RegExp(`\\b(?:https?:\\/\\/|mailto:|ma-chan:\\/\\/)[^\\s<>"'\`${BIDI_CONTROL.source.slice(1, -1)}]+`, 'gi');
const TRAILING = /[).,;:!?\]}'"]+$/;
/** Exactly the first line shareToRoom.ts posts: "<path>, line N:" or "<path>, lines N-M:", then the code. */
const SHARE_HEADER = /^([^\n]+?), (?:line (\d{1,8})|lines (\d{1,8})-\d{1,8}):(?=\n|$)/;

export function renderText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const shared = sharedHeader(text);
  if (shared) fragment.append(fileAnchor(shared.where, shared.path, shared.line));
  for (const piece of splitBidiControls(shared ? text.slice(shared.where.length) : text)) fragment.append(piece.control ? controlMark(piece.text) : withLinks(piece.text));
  return fragment;
}

/** The shared selection's header (its text without the colon), when its path is one a workspace can hold. */
function sharedHeader(text: string): { where: string; path: string; line: number } | undefined {
  const match = SHARE_HEADER.exec(text);
  if (!match) return undefined;
  const line = Number(match[2] ?? match[3]);
  if (BIDI_CONTROL.test(match[0]) || !isWorkspacePath(match[1]) || !isLineNumber(line)) return undefined;
  return { where: match[0].slice(0, -1), path: match[1], line };
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
    // A ma-chan: text that is not a well-formed room link stays text.
    fragment.append(/^ma-chan:/i.test(url) && !isRoomLink(url) ? document.createTextNode(url) : anchor(url));
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
  if (/^ma-chan:/i.test(url)) a.classList.add('room-link');
  return a;
}

/** The shared selection's header as a link to the file and line it names (the host checks both again). */
function fileAnchor(where: string, path: string, line: number): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = '#';
  a.className = 'link file-link';
  a.dir = 'ltr';
  a.dataset.path = path;
  a.dataset.line = String(line);
  a.textContent = where;
  a.title = `Open ${path} at line ${line}`;
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
    const path = a.getAttribute('data-path');
    if (path) host.postMessage({ type: 'openFile', path, line: Number(a.getAttribute('data-line')) });
    else if (url && a.classList.contains('room-link')) host.postMessage({ type: 'openRoom', uri: url });
    else if (url) host.postMessage({ type: 'openLink', url });
  });
}
