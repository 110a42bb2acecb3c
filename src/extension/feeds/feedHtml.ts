import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { FeedHit } from '../../persistentChat/feeds/feedInbox';
import { highlightPieces } from '../../persistentChat/feeds/feedMatcher';
import type { TopicFeed } from '../../persistentChat/feeds/types';
import { showBidiControls } from '../rooms/bidi';
import { escapeHtml } from '../rooms/roomHtml';
import { RoomCommands } from '../rooms/roomIds';
import { unrenderedLabel } from '../rooms/unrenderedLabels';

/** A message's text as shown in the feed editor: cut, like the room editor's. */
const MAX_TEXT = 4000;

/** What a row needs besides the hit: the room's name. */
export type RoomName = (uri: string) => string;

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px; }
h1 { font-size: 1.3em; margin: 12px 0 4px; }
.criteria, .empty { color: var(--vscode-descriptionForeground); }
ol { list-style: none; padding: 0; margin: 0; }
.hit { padding: 6px 8px; border-left: 3px solid transparent; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.hit header { display: flex; gap: 8px; align-items: baseline; }
.hit .room { font-weight: 600; color: var(--vscode-textLink-foreground); }
.hit .author { font-weight: 600; }
.hit time { color: var(--vscode-descriptionForeground); font-size: 0.85em; }
.hit .text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.4; }
.hit mark { background: var(--vscode-editor-findMatchHighlightBackground, rgba(234, 92, 0, 0.33)); color: inherit; }
.hit .not-shown { font-size: 0.85em; font-style: italic; color: var(--vscode-descriptionForeground); }
`;

/** `command:` link that opens the room (the only command the page may run: see enableCommandUris). */
function openRoomHref(hit: FeedHit, roomName: string): string {
  return `command:${RoomCommands.open}?${encodeURIComponent(JSON.stringify([{ uri: hit.message.roomUri, name: roomName, messageId: hit.message.id }]))}`;
}

function hitHtml(hit: FeedHit, roomName: RoomName): string {
  const m = hit.message;
  const room = roomName(m.roomUri);
  const text = m.text.length > MAX_TEXT ? m.text.slice(0, MAX_TEXT) : m.text;
  const body = highlightPieces(text, hit.ranges).map((p) => (p.hit ? `<mark>${escapeHtml(showBidiControls(p.text))}</mark>` : escapeHtml(showBidiControls(p.text)))).join('');
  const author = showBidiControls(m.authorName || m.author.replace(/^sips?:/i, ''));
  const markers = m.unrendered?.length ? `<div class="not-shown">${m.unrendered.map((k) => `<span>${escapeHtml(unrenderedLabel(k))}</span>`).join(' ')}</div>` : '';
  return `<li class="hit" data-id="${escapeHtml(m.id)}"><header><a class="room" href="${escapeHtml(openRoomHref(hit, room))}" title="${escapeHtml(vscode.l10n.t('Open {0}', room))}">${escapeHtml(showBidiControls(room))}</a>`
    + `<span class="author" title="${escapeHtml(showBidiControls(m.author))}">${escapeHtml(author)}</span>`
    + `<time datetime="${m.time.toISOString()}">${escapeHtml(m.time.toLocaleString(vscode.env.language))}</time></header>`
    + `<div class="text">${body}</div>${markers}</li>`;
}

function criteria(feed: TopicFeed, roomName: RoomName): string {
  const parts: string[] = [];
  if (feed.keywords.length) parts.push(vscode.l10n.t('Keywords: {0}', feed.keywords.join(', ')));
  if (feed.people.length) parts.push(vscode.l10n.t('People: {0}', feed.people.map((p) => p.replace(/^sip:/, '')).join(', ')));
  if (feed.rooms.length) parts.push(vscode.l10n.t('Rooms: {0}', feed.rooms.map(roomName).join(', ')));
  return parts.join(' · ');
}

/** The feed editor's page: its matches, newest first; no script (rows open rooms through a `command:` link), a strict CSP. */
export function feedHtml(feed: TopicFeed, hits: readonly FeedHit[], roomName: RoomName): string {
  const nonce = randomBytes(18).toString('base64');
  const rows = [...hits].reverse().map((h) => hitHtml(h, roomName)).join('\n');
  const empty = `<p class="empty" id="empty">${escapeHtml(vscode.l10n.t('No message in the rooms you follow matches this feed yet.'))}</p>`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'">
<style nonce="${nonce}">${STYLE}</style>
<title>${escapeHtml(feed.name)}</title>
</head>
<body>
<h1 id="name">${escapeHtml(showBidiControls(feed.name))}</h1>
<p class="criteria">${escapeHtml(showBidiControls(criteria(feed, roomName)))}</p>
${hits.length ? `<ol id="hits" aria-label="${escapeHtml(vscode.l10n.t('Matching messages'))}">\n${rows}\n</ol>` : empty}
</body>
</html>`;
}
