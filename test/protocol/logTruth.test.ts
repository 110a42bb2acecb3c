import assert from 'node:assert/strict';
import { SimulatedLyncPool } from '../../simulator/pool';
import { captureLogger } from './helpers/capture';
import { aliceEndpoint, startPool } from './helpers/pool';

describe('The log of a normal sign-in tells the truth', () => {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  it('an NTLM sign-in (401 challenges answered by our authentication layer) logs no "cannot authenticate" from sip.js, at any level', async () => {
    const capture = captureLogger();
    const ep = aliceEndpoint(pool, 'tls', {}, capture.logger);
    await ep.establish();
    await ep.terminate();
    assert.ok(capture.has(/REGISTER/), 'the capture saw the sign-in at all (trace level is on)');
    const misleading = capture.lines.filter((l) => /cannot authenticate|Unable to obtain credentials/i.test(l));
    assert.deepEqual(misleading, []);
  });
});
