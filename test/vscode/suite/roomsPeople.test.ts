import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { inRoom, layoutBox, messageRow } from './helpers/rooms';
import { BOB, COFFEE, roomsFixture } from './helpers/roomsFixture';
import { screenshot } from './helpers/workbench';
import { ui } from './ui';

describe('Rooms: people in the room editor (display names, presence, the participant list)', () => {
  const { context, follow } = roomsFixture();
  let pool: SimulatedLyncPool;
  before(() => ({ pool } = context));
  afterEach(() => {
    pool?.chat.setPresence(BOB, COFFEE.uri, false);
    pool?.setAvailability(BOB, 'offline');
  });

  it('a message row shows the author\'s display name after a presence dot, the SIP address in its tooltip; a presence change on the pool moves the dot', async () => {
    pool.setAvailability(BOB, 'busy');
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'names check: who deploys today?');
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    const row = messageRow('names check: who deploys today?');
    const author = await ui('element', { selector: `${row} .author:has-text("Bob Brown")` });
    assert.equal(author.title, 'bob@contoso.com', 'the SIP address is in the tooltip');
    const dot = await ui('element', { selector: `${row} .author .presence.presence-busy` });
    assert.equal(dot.ariaLabel, 'Busy', 'the dot says its state in words');
    const dotBox = await layoutBox(`${row} .author .presence`);
    const nameBox = await layoutBox(`${row} .author .name`);
    const timeBox = await layoutBox(`${row} header time`);
    assert.ok(dotBox.found && nameBox.found && timeBox.found, 'the row header is not laid out');
    assert.ok(dotBox.x + dotBox.width <= nameBox.x, 'the dot is left of the name');
    assert.ok(dotBox.y >= nameBox.y - 2 && dotBox.y + dotBox.height <= nameBox.y + nameBox.height + 2, 'the dot is on the name\'s line');
    assert.ok(nameBox.x + nameBox.width <= timeBox.x, 'the name is left of the time');
    pool.setAvailability(BOB, 'away');
    await ui('element', { selector: `${row} .author .presence.presence-away` });
  });

  it('clicking the participant count opens the list of who is in the room, with names and presence in words; clicking it again or Escape closes it', async () => {
    pool.chat.setPresence(BOB, COFFEE.uri, true);
    pool.setAvailability(BOB, 'doNotDisturb');
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    const count = inRoom('#participants:has-text("2 participants")');
    await ui('element', { selector: count });
    assert.equal((await ui('element', { selector: inRoom('#participant-list'), waitFor: 'none' })).visible, false, 'the list starts closed');
    await ui('click', { selector: count });
    const bob = await ui('element', { selector: inRoom('#participant-list li:has-text("Bob Brown"):has-text("Do not disturb")') });
    assert.equal(bob.count, 1);
    const alice = await ui('element', { selector: inRoom('#participant-list li:has-text("Alice Anders"):has-text("Available")') });
    assert.equal(alice.count, 1);
    assert.equal((await ui('element', { selector: inRoom('#participant-list .presence-doNotDisturb[aria-label="Do not disturb"]') })).count, 1);
    assert.equal((await ui('element', { selector: inRoom('#participants[aria-expanded="true"]') })).count, 1);
    const button = await layoutBox(count);
    const list = await layoutBox(inRoom('#participant-list'));
    const first = await layoutBox(inRoom('#participant-list li >> nth=0'));
    assert.ok(list.y >= button.y + button.height - 1, 'the list opens below the count');
    assert.ok((await ui('element', { selector: inRoom('#participant-list li >> nth=0'), waitFor: 'none' })).text.includes('Alice Anders'), 'available people come first');
    assert.ok(first.y >= list.y, 'the rows are inside the list');
    await screenshot('room-editor-participants');
    await ui('click', { selector: count });
    assert.equal((await ui('element', { selector: inRoom('#participant-list'), waitFor: 'none' })).visible, false, 'the second click closes it');
    await ui('click', { selector: count });
    await ui('element', { selector: inRoom('#participant-list li:has-text("Bob Brown")') });
    await ui('press', { selector: count, key: 'Escape' });
    assert.equal((await ui('element', { selector: inRoom('#participant-list'), waitFor: 'none' })).visible, false, 'Escape closes it');
    assert.equal((await ui('element', { selector: inRoom('#participants[aria-expanded="false"]') })).count, 1);
  });
});
