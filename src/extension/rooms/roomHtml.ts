import { randomBytes } from 'crypto';
import type * as vscode from 'vscode';
import { MAX_HISTORY_FETCH } from '../../persistentChat/rooms/roomEntry';

/** Where the page's files are: media/room (stylesheet, icons) and the bundled page script (dist/roomWebview.js). */
export interface RoomResources {
  media: vscode.Uri;
  script: vscode.Uri;
}

/** The folders the page may load from: media/room and the folder of the bundled page script. */
export function roomResourceRoots(resources: RoomResources): vscode.Uri[] {
  return [resources.media, resources.script.with({ path: resources.script.path.replace(/\/[^/]*$/, '') })];
}

/** The room editor's page: a strict CSP (nothing but our script, by nonce, and our stylesheet), no inline handlers. */
export function roomHtml(webview: vscode.Webview, resources: RoomResources, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(resources.script);
  const style = webview.asWebviewUri(joinUri(resources.media, 'room.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<header class="room-header" aria-label="Room">
  <h1 id="name">${escapeHtml(title)}</h1>
  <button class="meta" id="participants" aria-expanded="false" aria-controls="participant-list" hidden></button>
  <span class="state" id="state" role="status" hidden></span>
  <div class="topic" id="topic" hidden></div>
  <div class="participant-list" id="participant-list" role="region" aria-label="Participants" tabindex="-1" hidden></div>
</header>
<main id="messages" role="log" aria-live="polite" aria-relevant="additions" aria-label="Messages" tabindex="0">
  <div class="older-row"><button id="older" class="secondary" hidden>Load older messages</button><span id="older-status" role="status"></span></div>
  <div class="start" id="start" hidden>This is the start of the room's history.</div>
  <div class="start" id="history-limit" hidden>Older messages are not available here: the server returns the last ${MAX_HISTORY_FETCH.toLocaleString('en-US')}.</div>
  <div class="loading" id="loading" role="status">Loading messages…</div>
  <div class="empty" id="empty" hidden>No messages yet.</div>
</main>
<footer>
  <p class="reason" id="compose-reason" role="status" hidden></p>
  <div class="post-error" id="post-error" role="alert" hidden><span id="post-error-text"></span><button id="retry">Retry</button></div>
  <div class="compose-row">
    <textarea id="compose" rows="2" aria-label="Message" aria-describedby="compose-hint" disabled></textarea>
    <button id="send" disabled>Send</button>
  </div>
  <div class="hint"><span id="compose-hint">Enter to send, Shift+Enter for a new line</span><span id="compose-counter"></span></div>
</footer>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function joinUri(base: vscode.Uri, name: string): vscode.Uri {
  return base.with({ path: `${base.path.replace(/\/$/, '')}/${name}` });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
