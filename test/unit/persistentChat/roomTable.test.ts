import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { nullLogger } from '../../../src/common/logger';
import { MemoryFollowedRoomStore } from '../../../src/persistentChat/rooms/followedRoomStore';
import { RoomTable } from '../../../src/persistentChat/rooms/roomTable';

const A = 'ma-chan://contoso.com/a';
const B = 'ma-chan://contoso.com/b';
const C = 'ma-chan://contoso.com/c';

function table(): RoomTable {
  return new RoomTable(new MemoryFollowedRoomStore([{ uri: A, name: 'A' }, { uri: B, name: 'B' }]), nullLogger);
}

describe('RoomTable (the one owner of a room\'s session state)', () => {
  it('a refused join becomes Gone (room deleted), NoAccess (not a member) or NotJoined, keeping the reason', () => {
    const t = table();
    const cases = [['RoomNotFound', 'Gone'], ['NotAMember', 'NoAccess'], ['Timeout', 'NotJoined']] as const;
    for (const [code, state] of cases) {
      const entry = t.ensure(A);
      t.markJoining(entry);
      const reason = new LyncError(code, code);
      t.markRefused(entry, reason);
      assert.equal(entry.state, state, code);
      assert.equal(entry.reason, reason);
      assert.equal(entry.held, undefined, 'no messages held for a refused room');
    }
  });

  it('the posting right: unknown until a refused post marks it false, unknown again when a new chat endpoint is established', () => {
    const t = table();
    const entry = t.ensure(A);
    assert.equal(entry.info.canPost, undefined, 'unknown before the server refuses a post');
    t.markPostingRight(entry, false);
    assert.equal(entry.info.canPost, false);
    t.markAllJoining();
    assert.equal(entry.info.canPost, undefined, 'a refusal of the previous session still holds');
  });

  it('a new chat endpoint makes every room Joining except those Gone or NoAccess; its end makes joined and joining rooms NotJoined and records rooms it joined directly', () => {
    const t = table();
    t.markRefused(t.ensure(B), new LyncError('NotAMember', 'removed'));
    t.markAllJoining();
    assert.equal(t.get(A)?.state, 'Joining');
    assert.equal(t.get(B)?.state, 'NoAccess');
    assert.deepEqual(t.get(B)?.held, [], 'every room holds live messages until caught up');
    t.markJoined(t.ensure(A));
    t.markAllEnded([C]);
    assert.equal(t.get(A)?.state, 'NotJoined');
    assert.equal(t.get(B)?.state, 'NoAccess');
    assert.equal(t.get(C)?.state, 'NotJoined', 'the room joined on the endpoint is tracked, then ended with it');
  });

  it('being taken out of a room makes it NotJoined with the reason and no participants; joining again clears the reason', () => {
    const t = table();
    const entry = t.ensure(A);
    t.markJoined(entry);
    entry.participants.add('sip:bob@contoso.com');
    t.markTakenOut(entry, new LyncError('ConnectionLost', 'taken out'));
    assert.equal(entry.state, 'NotJoined');
    assert.equal(entry.participants.size, 0);
    assert.equal(entry.reason?.message, 'taken out');
    t.markJoined(entry);
    assert.equal(entry.state, 'Joined');
    assert.equal(entry.reason, undefined);
  });
});
