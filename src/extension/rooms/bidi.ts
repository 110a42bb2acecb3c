/**
 * Unicode direction controls in server text. Neither the room page nor the extension applies them:
 * an override (U+202E) would show a link's text reversed, so what it reads differs from where it goes.
 * No `vscode` and no DOM here: the page (page/links.ts) and the host (roomPanel.ts) both use it.
 */

/** The Unicode direction controls: embeddings, overrides, isolates and marks. */
export const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** Text cut at its direction controls: the pieces in order, each control a piece of its own. */
export function splitBidiControls(text: string): { text: string; control: boolean }[] {
  const pieces: { text: string; control: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(new RegExp(BIDI_CONTROL.source, 'g'))) {
    const at = match.index ?? 0;
    if (at > last) pieces.push({ text: text.slice(last, at), control: false });
    pieces.push({ text: match[0], control: true });
    last = at + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), control: false });
  return pieces;
}

/** Text with each direction control written out as its code point ("U+202E"), for labels and titles. */
export function showBidiControls(text: string): string {
  return splitBidiControls(text).map((p) => (p.control ? controlName(p.text) : p.text)).join('');
}

export function controlName(control: string): string {
  return `U+${(control.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
