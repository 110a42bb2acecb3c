import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { Lync, PhaseRecorder } from './helpers/lync';
import { ALICE, ROOMS } from './helpers/pool';
import { inRoom, layoutBox, layoutBoxes, messageRow, QUICK_INPUT_BOX, quickPickRow, roomRow, showRoomsView, typeInto } from './helpers/rooms';
import { screenshot } from './helpers/workbench';
import { waitFor } from './helpers/wait';
import { ui } from './ui';
import type { StyleResult } from '../runner/inputChecks';
import { BOB, COFFEE, roomsFixture } from './helpers/roomsFixture';

describe('Rooms: the room editor against the simulated pool (compose, rendering, paging, themes)', () => {
  const { context, follow, historyCount } = roomsFixture();
  let pool: SimulatedLyncPool;
  let service: Lync;
  before(() => ({ pool, service } = context));

  it('Enter in the compose box posts the message once; it reaches the pool', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('#messages .msg') });
    const text = `Who is in for lunch? ${Date.now()}`;
    const before = historyCount(COFFEE.uri);
    await typeInto(inRoom('#compose'), text, 'Enter');
    const row = await ui('element', { selector: messageRow(text) });
    assert.equal(row.count, 1);
    const box = await ui('element', { selector: inRoom('#compose'), waitFor: 'none' });
    assert.equal(box.text, '', 'the compose box was not cleared after sending');
    assert.equal(historyCount(COFFEE.uri), before + 1, 'the post did not reach the pool once');
    // Give a duplicate every chance to arrive (a live echo of the own post), then count again.
    pool.chat.post(BOB, COFFEE.uri, 'a later message');
    await ui('element', { selector: messageRow('a later message') });
    assert.equal((await ui('element', { selector: messageRow(text), waitFor: 'none' })).count, 1, 'the own post was shown twice');
  });

  it('Shift+Enter starts a new line instead of sending', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await typeInto(inRoom('#compose'), 'first line', 'Shift+Enter');
    await typeInto(inRoom('#compose'), 'second line', 'Enter');
    const row = await ui('element', { selector: messageRow('second line') });
    assert.match(row.text, /first line second line/);
    assert.equal((await ui('element', { selector: messageRow('first line'), waitFor: 'none' })).count, 1, 'Shift+Enter sent the first line on its own');
  });

  it('hostile message text renders inert: markup, script, a javascript: link and 10,000 combining marks', async () => {
    await follow(COFFEE);
    const payloads = [
      '<img src=x onerror="document.body.dataset.pwned=1">',
      '<script>document.body.dataset.pwned=2</script>',
      '[click me](javascript:document.body.dataset.pwned=3) javascript:document.body.dataset.pwned=4',
      `Z${'\u0301'.repeat(10_000)}end-of-marks`,
      'after the marks https://example.com/docs?a=1 ok',
    ];
    for (const text of payloads) pool.chat.post(BOB, COFFEE.uri, text);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: messageRow('after the marks') });
    const img = await ui('element', { selector: messageRow('<img src=x onerror') });
    assert.equal(img.count, 1, 'the <img> markup is not shown as text');
    const script = await ui('element', { selector: messageRow('<script>document.body') });
    assert.equal(script.count, 1, 'the <script> markup is not shown as text');
    for (const selector of ['#messages img', '#messages script', '#messages iframe', 'body[data-pwned]', '#messages a[href^="javascript" i]']) {
      assert.equal((await ui('element', { selector: inRoom(selector), waitFor: 'none' })).count, 0, `found ${selector} in the page`);
    }
    assert.equal((await ui('element', { selector: inRoom('#messages a.link[href="https://example.com/docs?a=1"]') })).count, 1, 'an http link is a link');
    // The combining marks stay inside their own row: the next row is laid out below it and visible.
    const marks = await layoutBox(messageRow('end-of-marks'));
    const next = await layoutBox(messageRow('after the marks'));
    assert.ok(marks.found && next.found, 'rows not laid out');
    assert.ok(marks.height < 1000, `the combining-marks row is ${marks.height}px tall`);
    assert.ok(next.y >= marks.y + marks.height - 1, 'the rows overlap');
    await screenshot('room-editor-hostile-text');
  });

  it('a right-to-left override in a message is shown, not applied: the link reads as the target it opens, the control is a visible mark after it', async () => {
    await follow(COFFEE);
    // Applied, U+202E would show the link as "https://example.com/invoice.pdf" while it opens ".../fdp.eciovni".
    pool.chat.post(BOB, COFFEE.uri, 'bidi check https://example.com/\u202Efdp.eciovni\u202C done');
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    const row = await ui('element', { selector: messageRow('bidi check') });
    assert.doesNotMatch(row.text, /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/, 'a direction control is in the shown text');
    const link = await ui('element', { selector: `${messageRow('bidi check')} a.link[href="https://example.com/"]` });
    assert.equal(link.count, 1, 'the link does not end at the control');
    assert.equal(link.text, 'https://example.com/', 'the link text differs from its target');
    const mark = await ui('element', { selector: `${messageRow('bidi check')} .bidi-control` });
    assert.equal(mark.text, 'U+202E');
    // Laid out in reading order: the link, then the mark, then the rest on its right, not reordered before it.
    const linkBox = await layoutBox(`${messageRow('bidi check')} a.link`);
    const markBox = await layoutBox(`${messageRow('bidi check')} .bidi-control >> nth=0`);
    assert.ok(linkBox.found && markBox.found, 'not laid out');
    assert.ok(markBox.x >= linkBox.x + linkBox.width - 1, `the mark (x ${markBox.x}) is not after the link (ends at ${linkBox.x + linkBox.width})`);
    assert.ok(markBox.y < linkBox.y + linkBox.height && markBox.y + markBox.height > linkBox.y, 'the mark is not on the link\'s line');
  });

  it('in a narrow editor the topic is cut to one line and its whole text is the tooltip on hover', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    const full = 'Everything that is not work. Cake announcements welcome.';
    await waitFor(async () => (await ui('element', { selector: inRoom('#topic') })).text === full, 'the topic to be shown');
    // The room editor's group squeezed to a sixth of the window, as beside a wide code editor.
    await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{ size: 0.16 }, { size: 0.84 }] });
    try {
      const topic = await waitFor(async () => {
        const state = await ui('element', { selector: inRoom('#topic') });
        return state.cut && state.text === full ? state : undefined;
      }, 'the topic to be cut in the narrow editor');
      assert.equal(topic.title, full, 'the cut topic has no tooltip with its whole text');
    } finally {
      await vscode.commands.executeCommand('workbench.action.joinAllGroups');
    }
  });

  it('switching to the background tab of a room with unread messages shows the New messages divider just above them', async () => {
    const guild = ROOMS.architectureGuild;
    await follow(COFFEE);
    await follow(guild);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('#messages .msg') });
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', guild);
    await ui('element', { selector: inRoom(`#name:text-is(${JSON.stringify(guild.name)})`) });
    const first = `While you were away, first ${Date.now()}`;
    pool.chat.post(BOB, COFFEE.uri, first);
    pool.chat.post(BOB, COFFEE.uri, 'While you were away, second');
    await waitFor(() => service.room(COFFEE.uri)?.unread === 2, 'two unread in Coffee Corner');
    await ui('click', { selector: `.tabs-container .tab[aria-label^=${JSON.stringify(COFFEE.name)}]` });
    await ui('element', { selector: inRoom(`#name:text-is(${JSON.stringify(COFFEE.name)})`) });
    const divider = await ui('element', { selector: inRoom('#unread-divider') });
    assert.equal(divider.text, 'New messages');
    // Laid out between the last read message and the first unread one.
    const dividerBox = await layoutBox(inRoom('#unread-divider'));
    const firstBox = await layoutBox(messageRow(first));
    assert.ok(dividerBox.found && firstBox.found, 'not laid out');
    assert.ok(dividerBox.y + dividerBox.height <= firstBox.y + 1, 'the divider is not above the first unread message');
    assert.equal((await ui('element', { selector: inRoom('#unread-divider + .msg') })).text.includes(first), true, 'the first row after the divider is not the first unread message');
    await waitFor(() => service.room(COFFEE.uri)?.unread === 0, 'Coffee Corner to be read once shown');
  });

  /** Release Train with 10,000 more messages ("bulk #N. build N is green"), posted once for the tests that page through it. */
  let bulkPosted = false;
  function bulkRoom(): typeof ROOMS.releaseTrain {
    const room = ROOMS.releaseTrain;
    if (bulkPosted) return room;
    const start = historyCount(room.uri);
    for (let i = 1; i <= 10_000; i++) pool.chat.post(BOB, room.uri, `bulk #${i}. build ${i} is green`);
    assert.equal(historyCount(room.uri), start + 10_000);
    bulkPosted = true;
    return room;
  }

  it('a room with 10,000 messages opens on its last page; Home in the message list loads the page before it', async () => {
    const room = bulkRoom();
    await follow(room);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', room);
    await ui('element', { selector: messageRow('bulk #10000.') });
    assert.equal((await ui('element', { selector: inRoom('#messages .msg') })).count, 100, 'the first page is not 100 messages');
    await ui('press', { selector: inRoom('#messages'), key: 'Home' });
    await ui('element', { selector: messageRow('bulk #9801.') });
    assert.equal((await ui('element', { selector: inRoom('#messages .msg') })).count, 200, 'scrolling up did not add one page');
    assert.equal((await ui('element', { selector: messageRow('bulk #9800.'), waitFor: 'none' })).count, 0, 'more than a page was loaded');
  });

  it('paging up the 10,000-message room puts each older page above the oldest row, in time order and left-aligned, never inside the load row; its end says the server\'s limit, not the start', async function () {
    this.timeout(600_000);
    const room = bulkRoom();
    await follow(room);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', room);
    await ui('element', { selector: messageRow('bulk #10000.') });
    const build = (text: string): number => Number(/bulk #(\d+)\./.exec(text)?.[1] ?? Number.NaN);
    let pages = 1;
    let previousOldest: number | undefined;
    for (;;) {
      const rows = await layoutBoxes(inRoom('#messages .msg'));
      // Boxes in the page's own coordinates (one call each): the list, its load row, its rows.
      const [list] = await layoutBoxes(inRoom('#messages'));
      const [loadRow] = await layoutBoxes(inRoom('.older-row'));
      assert.equal(rows.length, pages * 100, `page ${pages}: not ${pages} pages of rows`);
      rows.forEach((row, i) => {
        assert.equal(row.parent, '#messages', `page ${pages}: the row of build ${build(row.text)} is inside ${row.parent}, not the message list`);
        assert.ok(row.x >= list.x && row.x - list.x <= 24 && Math.abs(row.x - rows[0].x) <= 1, `page ${pages}: the row of build ${build(row.text)} is not left-aligned (x ${row.x}, list ${list.x})`);
        if (i === 0) return;
        assert.equal(build(row.text), build(rows[i - 1].text) + 1, `page ${pages}: row ${i} is out of time order`);
        assert.ok(row.y >= rows[i - 1].y + rows[i - 1].height - 1, `page ${pages}: the row of build ${build(row.text)} is not below the one before it`);
      });
      assert.ok(loadRow.y + loadRow.height <= rows[0].y + 1, `page ${pages}: the load row is not above the oldest message`);
      const days = await layoutBoxes(inRoom('#messages .day'));
      assert.equal(days.length, 1, `page ${pages}: one day of messages has ${days.length} day separators`);
      assert.ok(days[0].y + days[0].height <= rows[0].y + 1, `page ${pages}: the day separator is not above the oldest message`);
      if (previousOldest !== undefined) {
        // The scroll position holds: the row that was the oldest stays near the view (the page loads while the
        // list scrolls towards its top), not pushed a page of rows (thousands of pixels) away by the rows above it.
        const kept = await layoutBox(messageRow(`bulk #${previousOldest}.`));
        const view = await layoutBox(inRoom('#messages'));
        assert.ok(kept.y >= view.y - view.height && kept.y < view.y + view.height, `page ${pages}: the row read before the load left the view (row y ${kept.y}, found ${kept.found}, view ${view.y}+${view.height})`);
      }
      if (pages === 20) break;
      const oldest = build(rows[0].text);
      await ui('press', { selector: inRoom('#messages'), key: 'Home' });
      await ui('element', { selector: messageRow(`bulk #${oldest - 100}.`) });
      pages++;
      previousOldest = oldest;
    }
    // The last 2,000 are all the server returns: the page says so, and never claims the start of the history.
    await waitFor(async () => (await ui('element', { selector: inRoom('#history-limit') })).visible, 'the history limit to be shown');
    assert.equal((await ui('element', { selector: inRoom('#history-limit'), waitFor: 'none' })).text, 'Older messages are not available here: the server returns the last 2,000.');
    assert.equal((await ui('element', { selector: inRoom('#start'), waitFor: 'none' })).visible, false, 'the start of the room\'s history is claimed without build 1 shown');
    assert.equal((await ui('element', { selector: inRoom('#older'), waitFor: 'none' })).visible, false, 'the load button is still offered');
    assert.equal((await ui('element', { selector: messageRow('bulk #8001.'), waitFor: 'none' })).count, 1, 'the oldest message the server returns is not shown');
  });

  it('a room shorter than a page says it shows the start of the room\'s history, with its first message shown and no limit claimed', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('#messages .msg') });
    assert.ok(historyCount(COFFEE.uri) < 100, 'Coffee Corner is not shorter than a page');
    await waitFor(async () => (await ui('element', { selector: inRoom('#start') })).visible, 'the start of the history to be shown');
    assert.equal((await ui('element', { selector: inRoom('#messages .msg') })).count, historyCount(COFFEE.uri), 'not every message of the room is shown');
    assert.equal((await ui('element', { selector: inRoom('#history-limit'), waitFor: 'none' })).visible, false, 'a limit is claimed in a room read to its start');
  });

  it('the room editor and the Rooms view follow the colour theme (screenshots dark and light)', async () => {
    const guild = ROOMS.architectureGuild;
    await follow(guild);
    await follow(COFFEE);
    pool.chat.post('sip:carol@contoso.com', guild.uri, 'Draft of RFC-031 is up: https://wiki.contoso.com/rfc/031 (partitioned topics, 12 partitions per tenant)');
    pool.chat.post(BOB, guild.uri, 'alice, can you review the consumer-group section before Thursday?');
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', guild);
    await ui('element', { selector: messageRow('consumer-group section') });
    pool.chat.post('sip:dave@contoso.com', COFFEE.uri, 'Fresh espresso beans on the 3rd floor');
    pool.chat.post('sip:erin@contoso.com', COFFEE.uri, 'Cake at 15:00, bring a plate');
    await waitFor(() => service.room(COFFEE.uri)?.unread === 2, 'two unread in Coffee Corner');
    await showRoomsView();
    await ui('element', { selector: `${roomRow('Coffee Corner')}:has-text("2 new")` });
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    try {
      assert.equal((await ui('element', { selector: inRoom('body.vscode-dark') })).count, 1, 'the page is not dark in the dark theme');
      await screenshot('room-editor-dark');
      await workbench.update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
      assert.equal((await ui('element', { selector: inRoom('body.vscode-light') })).count, 1, 'the page did not follow the light theme');
      await screenshot('room-editor-light');
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a post the server refuses stays in the box with the error and Retry; Retry sends it once', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('#messages .msg') });
    const text = `Refused once, then sent ${Date.now()}`;
    pool.faults.nextResponse = { method: 'INFO', status: 500, reason: 'Server Internal Error' };
    await typeInto(inRoom('#compose'), text, 'Enter');
    const error = await ui('element', { selector: inRoom('#post-error') });
    assert.equal(error.count, 1, 'no error shown for the refused post');
    assert.match(error.text, /Not sent/);
    assert.match(error.text, /Retry/);
    assert.equal((await ui('element', { selector: messageRow(text), waitFor: 'none' })).count, 0, 'the refused post is shown as sent');
    await waitFor(() => service.status.phase === 'Connected' && service.room(COFFEE.uri)?.state === 'Joined' && true, 'the room to be joined again');
    await ui('element', { selector: inRoom('textarea#compose:not([disabled])') });
    await ui('click', { selector: inRoom('#retry') });
    assert.equal((await ui('element', { selector: messageRow(text) })).count, 1, 'Retry did not send the text left in the box');
    assert.equal((await ui('element', { selector: inRoom('#post-error'), waitFor: 'hidden' })).count, 1, 'the error element is gone');
  });

  it('the size limit counts characters as the server does: 300 × é is sent with Enter; 260 emoji (520) are refused before sending, Enter and Retry say why, emptying the box clears it', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('#messages .msg') });
    const compose = inRoom('#compose');
    const before = historyCount(COFFEE.uri);
    // 300 characters (600 UTF-8 bytes) fit the simulated pool's 512: the box lets them go.
    const accents = `${'é'.repeat(300)}`;
    await typeInto(compose, accents);
    assert.equal((await ui('element', { selector: inRoom('#compose-counter'), waitFor: 'none' })).text, '300/512');
    assert.equal((await ui('element', { selector: inRoom('#send:not([disabled])'), waitFor: 'none' })).count, 1, 'Send is disabled for 300 characters');
    await ui('press', { selector: compose, key: 'Enter' });
    await ui('element', { selector: messageRow(accents) });
    assert.equal(historyCount(COFFEE.uri), before + 1, 'the 300 characters did not reach the pool');
    // 260 emoji are 520 characters as the server counts them: over the limit, said in the same unit.
    await typeInto(compose, '😀'.repeat(260));
    const counter = await ui('element', { selector: inRoom('#compose-counter.error') });
    assert.match(counter.text, /Too long: 520 characters, the server accepts at most 512 \(an emoji counts as 2\)/);
    assert.equal((await ui('element', { selector: inRoom('#send[disabled]'), waitFor: 'none' })).count, 1, 'Send is enabled for 520 characters');
    await ui('press', { selector: compose, key: 'Enter' });
    const error = await ui('element', { selector: inRoom('#post-error') });
    assert.match(error.text, /Not sent: Too long: 520 characters/);
    await ui('click', { selector: inRoom('#retry') });
    assert.match((await ui('element', { selector: inRoom('#post-error:has-text("Retry cannot send this message as it is")') })).text, /at most 512/);
    assert.equal(historyCount(COFFEE.uri), before + 1, 'Enter or Retry sent the over-long message');
    // The error is laid out above the box, in view.
    const errorBox = await layoutBox(inRoom('#post-error'));
    const boxBox = await layoutBox(compose);
    assert.ok(errorBox.found && boxBox.found && errorBox.height > 0 && errorBox.y + errorBox.height <= boxBox.y + 1, 'the error is not laid out above the compose box');
    await ui('press', { selector: compose, key: 'Control+a' });
    await ui('press', { selector: compose, key: 'Backspace' });
    assert.equal((await ui('element', { selector: inRoom('#post-error'), waitFor: 'hidden' })).visible, false, 'the error stayed after the box was emptied');
  });

  it('Share Selection to Room posts the selected lines with the workspace-relative path and line range', async () => {
    await follow(COFFEE);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workbench has no folder');
    const file = vscode.Uri.joinPath(folder.uri, 'share-sample.ts');
    await vscode.workspace.fs.writeFile(file, Buffer.from('const a = 1;\nexport function answer(): number {\n  return 42;\n}\n'));
    const editor = await vscode.window.showTextDocument(file);
    editor.selection = new vscode.Selection(1, 0, 3, 1);
    void vscode.commands.executeCommand('lyncPersistentChat.shareToRoom');
    await ui('click', { selector: quickPickRow('Coffee Corner') });
    const confirm = await ui('element', { selector: quickPickRow('Share in Coffee Corner') });
    assert.match(confirm.text, /share-sample\.ts, lines 2-4/);
    // The first row is selected: Enter accepts it (a pointer would first meet the row's hover).
    await ui('press', { selector: QUICK_INPUT_BOX, key: 'Enter' });
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    const row = await ui('element', { selector: messageRow('share-sample.ts, lines 2-4:') });
    assert.equal(row.count, 1);
    assert.match(row.text, /export function answer\(\): number \{ return 42; \}/);
    await vscode.workspace.fs.delete(file);
  });

  it('while reconnecting the compose box is disabled and says why; it is enabled again once the room is re-joined', async () => {
    await follow(COFFEE);
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
    await ui('element', { selector: inRoom('textarea#compose:not([disabled])') });
    const recorder = new PhaseRecorder(service);
    try {
      // The first attempt is refused, so Reconnecting lasts at least one backoff (1-2 s).
      pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable' });
      pool.resetConnections(ALICE.uri);
      await recorder.until('Reconnecting');
      const reason = await ui('element', { selector: inRoom('footer:has(textarea#compose[disabled]) #compose-reason:has-text("Reconnecting")') });
      assert.equal(reason.count, 1, `the compose box gave no reason while ${service.status.phase}`);
      await recorder.until('Connected', 30_000);
      await ui('element', { selector: inRoom('textarea#compose:not([disabled])') });
      assert.equal((await ui('element', { selector: inRoom('#compose-reason'), waitFor: 'hidden' })).visible, false, 'the reason stayed after reconnecting');
    } finally {
      recorder.dispose();
    }
  });

  it('in the Default High Contrast theme the room editor stays readable: theme colours, contrast borders, a visible focus outline (screenshot)', async () => {
    await follow(COFFEE);
    pool.chat.post(BOB, COFFEE.uri, 'alice, high-contrast check: https://example.com/hc');
    await showRoomsView();
    await ui('click', { selector: roomRow('Coffee Corner') });
    await ui('element', { selector: messageRow('high-contrast check') });
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', 'Default High Contrast', vscode.ConfigurationTarget.Global);
    try {
      assert.equal((await ui('element', { selector: inRoom('body.vscode-high-contrast') })).count, 1, 'the page did not follow the high-contrast theme');
      for (const selector of ['#name', '#messages .msg.mention', '#messages a.link', 'textarea#compose', '#send']) {
        const element = await ui('element', { selector: inRoom(selector) });
        assert.ok(element.count >= 1 && element.visible, `${selector} is not visible in high contrast`);
      }
      // Colours come from the theme: the body's text is the theme's foreground, which high contrast makes white on black.
      const body = await ui('style', { selector: inRoom('body'), properties: ['color', 'background-color'] }) as StyleResult;
      assert.equal(body.values.color, 'rgb(255, 255, 255)', `the text is ${body.values.color}`);
      assert.equal(body.values['background-color'], 'rgb(0, 0, 0)', `the background is ${body.values['background-color']}`);
      // The compose box has the theme's contrast border; focused, it draws the focus outline.
      await ui('click', { selector: inRoom('textarea#compose') });
      const focused = await ui('style', { selector: inRoom('textarea#compose'), properties: ['outline-style', 'outline-width', 'outline-color', 'border-top-style', 'border-top-color'] }) as StyleResult;
      assert.ok(focused.focused, 'the compose box did not take the focus');
      assert.notEqual(focused.values['outline-style'], 'none', 'the focused compose box has no outline');
      assert.notEqual(focused.values['outline-width'], '0px', 'the focused compose box has a zero-width outline');
      assert.notEqual(focused.values['outline-color'], 'rgba(0, 0, 0, 0)', 'the focus outline is transparent');
      assert.notEqual(focused.values['border-top-color'], 'rgba(0, 0, 0, 0)', 'the compose box has no visible border in high contrast');
      await screenshot('room-editor-high-contrast');
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
