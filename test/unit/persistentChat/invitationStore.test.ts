import assert from 'node:assert/strict';
import { InvitationStoreState, MemoryInvitationStore } from '../../../src/persistentChat/invitationStore';

describe('MemoryInvitationStore', () => {
  it('remembers handled ids and saves every change', () => {
    const saved: InvitationStoreState[] = [];
    const store = new MemoryInvitationStore(undefined, (s) => saved.push(s));
    store.markHandled(5);
    assert.equal(store.isHandled(5), true);
    assert.equal(store.isHandled(4), false);
    assert.equal(store.maxHandled, 5);
    assert.deepEqual(saved.at(-1), { highWaterMark: 0, handled: [5] });
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
});
