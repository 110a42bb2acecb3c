/**
 * Server text (reason phrases, ms-diagnostics, start lines, whole SIP traces) is hostile: an ESC or
 * BEL sequence printed raw rewrites the user's terminal (title, screen, clipboard). Every C0/C1
 * control character except newline and tab is shown as a visible escape before it reaches a
 * terminal or a log channel.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROLS_AND_NEWLINES = /[\u0000-\u001f\u007f-\u009f]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\r') return '\\r';
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : c;
}

/** Multi-line text (SIP traces): CRLF line ends become newlines, every other control is escaped. */
export function escapeControls(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROLS, visible);
}

/** One line (a start line, a reason phrase): newlines are escaped too. */
export function escapeLine(text: string): string {
  return text.replace(CONTROLS_AND_NEWLINES, visible);
}

/** JSON.stringify leaves DEL and the C1 controls (e.g. U+009B, a one-byte CSI) raw: escape them. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
