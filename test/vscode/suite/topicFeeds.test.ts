import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { closeAllEditors, contextMenuItem, inRoom, layoutBox, messageRow, QUICK_INPUT, QUICK_INPUT_BOX, ROOMS_HEADER, roomsTitleAction, showRoomsView, typeInto } from './helpers/rooms';
import { BOB, COFFEE, roomsFixture } from './helpers/roomsFixture';
import { waitFor } from './helpers/wait';
import { clearNotifications, hideNotificationsCenter, notification, notificationButton, screenshot, showNotificationsCenter } from './helpers/workbench';
import { ui } from './ui';

const SIDEBAR = '[id="workbench.parts.sidebar"]';
/** A feed's row in the Rooms view (its aria-label starts "Topic feed <name>"). */
const feedRow = (name: string) => `${SIDEBAR} .monaco-list-row[aria-label^="Topic feed ${name}"]`;
const hit = (text: string) => inRoom(`#hits .hit:has-text(${JSON.stringify(text)})`);

describe('Topic feeds and unrendered message parts against the simulated pool', () => {
  const { context, follow } = roomsFixture();
  let pool: SimulatedLyncPool;
  before(() => ({ pool } = context));

  it('a feed created from the Rooms view lists a colleague\'s matching messages (history and live) with the keyword highlighted, counts the live one as unread, notifies it, opens its room, and is deleted from its context menu', async () => {
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'Zeppelin model kits are back in the shop');
    await showRoomsView();
    await ui('click', { selector: roomsTitleAction('New Topic Feed'), hoverFirst: ROOMS_HEADER });
    await typeInto(QUICK_INPUT_BOX, 'Airships', 'Enter');
    await typeInto(QUICK_INPUT_BOX, 'zeppelin, blimp', 'Enter');
    await typeInto(QUICK_INPUT_BOX, 'bob');
    const refusal = await ui('element', { selector: `${QUICK_INPUT} .quick-input-message:has-text("is not a SIP address")` });
    assert.equal(refusal.count, 1, 'a person that is not an address is refused as typed');
    await typeInto(QUICK_INPUT_BOX, '@contoso.com', 'Enter');
    await ui('element', { selector: `${QUICK_INPUT} .quick-input-check-all` }); // the rooms to limit it to: none picked is every room
    await ui('press', { selector: QUICK_INPUT_BOX, key: 'Enter' });

    // The feed editor opens with the match from before the feed existed, its keyword highlighted.
    const old = await ui('element', { selector: `${hit('Zeppelin model kits')} mark`, timeoutMs: 30_000 });
    assert.equal(old.text, 'Zeppelin');
    await closeAllEditors();

    pool.chat.post('sip:carol@contoso.com', COFFEE.uri, 'a blimp over the car park');
    pool.chat.post(BOB, COFFEE.uri, 'a blimp over the river');
    const row = await ui('element', { selector: `${feedRow('Airships')}:has-text("1 new")` });
    assert.match(row.ariaLabel, /1 unread/, 'carol is not in the feed: only bob\'s message counts');
    await showNotificationsCenter();
    const entry = await ui('element', { selector: notification('topic feed "Airships"') });
    assert.match(entry.text, /bob@contoso\.com in "Coffee Corner": a blimp over the river/);
    await ui('click', { selector: notificationButton('topic feed "Airships"', 'Open Feed') });
    await hideNotificationsCenter();

    const live = await ui('element', { selector: hit('a blimp over the river') });
    assert.match(live.text, /Coffee Corner\s*bob@contoso\.com/, 'each match names its room and author');
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

    await showRoomsView();
    await ui('click', { selector: feedRow('Airships'), button: 'right' });
    await ui('click', { selector: contextMenuItem('Delete Topic Feed'), untilHidden: '.context-view .monaco-menu' });
    await showNotificationsCenter();
    await ui('click', { selector: notificationButton('delete the topic feed "Airships"', 'Delete') });
    await hideNotificationsCenter();
    const gone = await ui('element', { selector: feedRow('Airships'), waitFor: 'hidden' });
    assert.equal(gone.visible, false, 'the deleted feed is still in the Rooms view');
    await clearNotifications();
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
