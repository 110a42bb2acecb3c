import assert from 'node:assert/strict';
import { NetworkWatcher } from '../../../src/persistentChat/networkWatcher';
import { FakeClock } from '../helpers/fakeClock';

describe('NetworkWatcher', () => {
  it('reports a wake from sleep when its timer fires far later than asked', () => {
    const clock = new FakeClock();
    const w = new NetworkWatcher(5000, 15_000, clock, () => 'a');
    let changes = 0;
    w.onChange(() => { changes += 1; });
    clock.advance(5000);
    assert.equal(changes, 0, 'an on-time tick is not a wake');
    clock.jump(60_000);
    clock.advance(5000);
    assert.equal(changes, 1);
    w.dispose();
    assert.equal(clock.pending, 0, 'dispose clears its timer');
  });

  it('reports a change of network addresses', () => {
    const clock = new FakeClock();
    let addresses = '10.0.0.2';
    const w = new NetworkWatcher(5000, 15_000, clock, () => addresses);
    let changes = 0;
    w.onChange(() => { changes += 1; });
    addresses = '192.0.2.7';
    clock.advance(5000);
    clock.advance(5000);
    assert.equal(changes, 1);
    w.dispose();
  });
});
