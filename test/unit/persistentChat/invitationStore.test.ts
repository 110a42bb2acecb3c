import assert from 'node:assert/strict';
import { InvitationStoreState, MemoryInvitationStore } from '../../../src/persistentChat/invitationStore';

describe('MemoryInvitationStore', () => {
  it('remembers dismissed ids and saves every change', () => {
    const saved: InvitationStoreState[] = [];
    const store = new MemoryInvitationStore(undefined, (s) => saved.push(s));
    store.dismiss(5);
    assert.equal(store.isDismissed(5), true);
    assert.deepEqual(saved.at(-1), { highWaterMark: 0, dismissed: [5] });
  });

  it('only moves the high-water mark up and forgets dismissals at or below it', () => {
    const store = new MemoryInvitationStore({ highWaterMark: 3, dismissed: [4, 9] });
    store.setHighWaterMark(2);
    assert.equal(store.highWaterMark, 3);
    store.setHighWaterMark(5);
    assert.equal(store.highWaterMark, 5);
    assert.equal(store.isDismissed(4), false);
    assert.equal(store.isDismissed(9), true);
  });
});
