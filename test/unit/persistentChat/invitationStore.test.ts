import assert from 'node:assert/strict';
import { InvitationStoreState, MAX_SEEN_IDS, MemoryInvitationStore } from '../../../src/persistentChat/invitationStore';

describe('MemoryInvitationStore', () => {
  it('remembers handled ids and saves every change', () => {
    const saved: InvitationStoreState[] = [];
    const store = new MemoryInvitationStore(undefined, (s) => saved.push(s));
    store.markHandled(5);
    assert.equal(store.isHandled(5), true);
    assert.equal(store.isHandled(4), false);
    assert.equal(store.maxHandled, 5);
    assert.deepEqual(saved.at(-1), { highWaterMark: 0, handled: [5], seen: [] });
  });

  it('treats everything at or below the high-water mark as handled, only moves it up, and forgets ids below it', () => {
    const store = new MemoryInvitationStore({ highWaterMark: 3, handled: [4, 9] });
    assert.equal(store.isHandled(2), true);
    store.setHighWaterMark(2);
    assert.equal(store.highWaterMark, 3);
    store.setHighWaterMark(5);
    assert.equal(store.highWaterMark, 5);
    assert.equal(store.isHandled(9), true);
    assert.equal(store.isHandled(7), false);
  });

  it('announces an id once: markSeen is true the first time, false after a reload of the saved state, and ids at or below the mark are never new', () => {
    const saved: InvitationStoreState[] = [];
    const store = new MemoryInvitationStore({ highWaterMark: 3, handled: [] }, (s) => saved.push(s));
    assert.equal(store.markSeen(7), true);
    assert.equal(store.markSeen(7), false);
    assert.equal(store.markSeen(2), false, 'an id at or below the high-water mark was handled long ago');
    const reloaded = new MemoryInvitationStore(JSON.parse(JSON.stringify(saved.at(-1))) as InvitationStoreState);
    assert.equal(reloaded.markSeen(7), false, 'a restart announced an invitation again');
    assert.equal(reloaded.markSeen(8), true);
    reloaded.setHighWaterMark(7);
    assert.equal(reloaded.markSeen(7), false);
  });

  it('keeps at most MAX_SEEN_IDS announced ids, dropping the oldest, and ignores junk in saved state', () => {
    const store = new MemoryInvitationStore({ highWaterMark: 0, handled: [], seen: [1, 'x', 2.5, null] as unknown as number[] });
    assert.equal(store.markSeen(1), false);
    for (let id = 2; id <= MAX_SEEN_IDS + 1; id++) store.markSeen(id);
    assert.equal(store.markSeen(1), true, 'the oldest id was not dropped at the bound');
  });
});
