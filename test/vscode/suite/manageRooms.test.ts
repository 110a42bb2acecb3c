import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { cleanUp, configureForPool, Lync, lyncService, signInAsAlice } from './helpers/lync';
import { sharedPool } from './helpers/pool';
import { NOT_RECORDING, OpenExternalRecord, recordOpenExternal } from './helpers/openExternal';
import { ROOMS_HEADER, roomsTitleAction, showRoomsView } from './helpers/rooms';
import { clearNotifications, notification, showNotificationsCenter } from './helpers/workbench';
import { waitFor } from './helpers/wait';
import { requireUi, ui } from './ui';

describe('Create or Manage Rooms…: the room management web page provisioning names', () => {
  let pool: SimulatedLyncPool;
  let service: Lync;
  let openExternal: OpenExternalRecord = NOT_RECORDING;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });

  beforeEach(async function () {
    requireUi(this);
    await configureForPool(pool);
    await clearNotifications();
    openExternal = recordOpenExternal();
  });

  afterEach(async () => {
    openExternal.restore();
    pool.provisionWebManager(true);
    pool.signInFromOutside(false);
    if (service) await cleanUp(service, pool);
  });

  it('the Rooms view title action opens the provisioned internal address (signed in from inside)', async () => {
    await signInAsAlice(service);
    const provisioned = `https://${pool.config.fqdn}/persistentchat/rm/`;
    await showRoomsView();
    await ui('click', { selector: roomsTitleAction('Create or Manage Rooms'), hoverFirst: ROOMS_HEADER });
    await waitFor(() => openExternal.opened.length > 0, 'the extension to open a web page', 10_000);
    assert.deepEqual(openExternal.opened, [provisioned], 'not (only) the provisioned internal address was opened for a user signed in from inside');
  });

  it('signed in from outside (the registrar says RemoteUser), the command opens the provisioned external address', async () => {
    pool.signInFromOutside(true);
    await signInAsAlice(service);
    await vscode.commands.executeCommand('lyncPersistentChat.manageRooms');
    assert.deepEqual(openExternal.opened, [`https://ext.${pool.config.domain}/persistentchat/rm/`], 'not (only) the provisioned external address was opened for a user signed in from outside');
  });

  it('when the pool names no room management page, the command says so and opens nothing', async () => {
    pool.provisionWebManager(false);
    await signInAsAlice(service);
    await showRoomsView();
    await ui('click', { selector: roomsTitleAction('Create or Manage Rooms'), hoverFirst: ROOMS_HEADER });
    await showNotificationsCenter();
    const message = await ui('element', { selector: notification('names no room management web page') });
    assert.equal(message.count, 1, 'no message says the pool names no room management page');
    assert.deepEqual(openExternal.opened, [], 'something was opened');
  });
});
