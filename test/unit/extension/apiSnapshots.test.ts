import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { apiError, invitationSnapshot, messageSnapshot, roomSnapshot, statusSnapshot } from '../../../src/extension/api/snapshots';

const SINCE = new Date('2026-12-07T10:00:00.000Z');

/** Frozen at every level, and equal to its JSON round trip (plain data only: no class, no Date, no function). */
function assertPlainFrozen(value: unknown): void {
  assert.deepEqual(JSON.parse(JSON.stringify(value)), value);
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    assert.ok(Object.isFrozen(v), `${JSON.stringify(v)} is not frozen`);
    for (const child of Object.values(v)) visit(child);
  };
  visit(value);
}

describe('The public API\'s snapshots of internal objects', () => {
  it('a status carries the phase, user, server, chat server, signedIn and the last error as { code, message } only', () => {
    const lastError = new LyncError('AuthenticationFailed', 'The password was refused.', { sipStatus: 401, diagnostics: '1000;reason="secret detail"' });
    const status = statusSnapshot({ phase: 'Reconnecting', userUri: 'sip:alice@contoso.com', server: 'pool.contoso.com:5061', chatServerUri: 'sip:chat@contoso.com', since: SINCE, lastError, nextAttemptAt: new Date('2026-12-07T10:00:05.000Z'), attempt: 2 }, true);
    assert.deepEqual(status, {
      phase: 'Reconnecting', user: 'sip:alice@contoso.com', signedIn: true, server: 'pool.contoso.com:5061', chatServer: 'sip:chat@contoso.com',
      since: '2026-12-07T10:00:00.000Z', lastError: { code: 'AuthenticationFailed', message: 'The password was refused.' }, nextAttemptAt: '2026-12-07T10:00:05.000Z',
    });
    assertPlainFrozen(status);
  });

  it('a NotConfigured status has no connection fields', () => {
    const status = statusSnapshot({ phase: 'NotConfigured', since: SINCE, missing: 'sipUri', userUri: '' }, false);
    assert.deepEqual(status, { phase: 'NotConfigured', user: '', signedIn: false, since: '2026-12-07T10:00:00.000Z' });
    assertPlainFrozen(status);
  });

  it('a followed room keeps uri, name, state, unread, mentions and muted, not its participants or failure', () => {
    const room = roomSnapshot({ uri: 'ma-chan://contoso.com/r1', name: 'Coffee', state: 'NoAccess', reason: new LyncError('NotAMember', 'no'), unread: 3, mentions: 1, muted: false, participants: ['sip:bob@contoso.com'], description: 'd' });
    assert.deepEqual(room, { uri: 'ma-chan://contoso.com/r1', name: 'Coffee', state: 'NoAccess', unread: 3, mentions: 1, muted: false });
    assertPlainFrozen(room);
  });

  it('a message has its time as ISO 8601 and no author name when the server gave none', () => {
    const message = messageSnapshot({ id: 'm1', roomUri: 'ma-chan://contoso.com/r1', author: 'sip:bob@contoso.com', time: SINCE, text: 'hi', mention: true, alert: false, own: false });
    assert.deepEqual(message, { id: 'm1', roomUri: 'ma-chan://contoso.com/r1', author: 'sip:bob@contoso.com', text: 'hi', time: '2026-12-07T10:00:00.000Z', mention: true, own: false });
    assertPlainFrozen(message);
  });

  it('an invitation keeps the room\'s uri and name and the inviter', () => {
    const invitation = invitationSnapshot({ id: 7, createdOn: SINCE, inviter: 'sip:bob@contoso.com', room: { uri: 'ma-chan://contoso.com/r1', name: 'Coffee', description: 'd', participantCount: 4, privacy: 'open' } });
    assert.deepEqual(invitation, { id: 7, room: { uri: 'ma-chan://contoso.com/r1', name: 'Coffee' }, inviter: 'sip:bob@contoso.com', createdOn: '2026-12-07T10:00:00.000Z' });
    assertPlainFrozen(invitation);
  });

  it('an error becomes a plain Error named LyncPersistentChatError with the code, without the SIP details or the cause', () => {
    const error = apiError(new LyncError('PostNotAllowed', 'Read-only room.', { sipStatus: 403, diagnostics: 'internal', cause: new Error('inner') }));
    assert.equal(error.name, 'LyncPersistentChatError');
    assert.equal(error.code, 'PostNotAllowed');
    assert.equal(error.message, 'Read-only room.');
    assert.equal(LyncError.is(error), false);
    assert.equal((error as { cause?: unknown }).cause, undefined);
    assert.equal(apiError(new Error('boom')).code, 'ProtocolError');
  });
});
