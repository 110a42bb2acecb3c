import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { closeAllEditors, contextMenuItem, inRoom, layoutBox, messageRow, QUICK_INPUT, QUICK_INPUT_BOX, quickPickRow, ROOMS_HEADER, roomsTitleAction, showRoomsView, typeInto } from './helpers/rooms';
import { ROOMS } from './helpers/pool';
import { BOB, COFFEE, roomsFixture } from './helpers/roomsFixture';
import { waitFor } from './helpers/wait';
import { clearNotifications, hideNotificationsCenter, notification, notificationButton, screenshot, showNotificationsCenter } from './helpers/workbench';
import { ui } from './ui';
import { messageId } from '../../../src/persistentChat/rooms/messageModel';
import { parseXccosTime } from '../../../src/persistentChat/xccos/time';

const SIDEBAR = '[id="workbench.parts.sidebar"]';
/** A feed's row in the Rooms view (its aria-label starts "Topic feed <name>"). */
const feedRow = (name: string) => `${SIDEBAR} .monaco-list-row[aria-label^="Topic feed ${name}"]`;
const hit = (text: string) => inRoom(`#hits .hit:has-text(${JSON.stringify(text)})`);

/**
 * Waits until New Topic Feed shows the step asking `prompt`. Its input boxes follow each other in one
 * quick input, each shown once the extension has taken the last answer: typed any earlier, a step's
 * text lands in the box before it (this is what made the feed tests flaky on a loaded machine).
 */
async function feedStep(prompt: 'Name of the feed' | 'Keywords, separated by commas' | 'People, by SIP address'): Promise<void> {
  await ui('element', { selector: `${QUICK_INPUT} .quick-input-message:has-text(${JSON.stringify(prompt)})` });
}

/** New Topic Feed from the Rooms view's title, answered up to its People step (the caller answers that one and the rooms). */
async function newTopicFeed(name: string, keywords: string): Promise<void> {
  await showRoomsView();
  await ui('click', { selector: roomsTitleAction('New Topic Feed'), hoverFirst: ROOMS_HEADER });
  await feedStep('Name of the feed');
  await typeInto(QUICK_INPUT_BOX, name, 'Enter');
  await feedStep('Keywords, separated by commas');
  await typeInto(QUICK_INPUT_BOX, keywords, 'Enter');
  await feedStep('People, by SIP address');
}

/** Delete Topic Feed from the feed's context menu in the Rooms view, confirmed in its notification. */
async function deleteTopicFeed(name: string): Promise<void> {
  await showRoomsView();
  await ui('click', { selector: feedRow(name), button: 'right' });
  await ui('click', { selector: contextMenuItem('Delete Topic Feed'), untilHidden: '.context-view .monaco-menu' });
  await showNotificationsCenter();
  await ui('click', { selector: notificationButton(`delete the topic feed "${name}"`, 'Delete') });
  await hideNotificationsCenter();
}

/** The last step, the rooms to limit the feed to: none picked (every followed room), accepted with Enter once the pick lists them. */
async function acceptEveryRoom(): Promise<void> {
  await ui('element', { selector: `${QUICK_INPUT} .quick-input-check-all` });
  await ui('element', { selector: quickPickRow(COFFEE.name) });
  await ui('press', { selector: QUICK_INPUT_BOX, key: 'Enter' });
  assert.equal((await ui('element', { selector: QUICK_INPUT, waitFor: 'hidden' })).visible, false, 'New Topic Feed did not take the rooms step');
}

describe('Topic feeds and unrendered message parts against the simulated pool', () => {
  const { context, follow } = roomsFixture();
  let pool: SimulatedLyncPool;
  before(() => ({ pool } = context));

  it('a feed created from the Rooms view lists a colleague\'s matching messages (history and live) with the keyword highlighted and his display name, counts the live one as unread, notifies it, opens its room, and is deleted from its context menu', async () => {
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'Zeppelin model kits are back in the shop');
    await newTopicFeed('Airships', 'zeppelin, blimp');
    await typeInto(QUICK_INPUT_BOX, 'bob');
    const refusal = await ui('element', { selector: `${QUICK_INPUT} .quick-input-message:has-text("is not a SIP address")` });
    assert.equal(refusal.count, 1, 'a person that is not an address is refused as typed');
    await typeInto(QUICK_INPUT_BOX, '@contoso.com', 'Enter');
    await acceptEveryRoom();

    // The feed editor opens with the match from before the feed existed, its keyword highlighted.
    const old = await ui('element', { selector: `${hit('Zeppelin model kits')} mark`, timeoutMs: 30_000 });
    assert.equal(old.text, 'Zeppelin');
    // The author by the display name the pool's presence gives, the SIP address in the tooltip.
    const author = await ui('element', { selector: `${hit('Zeppelin model kits')} .author:has-text("Bob Brown")` });
    assert.equal(author.title, 'sip:bob@contoso.com');
    await closeAllEditors();

    pool.chat.post('sip:carol@contoso.com', COFFEE.uri, 'a blimp over the car park');
    pool.chat.post(BOB, COFFEE.uri, 'a blimp over the river');
    const row = await ui('element', { selector: `${feedRow('Airships')}:has-text("1 new")` });
    assert.match(row.ariaLabel, /1 unread/, 'carol is not in the feed: only bob\'s message counts');
    await showNotificationsCenter();
    const entry = await ui('element', { selector: notification('topic feed "Airships"') });
    assert.match(entry.text, /Bob Brown in "Coffee Corner": a blimp over the river/);
    await ui('click', { selector: notificationButton('topic feed "Airships"', 'Open Feed') });
    await hideNotificationsCenter();

    const live = await ui('element', { selector: hit('a blimp over the river') });
    assert.match(live.text, /Coffee Corner\s*Bob Brown/, 'each match names its room and author');
    assert.equal((await ui('element', { selector: `${hit('a blimp over the river')} mark` })).text, 'blimp');
    assert.equal((await ui('element', { selector: hit('car park'), waitFor: 'none' })).count, 0, 'a message by someone else is not in the feed');
    const newest = await layoutBox(hit('a blimp over the river'));
    const older = await layoutBox(hit('Zeppelin model kits'));
    assert.ok(newest.found && older.found && newest.y < older.y, 'newest first');
    let label = '';
    await waitFor(async () => {
      label = (await ui('element', { selector: feedRow('Airships') })).ariaLabel;
      return !label.includes('unread');
    }, 'the open feed to mark its matches read', 10_000, () => label);
    await screenshot('topic-feed');

    await ui('click', { selector: inRoom(`${'#hits .hit:has-text("a blimp over the river")'} a.room`) });
    assert.equal((await ui('element', { selector: inRoom('#name'), timeoutMs: 30_000 })).text, 'Coffee Corner', 'a match opens its room');
    assert.equal((await ui('element', { selector: messageRow('a blimp over the river') })).count, 1);

    await deleteTopicFeed('Airships');
    const gone = await ui('element', { selector: feedRow('Airships'), waitFor: 'hidden' });
    assert.equal(gone.visible, false, 'the deleted feed is still in the Rooms view');
    await clearNotifications();
  });

  it('clicking a match in the feed editor opens its room at that message: the row, 45 messages above the newest, is scrolled into the message list\'s viewport and highlighted', async () => {
    await follow(COFFEE);
    await newTopicFeed('Dirigibles', 'dirigible');
    await ui('press', { selector: QUICK_INPUT_BOX, key: 'Enter' }); // anyone
    await acceptEveryRoom();
    // The feed exists once its editor is open: what is posted from now on is a live match.
    await ui('element', { selector: inRoom('#name:text-is("Dirigibles")') });
    pool.chat.post(BOB, COFFEE.uri, 'a dirigible over the harbour');
    for (let i = 1; i <= 45; i++) pool.chat.post('sip:carol@contoso.com', COFFEE.uri, `chatter ${i} about lunch`);
    const match = '#hits .hit:has-text("a dirigible over the harbour")';
    assert.equal((await ui('element', { selector: inRoom(match), timeoutMs: 30_000 })).count, 1, 'the open feed editor does not list the live match');

    await ui('click', { selector: inRoom(`${match} a.room`) });
    const row = inRoom('#messages .msg.revealed:has-text("a dirigible over the harbour")');
    const shown = await ui('element', { selector: row, timeoutMs: 30_000 });
    assert.equal(shown.count, 1, 'the matching message is not highlighted in the room editor');
    assert.equal((await ui('element', { selector: inRoom('#messages .msg.revealed'), waitFor: 'none' })).count, 1, 'only the match is highlighted');
    let rowBox = await layoutBox(row);
    const list = await layoutBox(inRoom('#messages'));
    await waitFor(async () => {
      rowBox = await layoutBox(row);
      return rowBox.found && rowBox.y >= list.y && rowBox.y + rowBox.height <= list.y + list.height;
    }, 'the highlighted row to be inside the message list\'s viewport', 10_000, () => JSON.stringify({ rowBox, list }));
    const newest = await layoutBox(messageRow('chatter 45 about lunch'));
    assert.ok(newest.found && newest.y > list.y + list.height, `the list still shows the newest message instead: ${JSON.stringify({ newest, list })}`);

    await closeAllEditors();
    await deleteTopicFeed('Dirigibles');
    await clearNotifications();
  });

  it('a match older than the room editor\'s first page (250 messages above the newest, as a feed link names it) opens its room with older pages loaded until it is shown in view and highlighted', async () => {
    // Its own history, in a room no other test deletes: the match, then 250 newer messages (two and a half pages).
    const room = ROOMS.releaseTrain;
    await follow(room);
    const text = 'Release 26.25 is signed off for Friday (older match).';
    const record = pool.chat.post(BOB, room.uri, text);
    pool.chat.postBurst('sip:carol@contoso.com', room.uri, Array.from({ length: 250 }, (_, i) => `release chatter ${i + 1}`));
    const timestamp = parseXccosTime(record.ts);
    assert.ok(timestamp, `the pool stamped the match with no time: ${record.ts}`);
    const id = messageId({ roomUri: room.uri, author: record.author, timestamp, text });
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', { uri: room.uri, name: room.name, messageId: id });
    const row = inRoom(`#messages .msg.revealed:has-text(${JSON.stringify(text)})`);
    assert.equal((await ui('element', { selector: row, timeoutMs: 60_000 })).count, 1, 'the old message is not shown highlighted');
    const list = await layoutBox(inRoom('#messages'));
    let rowBox = await layoutBox(row);
    await waitFor(async () => {
      rowBox = await layoutBox(row);
      return rowBox.found && rowBox.y >= list.y && rowBox.y + rowBox.height <= list.y + list.height;
    }, 'the highlighted row to be inside the message list\'s viewport', 10_000, () => JSON.stringify({ rowBox, list }));
    const rows = await ui('element', { selector: inRoom('#messages .msg'), waitFor: 'none' });
    assert.ok(rows.count > 250, `older pages were not loaded: ${rows.count} rows`);
    await closeAllEditors();
  });

  it('a message with rich text keeps its text and shows "[formatting not shown]" below it in its row; the diagnostics report names <rtf> once and never its content', async () => {
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'styled release note', { rtf: '{\\rtf1 secret-styling-canary}' });
    pool.chat.post(BOB, COFFEE.uri, 'second styled note', { rtf: '{\\rtf1 again}' });
    pool.chat.post(BOB, COFFEE.uri, 'plain note after them');
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    const row = messageRow('styled release note');
    const marker = await ui('element', { selector: `${row} .not-shown` });
    assert.equal(marker.text, '[formatting not shown]');
    assert.match((await ui('element', { selector: row })).ariaLabel, /styled release note \[formatting not shown\]$/, 'a screen reader hears the marker too');
    const text = await layoutBox(`${row} .text`);
    const mark = await layoutBox(`${row} .not-shown`);
    const box = await layoutBox(row);
    assert.ok(text.found && mark.found && box.found, 'row parts not laid out');
    assert.ok(mark.y >= text.y + text.height - 1, `the marker is below the text (text ${JSON.stringify(text)}, marker ${JSON.stringify(mark)})`);
    assert.ok(Math.abs(mark.x - text.x) <= 1, 'the marker starts where the text does');
    assert.ok(mark.y + mark.height <= box.y + box.height + 1, 'the marker is inside its row');
    await ui('element', { selector: messageRow('plain note after them') });
    assert.equal((await ui('element', { selector: `${messageRow('plain note after them')} .not-shown`, waitFor: 'none' })).count, 0, 'a plain message has no marker');
    await screenshot('room-editor-unrendered-part');

    const report = await vscode.commands.executeCommand<string>('lyncPersistentChat.copyDiagnostics');
    const items = report.split('\n').filter((l) => l.includes('chat message part <rtf>'));
    assert.equal(items.length, 1, `the <rtf> part is reported once:\n${items.join('\n')}`);
    assert.ok(!report.includes('secret-styling-canary'), 'the report contains the rich text');
  });
});
