import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import type { LyncConnectionStatus, LyncFollowedRoom, LyncPersistentChatApi, LyncRoomMessage } from '../../../src/extension/api/types';
import { cleanUp, configureForPool, Lync, lyncService } from './helpers/lync';
import { ALICE, sharedPool } from './helpers/pool';
import { BOB, COFFEE } from './helpers/roomsFixture';
import { closeAllEditors } from './helpers/rooms';
import { waitFor } from './helpers/wait';

const DOCUMENTED = ['apiVersion', 'signIn', 'connect', 'status', 'onDidChangeStatus', 'followedRooms', 'onDidChangeRooms', 'onDidReceiveMessage', 'post', 'invitations', 'onDidChangeInvitations'];

/** The value as JSON would carry it: equal to the value only when it is plain data. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(() => assert.fail('expected a rejection'), (error: unknown) => error as Error & { code?: string });
}

describe('The API other extensions get: version 1, plain frozen data, no internal objects', () => {
  let pool: SimulatedLyncPool;
  let service: Lync;
  let api: LyncPersistentChatApi;

  before(async () => {
    pool = await sharedPool();
    service = await lyncService();
    api = service.api;
  });

  afterEach(() => cleanUp(service, pool));

  it('activate() returns version 1 with exactly the documented members, frozen, and its values are frozen plain data', () => {
    assert.equal(api.apiVersion, 1);
    assert.deepEqual(Object.keys(api).sort(), [...DOCUMENTED].sort());
    assert.ok(Object.isFrozen(api), 'the API object can be changed by a consumer');
    for (const value of [api.status, api.followedRooms, api.invitations]) {
      assert.ok(Object.isFrozen(value), `${JSON.stringify(value)} is not frozen`);
      assert.deepEqual(plain(value), value, 'a value the API hands out is not plain data');
    }
  });

  it('signIn connects: onDidChangeStatus reports Connecting then Connected with the server, the chat server and signedIn', async () => {
    await configureForPool(pool);
    const statuses: LyncConnectionStatus[] = [];
    const subscription = api.onDidChangeStatus((s) => statuses.push(s));
    try {
      await api.signIn(ALICE.uri, ALICE.password);
    } finally {
      subscription.dispose();
    }
    assert.deepEqual(statuses.map((s) => s.phase).slice(-2), ['Connecting', 'Connected']);
    const status = api.status;
    assert.equal(status.phase, 'Connected');
    assert.equal(status.user, ALICE.uri);
    assert.equal(status.signedIn, true);
    assert.equal(status.server, `${pool.addresses.tls.host}:${pool.addresses.tls.port}`);
    assert.match(status.chatServer ?? '', /^sip:/);
    assert.ok(Object.isFrozen(status));
    assert.deepEqual(plain(status), status);
  });

  it('signIn for another SIP address than the settings\' rejects with a LyncPersistentChatError carrying the code, and does not connect', async () => {
    await configureForPool(pool);
    const error = await rejection(api.signIn('sip:mallory@contoso.com', 'x'));
    assert.equal(error.name, 'LyncPersistentChatError');
    assert.equal(error.code, 'InvalidSettings');
    assert.deepEqual(Object.keys(error).sort(), ['code', 'name'], 'the rejection carries more than its name and code');
    assert.equal(api.status.phase, 'Disconnected');
  });

  it('a followed room is listed with its state and counts; a message posted at the pool arrives once as plain data; post() reaches the pool', async () => {
    await configureForPool(pool);
    await api.signIn(ALICE.uri, ALICE.password);
    const changes: (readonly LyncFollowedRoom[])[] = [];
    const messages: LyncRoomMessage[] = [];
    const subscriptions = [api.onDidChangeRooms((rooms) => changes.push(rooms)), api.onDidReceiveMessage((m) => messages.push(m))];
    try {
      await vscode.commands.executeCommand('lyncPersistentChat.openRoom', COFFEE);
      await closeAllEditors();
      await waitFor(() => api.followedRooms.find((r) => r.uri === COFFEE.uri)?.state === 'Joined', 'Coffee Corner to be listed as joined', 10_000, () => JSON.stringify(api.followedRooms));
      assert.ok(changes.some((rooms) => rooms.some((r) => r.uri === COFFEE.uri)), 'onDidChangeRooms never listed the followed room');
      assert.deepEqual(plain(api.followedRooms.find((r) => r.uri === COFFEE.uri)), { uri: COFFEE.uri, name: COFFEE.name, state: 'Joined', unread: 0, mentions: 0, muted: false });

      const text = `From bob to the API ${Date.now()}`;
      pool.chat.post(BOB, COFFEE.uri, text);
      const received = await waitFor(() => messages.find((m) => m.text === text), 'the message to reach onDidReceiveMessage');
      assert.equal(received.roomUri, COFFEE.uri);
      assert.equal(received.author, BOB);
      assert.equal(received.own, false);
      assert.ok(!Number.isNaN(Date.parse(received.time)), `time ${received.time} is not a date`);
      assert.ok(Object.isFrozen(received));
      assert.deepEqual(plain(received), received);
      await waitFor(() => api.followedRooms.find((r) => r.uri === COFFEE.uri)?.unread === 1, 'the message to count as unread');

      const before = pool.chat.rooms().find((r) => r.uri === COFFEE.uri)?.historyCount ?? -1;
      const posted = await api.post(COFFEE.uri, 'Posted through the API');
      assert.equal(posted.own, true);
      assert.equal(posted.text, 'Posted through the API');
      assert.equal(pool.chat.rooms().find((r) => r.uri === COFFEE.uri)?.historyCount, before + 1, 'the post did not reach the pool once');
      assert.equal(messages.filter((m) => m.text === 'Posted through the API').length, 0, 'the own post was delivered again as a received message');
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });

  it('post() to something that is not a room link, or while not connected, rejects with a code and sends nothing', async () => {
    const notALink = await rejection(api.post('javascript:alert(1)', 'hi'));
    assert.equal(notALink.name, 'LyncPersistentChatError');
    assert.equal(notALink.code, 'RoomNotFound');
    const offline = await rejection(api.post(COFFEE.uri, 'hi'));
    assert.equal(offline.code, 'ConnectionLost');
  });
});
