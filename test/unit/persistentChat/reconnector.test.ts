import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { Emitter } from '../../../src/common/events';
import { Reconnector } from '../../../src/persistentChat/reconnector';
import { FakeClock, flush } from '../helpers/fakeClock';

describe('Reconnector', () => {
  const lost = new LyncError('ConnectionLost', 'gone');

  it('backs off exponentially with jitter and caps the delay at about five minutes', () => {
    const r = new Reconnector(async () => undefined, { baseDelayMs: 2000, maxDelayMs: 300_000, random: () => 1 });
    assert.deepEqual([1, 2, 3, 4].map((n) => r.delayFor(n)), [2000, 4000, 8000, 16000]);
    assert.equal(r.delayFor(20), 300_000);
    const low = new Reconnector(async () => undefined, { baseDelayMs: 2000, random: () => 0 });
    assert.equal(low.delayFor(3), 4000, 'jitter never goes below half the exponential delay');
    r.dispose(); low.dispose();
  });

  it('retries after the announced delay until connect succeeds, then resets the backoff', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const r = new Reconnector(async () => { calls += 1; if (calls < 3) throw new LyncError('ConnectionFailed', 'refused'); }, { clock, random: () => 1 });
    const announced: number[] = [];
    let connected = 0;
    r.onReconnecting((e) => announced.push(e.delayMs));
    r.onConnected(() => { connected += 1; });
    r.connectionLost(lost);
    assert.deepEqual(announced, [2000]);
    clock.advance(1999); await flush();
    assert.equal(calls, 0, 'no attempt before the announced delay');
    clock.advance(1); await flush();
    assert.equal(calls, 1);
    assert.deepEqual(announced, [2000, 4000]);
    clock.advance(4000); await flush();
    assert.equal(calls, 2);
    clock.advance(8000); await flush();
    assert.equal(calls, 3);
    assert.equal(connected, 1);
    assert.equal(clock.pending, 0, 'no timer left once connected');
    r.connectionLost(lost);
    assert.equal(announced.at(-1), 2000, 'backoff starts over after a success');
    r.dispose();
  });

  it('never reconnects for a wrong password and says so', () => {
    const clock = new FakeClock();
    const r = new Reconnector(async () => undefined, { clock });
    let gaveUp: LyncError | undefined;
    r.onGaveUp((e) => { gaveUp = e; });
    r.connectionLost(new LyncError('AuthenticationFailed', 'wrong password', { retriable: false }));
    assert.equal(gaveUp?.code, 'AuthenticationFailed');
    assert.equal(clock.pending, 0);
    r.dispose();
  });

  it('gives up when a retry fails for a non-retriable cause', async () => {
    const clock = new FakeClock();
    const r = new Reconnector(async () => { throw new LyncError('CertificateUntrusted', 'untrusted', { retriable: false }); }, { clock, random: () => 1 });
    let gaveUp = false;
    r.onGaveUp(() => { gaveUp = true; });
    r.connectionLost(lost);
    clock.advance(2000); await flush();
    assert.equal(gaveUp, true);
    assert.equal(r.isActive, false);
    r.dispose();
  });

  it('never reconnects after stop(), even with a retry scheduled', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const r = new Reconnector(async () => { calls += 1; }, { clock });
    r.connectionLost(lost);
    r.stop();
    clock.advance(600_000); await flush();
    r.connectionLost(lost);
    clock.advance(600_000); await flush();
    assert.equal(calls, 0);
    assert.equal(clock.pending, 0);
    r.dispose();
  });

  it('retries at once on a wake or network change instead of waiting out the backoff', async () => {
    const clock = new FakeClock();
    const wake = new Emitter<void>();
    let calls = 0;
    const r = new Reconnector(async () => { calls += 1; }, { clock, wake: wake.event, random: () => 1, baseDelayMs: 60_000 });
    r.connectionLost(lost);
    wake.fire(); await flush();
    assert.equal(calls, 1);
    assert.equal(clock.pending, 0);
    wake.fire(); await flush();
    assert.equal(calls, 1, 'a wake while connected does nothing');
    r.dispose();
    assert.equal(wake.listenerCount, 0, 'dispose removes the wake listener');
  });
});
