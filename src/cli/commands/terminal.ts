/**
 * Server text on a terminal: C0/C1 control characters (escape sequences could move the cursor,
 * retitle the window or hide text) and bidirectional overrides become visible placeholders.
 * Line breaks and tabs are kept where `multiline` allows them.
 */
export function terminalSafe(text: string, multiline = false): string {
  const controls = multiline ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g;
  return text
    .replace(/\r\n|\r/g, '\n')
    .replace(controls, (c) => (c === '\n' ? ' ' : c === '\t' ? ' ' : '\uFFFD'))
    .replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, '\uFFFD');
}
