import assert from 'node:assert/strict';
import { LyncError } from '../../../src/common/errors';
import { Emitter } from '../../../src/common/events';
import { clampMs, clampSeconds, KEEP_ALIVE, REGISTRATION_EXPIRES, SESSION_EXPIRES } from '../../../src/common/intervals';
import type { ConnectionStatus } from '../../../src/persistentChat/chatConnection';
import { Reconnector } from '../../../src/persistentChat/reconnector';
import { recoveryFor, retryDelayMs, waitConnected } from '../../../src/persistentChat/recoveryPolicy';
import { FakeClock } from '../helpers/fakeClock';

describe('recovery policy', () => {
  it('non-transient causes fail; a lost chat session under a signed-in endpoint restarts the chat alone; the rest is retried', () => {
    for (const code of ['AuthenticationFailed', 'UserNotEnabled', 'CertificateUntrusted', 'SignatureInvalid', 'PersistentChatDisabled', 'Aborted'] as const) {
      assert.equal(recoveryFor(new LyncError(code, 'x', code === 'Aborted' ? {} : { retriable: false }), { signedIn: true }), 'fail', code);
    }
    const bye = new LyncError('ConnectionLost', 'The chat server ended the session.');
    const gone = new LyncError('ConnectionLost', '481', { sipStatus: 481 });
    assert.equal(recoveryFor(bye, { signedIn: true }), 'restartChat');
    assert.equal(recoveryFor(gone, { signedIn: true }), 'restartChat');
    assert.equal(recoveryFor(bye, { signedIn: false }), 'retry');
    for (const code of ['ConnectionFailed', 'ConnectionLost', 'Timeout', 'ServiceUnavailable'] as const) {
      assert.equal(recoveryFor(new LyncError(code, 'x'), { signedIn: false }), 'retry', code);
    }
  });

  it('waits at least the server\'s Retry-After, bounded to 10 minutes however large the header', () => {
    const busy = (ms?: number) => new LyncError('ServiceUnavailable', 'busy', { sipStatus: 503, retryAfterMs: ms });
    assert.equal(retryDelayMs(2000, busy()), 2000);
    assert.equal(retryDelayMs(2000, busy(30_000)), 30_000);
    assert.equal(retryDelayMs(60_000, busy(1000)), 60_000, 'never sooner than the backoff');
    assert.equal(retryDelayMs(2000, busy(999_999_999 * 1000)), 600_000);
  });

  it('the Reconnector announces the Retry-After delay of a 503', () => {
    const clock = new FakeClock();
    const r = new Reconnector(async () => undefined, { clock, baseDelayMs: 50, random: () => 1 });
    const delays: number[] = [];
    r.onReconnecting((e) => delays.push(e.delayMs));
    r.connectionLost(new LyncError('ServiceUnavailable', 'busy', { sipStatus: 503, retryAfterMs: 7000 }));
    assert.deepEqual(delays, [7000]);
    r.dispose();
  });

  it('clamps server intervals: values past Node\'s 2^31−1 ms timer limit, zero, negative and garbage all give sane timers', () => {
    for (const bounds of [REGISTRATION_EXPIRES, SESSION_EXPIRES, KEEP_ALIVE]) {
      for (const v of [2_147_484, 1e12, Number.MAX_SAFE_INTEGER, Infinity, 0, -5, NaN, 'abc', '', undefined]) {
        const ms = clampMs(v as number, bounds);
        assert.ok(ms >= bounds.min * 1000 && ms <= bounds.max * 1000 && ms < 2 ** 31 - 1, `${String(v)} → ${ms}`);
      }
    }
    assert.equal(clampSeconds('300', KEEP_ALIVE), 300);
    assert.equal(clampSeconds(undefined, SESSION_EXPIRES), SESSION_EXPIRES.fallback);
  });

  describe('waitConnected (the bounded wait of one-shot commands)', () => {
    function source() {
      const emitter = new Emitter<ConnectionStatus>();
      const s = { status: { phase: 'Connecting', userUri: 'sip:a@b', since: new Date() } as ConnectionStatus, onStatusChanged: emitter.event };
      const set = (change: Partial<ConnectionStatus>) => { s.status = { ...s.status, ...change }; emitter.fire(s.status); };
      return { s, set };
    }

    it('resolves on Connected after transient failures', async () => {
      const { s, set } = source();
      const done = waitConnected(s, 10_000);
      set({ phase: 'Reconnecting', lastError: new LyncError('ConnectionFailed', 'refused') });
      set({ phase: 'Connected', lastError: undefined });
      await done;
    });

    it('rejects with the non-transient error on Error', async () => {
      const { s, set } = source();
      const done = waitConnected(s, 10_000);
      set({ phase: 'Error', lastError: new LyncError('AuthenticationFailed', 'wrong password', { retriable: false }) });
      await assert.rejects(done, (e: LyncError) => e.code === 'AuthenticationFailed');
    });

    it('after the timeout, rejects with a Timeout that names the last transient error', async () => {
      const { s, set } = source();
      const done = waitConnected(s, 20);
      set({ phase: 'Reconnecting', lastError: new LyncError('ConnectionFailed', 'pool0 refused the connection') });
      await assert.rejects(done, (e: LyncError) => e.code === 'Timeout' && /pool0 refused/.test(e.message));
    });

    it('rejects Aborted when the signal fires', async () => {
      const { s } = source();
      const controller = new AbortController();
      const done = waitConnected(s, 10_000, controller.signal);
      controller.abort();
      await assert.rejects(done, (e: LyncError) => e.code === 'Aborted');
    });
  });
});
