import assert from 'node:assert/strict';
import { LyncError } from '../../src/common/errors';
import { InProcessPoolMemory, RememberedPool } from '../../src/endpoint/poolMemory';
import type { FailNextSpec, SimulatedLyncPool } from '../../simulator/pool';
import { ALICE, aliceEndpoint, startPool } from './helpers/pool';

/** What the layers above a sign-in see of its failure (the connection's retry and the extension's password handling read these). */
type Failure = Pick<LyncError, 'code' | 'message' | 'sipStatus' | 'diagnostics' | 'retryAfterMs' | 'retriable' | 'auth'>;

/**
 * docs/protocol/sipae.md#early-negotiate: a restart's first REGISTER carries the NTLM negotiate request
 * (the registrar's offer remembered from the last run). Whatever the pool answers it with, other than a
 * 400 or an authentication challenge, is the pool's answer to the sign-in: the same error, retry and
 * password handling as when the same answer comes to a plain first REGISTER.
 */
describe('early NTLM negotiate against the simulated pool: a fault on the first REGISTER ends a restart as it ends a first start', function () {
  let pool: SimulatedLyncPool;
  let remembered: RememberedPool;
  before(async () => {
    pool = await startPool();
    const memory = new InProcessPoolMemory();
    await signIn(memory);
    remembered = memory.load();
    assert.ok(remembered.ntlmOffer && remembered.registrar, 'the first start remembered the registrar and its NTLM offer');
  });
  after(async () => { await pool?.stop(); });

  /** Signs in (TCP) with `memory`; the failure, or undefined once Established (then signed out). */
  async function signIn(memory: InProcessPoolMemory, password = ALICE.password): Promise<Failure | undefined> {
    const ep = aliceEndpoint(pool, 'tcp', { poolMemory: memory, credential: { username: ALICE.login, password, authentication: 'ntlm' } });
    try {
      await ep.establish();
      return undefined;
    } catch (error) {
      const { code, message, sipStatus, diagnostics, retryAfterMs, retriable, auth } = LyncError.from(error);
      return { code, message, sipStatus, diagnostics, retryAfterMs, retriable, auth };
    } finally {
      await ep.terminate();
      ep.dispose();
    }
  }

  /** A restart (memory holding the registrar and offer) with `fault` on its first REGISTER; checks that REGISTER was the early request. */
  async function restartWith(fault: FailNextSpec | undefined, password?: string): Promise<Failure | undefined> {
    const memory = new InProcessPoolMemory();
    memory.save(remembered);
    const from = pool.messageLog.at(-1)?.seq ?? 0;
    if (fault) pool.failNext(fault);
    const outcome = await signIn(memory, password);
    const first = pool.messageLog.find((m) => m.seq > from && m.direction === 'in' && m.firstLine.startsWith('REGISTER '));
    assert.match(first?.text ?? '', /^Authorization: /m, 'the first REGISTER carried the early negotiate request');
    return outcome;
  }

  /** A first start (no memory: a plain first REGISTER) with the same fault. */
  async function firstStartWith(fault: FailNextSpec | undefined, password?: string): Promise<Failure | undefined> {
    if (fault) pool.failNext(fault);
    return signIn(new InProcessPoolMemory(), password);
  }

  const faults: FailNextSpec[] = [
    { method: 'REGISTER', status: 403, reason: 'Forbidden', diagnostics: '1000;reason="User is disabled"' },
    { method: 'REGISTER', status: 404, reason: 'Not Found', diagnostics: '4005;reason="Destination URI either not enabled for SIP or does not exist"' },
    { method: 'REGISTER', status: 503, reason: 'Service Unavailable', headers: ['Retry-After: 7'], diagnostics: '1008;reason="Server is busy"' },
    { method: 'REGISTER', status: 480, reason: 'Temporarily Unavailable' },
    { method: 'REGISTER', status: 500, reason: 'Server Internal Error' },
  ];
  for (const fault of faults) {
    it(`${fault.status} ${fault.reason}: the same typed error (code, status, diagnostics, retry, retriable) as on a plain first REGISTER, and no second REGISTER`, async () => {
      const expected = await firstStartWith(fault);
      assert.ok(expected, 'a first start fails with it');
      const from = pool.messageLog.at(-1)?.seq ?? 0;
      assert.deepEqual(await restartWith(fault), expected);
      const registers = pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && m.firstLine.startsWith('REGISTER '));
      assert.equal(registers.length, 1, 'the fault ended the sign-in: the early request was not followed by a plain REGISTER');
    });
  }

  it('a refused password: the same passwordRefused error (the only one that removes a stored password) as on a first start', async () => {
    const expected = await firstStartWith(undefined, 'wrong');
    assert.equal(expected?.auth?.reason, 'passwordRefused');
    assert.deepEqual(await restartWith(undefined, 'wrong'), expected);
  });

  it('a 400 to the early request: the plain first REGISTER follows at once and the restart signs in', async () => {
    assert.equal(await restartWith({ method: 'REGISTER', status: 400, reason: 'Bad Request' }), undefined);
  });
});
