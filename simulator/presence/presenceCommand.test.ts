import assert from 'node:assert/strict';
import { HELP, runCommand } from '../console';
import { SimulatedLyncPool } from '../pool';

describe('npm run sim: the presence control', () => {
  let pool: SimulatedLyncPool;
  before(async () => { pool = await SimulatedLyncPool.start({ tlsPort: 0, tcpPort: 0 }); });
  after(async () => { await pool?.stop(); });

  it('status <user> <state> sets the user\'s presence (any case of the state) and says how many subscriptions heard it; a wrong state prints the usage', async () => {
    assert.match(HELP, /status <user> <state> .*available, busy, doNotDisturb, beRightBack, away, offline/);
    assert.equal(await runCommand(pool, 'status bob DoNotDisturb'), 'sip:bob@contoso.com is doNotDisturb; 0 subscription(s) notified');
    assert.match(await runCommand(pool, 'status bob sleeping'), /^usage: status <user> <available\|busy/);
    assert.match(pool.log.notes.at(-1) ?? '', /sip:bob@contoso\.com is now doNotDisturb/);
  });
});
