import assert from 'node:assert/strict';
import { DisposableStore, Emitter, setListenerErrorReporter } from '../../../src/common/events';

describe('Emitter and DisposableStore', () => {
  it('delivers to every listener even when one throws, and reports the error', () => {
    const errors: unknown[] = [];
    const e = new Emitter<number>((err) => errors.push(err));
    const seen: number[] = [];
    e.event(() => { throw new Error('boom'); });
    e.event((v) => seen.push(v));
    e.fire(7);
    assert.deepEqual(seen, [7]);
    assert.equal(errors.length, 1);
  });

  it('an emitter without its own handler reports listener exceptions to the process reporter (the logger), not to nowhere', () => {
    const reported: unknown[] = [];
    const registration = setListenerErrorReporter((err) => reported.push(err));
    try {
      const e = new Emitter<number>();
      e.event(() => { throw new Error('listener bug'); });
      e.fire(1);
      assert.equal((reported[0] as Error)?.message, 'listener bug');
    } finally {
      registration.dispose();
    }
  });

  it('stops delivering after a listener is disposed and after the emitter is disposed', () => {
    const e = new Emitter<number>();
    const seen: number[] = [];
    const sub = e.event((v) => seen.push(v));
    e.fire(1);
    sub.dispose();
    e.fire(2);
    e.event((v) => seen.push(v * 10));
    e.dispose();
    e.fire(3);
    assert.deepEqual(seen, [1]);
    assert.equal(e.listenerCount, 0);
  });

  it('disposes in reverse order, and at once for items added after disposal', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add({ dispose: () => order.push('a') });
    store.add({ dispose: () => order.push('b') });
    store.dispose();
    store.add({ dispose: () => order.push('late') });
    assert.deepEqual(order, ['b', 'a', 'late']);
  });
});
