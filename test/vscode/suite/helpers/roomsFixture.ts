/**
 * What the Rooms files of the suite share (rooms.test.ts: the Rooms view, Browse Rooms and room
 * notifications; roomsEditor.test.ts, run after it: the room editor): alice signed in to the shared pool before
 * each test with mention notifications, no editors or notifications left over, and every followed
 * room left after it; plus the rooms they use and the small waits they repeat.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../../simulator/pool';
import { requireUi, ui } from '../ui';
import { EXTENSION_ID } from './ids';
import { cleanUp, configureForPool, Lync, lyncService, signInAsAlice } from './lync';
import { sharedPool } from './pool';
import { closeAllEditors, inRoom, roomEditorTabs, roomRow } from './rooms';
import { waitFor } from './wait';
import { clearNotifications, STATUS_ITEM_ID } from './workbench';

export const BOB = 'sip:bob@contoso.com';
export const COFFEE = { uri: 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad', name: 'Coffee Corner' } as const;
/** An open room no other extension-host test uses: the NoAccess/Gone test deletes it. */
export const BUILD_NOTIFICATIONS = { uri: 'ma-chan://contoso.com/6d0f3b52-9a41-4c7e-b8d2-1e5f7a9c3b04', name: 'Build Notifications' } as const;

/** The view container's title as the manifest declares it (the activity bar item is labelled with it). */
function activityBarTitle(): string {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { viewsContainers: { activitybar: { id: string; title: string }[] } } } | undefined;
  const title = manifest?.contributes.viewsContainers.activitybar.find((c) => c.id === 'lyncPersistentChat')?.title;
  assert.ok(title, 'the manifest contributes no lyncPersistentChat activity bar container');
  return title;
}
export const activityBadge = (): string => `.part.activitybar .action-item:has(.action-label[aria-label^=${JSON.stringify(activityBarTitle())}]) .badge .badge-content`;

export interface RoomsContext {
  pool: SimulatedLyncPool;
  service: Lync;
}

/** Registers the hooks in the calling describe(); `context` is filled in by its first before(). */
export function roomsFixture() {
  const context = {} as RoomsContext;

  before(async () => {
    context.pool = await sharedPool();
    context.service = await lyncService();
  });

  beforeEach(async function () {
    requireUi(this);
    await configureForPool(context.pool, { messageNotifications: 'mentions' });
    await signInAsAlice(context.service);
    for (const invitation of context.service.invitations) context.service.dismissInvitation(invitation.id);
    await closeAllEditors();
    await clearNotifications();
  });

  afterEach(async () => {
    if (!context.service) return;
    await closeAllEditors();
    await cleanUp(context.service, context.pool); // leaves every followed room
  });

  /**
   * Follows a room (setup, not the behaviour under test) as a user does, with Lync: Open Room,
   * closes its editor again, and waits until the room is joined.
   */
  async function follow(room: { uri: string; name: string }): Promise<void> {
    await vscode.commands.executeCommand('lyncPersistentChat.openRoom', room);
    await ui('element', { selector: inRoom(`#name:text-is(${JSON.stringify(room.name)})`) }); // its page is up
    await closeAllEditors();
    // Closed for the extension too (the tab bar hears of it with the editor's dispose): a test's Open Room makes a new editor.
    await waitFor(() => roomEditorTabs().length === 0, 'the room editor to close');
    await waitFor(() => context.service.room(room.uri)?.state === 'Joined', `${room.name} to be joined`, 10_000, () => JSON.stringify(context.service.room(room.uri)));
  }

  /** Waits until the Lync status bar item (connected) no longer mentions unread mentions. */
  async function statusBarWithoutMentions(what: string): Promise<void> {
    let label = '';
    await waitFor(async () => {
      label = (await ui('statusBarItem', { id: STATUS_ITEM_ID, waitForText: 'alice@contoso.com' })).ariaLabel;
      return label.startsWith('Lync Persistent Chat: connected') && !label.includes('mention');
    }, what, 10_000, () => label);
  }

  /**
   * A Rooms row's tooltip once it contains `text`. A row re-rendered under the pointer (the view
   * refreshes on every room change) drops its pending hover: the pointer then moves off and back.
   */
  async function rowTooltip(name: string, text: string): Promise<string> {
    let tooltip = '';
    await waitFor(async () => {
      await ui('unhover', {});
      tooltip = (await ui('hover', { selector: `${roomRow(name)} .monaco-icon-label`, tooltip: true, waitForText: text, timeoutMs: 3000 })).tooltip;
      return tooltip.includes(text);
    }, `the tooltip of ${name} to say "${text}"`, 30_000, () => tooltip || '(no tooltip)');
    await ui('unhover', {});
    return tooltip;
  }

  function historyCount(uri: string): number {
    return context.pool.chat.rooms().find((r) => r.uri === uri)?.historyCount ?? -1;
  }

  return { context, follow, statusBarWithoutMentions, rowTooltip, historyCount };
}
