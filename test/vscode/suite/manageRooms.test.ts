import * as assert from 'node:assert/strict';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import type { LyncService } from '../../../src/extension/lyncService';
import { cleanUp, configureForPool, lyncService, signInAsAlice } from './helpers/lync';
import { sharedPool } from './helpers/pool';
import { ROOMS_HEADER, roomsTitleAction, showRoomsView } from './helpers/rooms';
import { clearNotifications, notification, showNotificationsCenter } from './helpers/workbench';
import { requireUi, ui } from './ui';

/** The workbench's prompt before it opens an external website whose domain is not trusted: it names the address. */
const OPEN_WEBSITE_DIALOG = '.monaco-dialog-box';

describe('Create or Manage Rooms…: the room management web page provisioning names', () => {
  let pool: SimulatedLyncPool;
  let service: LyncService;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
  });

  beforeEach(async function () {
    requireUi(this);
    await configureForPool(pool);
    await clearNotifications();
  });

  afterEach(async () => {
    pool.provisionWebManager(true);
    const dialog = await ui('element', { selector: OPEN_WEBSITE_DIALOG, waitFor: 'none' });
    if (dialog.count > 0) await ui('click', { selector: `${OPEN_WEBSITE_DIALOG} .monaco-button:has-text("Cancel")`, untilHidden: OPEN_WEBSITE_DIALOG });
    if (service) await cleanUp(service, pool);
  });

  it('the Rooms view title action opens the provisioned internal address (signed in from inside)', async () => {
    await signInAsAlice(service);
    const provisioned = `https://${pool.config.fqdn}/persistentchat/rm/`;
    await showRoomsView();
    await ui('click', { selector: roomsTitleAction('Create or Manage Rooms'), hoverFirst: ROOMS_HEADER });
    // openExternal of a domain the workbench does not trust asks first, naming the address it was given.
    const dialog = await ui('element', { selector: OPEN_WEBSITE_DIALOG });
    assert.ok(dialog.text.includes(provisioned), `the workbench was asked to open something else: ${dialog.text}`);
    assert.ok(!dialog.text.includes(`ext.${pool.config.domain}`), 'the external address was opened for a user signed in from inside');
    await ui('click', { selector: `${OPEN_WEBSITE_DIALOG} .monaco-button:has-text("Cancel")`, untilHidden: OPEN_WEBSITE_DIALOG });
  });

  it('when the pool names no room management page, the command says so and opens nothing', async () => {
    pool.provisionWebManager(false);
    await signInAsAlice(service);
    await showRoomsView();
    await ui('click', { selector: roomsTitleAction('Create or Manage Rooms'), hoverFirst: ROOMS_HEADER });
    await showNotificationsCenter();
    const message = await ui('element', { selector: notification('names no room management web page') });
    assert.equal(message.count, 1, 'no message says the pool names no room management page');
    assert.equal((await ui('element', { selector: OPEN_WEBSITE_DIALOG, waitFor: 'none' })).count, 0, 'something was opened');
  });
});
