import assert from 'node:assert/strict';
import { runCommand, tokenize } from './console';
import { parseArgs } from './main';
import { SimulatedLyncPool } from './pool';
import { ALICE, signedIn } from './simTestUtil';

describe('npm run sim: arguments and the command prompt', () => {
  it('parses the documented flags and refuses unknown ones', () => {
    assert.deepEqual(parseArgs(['--tls-port', '0', '--tcp-port', '5070', '--ntlm-version', '3', '--digest', '--lync2010', '--director', '--verbose', '--log', '/tmp/x.log']), {
      tlsPort: 0, tcpPort: 5070, ntlmVersion: 3, auth: 'digest', lync2010: true, director: true, verbose: true, logFile: '/tmp/x.log',
    });
    assert.throws(() => parseArgs(['--ntlm-version', '5']), /3 or 4/);
    assert.throws(() => parseArgs(['--tls-port']), /needs a value/);
    assert.throws(() => parseArgs(['--bogus']), /unknown option/);
  });

  it('keeps "quoted words" together', () => {
    assert.deepEqual(tokenize('invite bob "Release Train"'), ['invite', 'bob', 'Release Train']);
  });

  describe('commands against a running pool', () => {
    let pool: SimulatedLyncPool;
    before(async () => { pool = await SimulatedLyncPool.start(); });
    after(async () => { await pool?.stop(); });

    it('lists users with their registration state and rooms by number', async () => {
      const ep = await signedIn(pool);
      try {
        assert.match(await runCommand(pool, 'users'), /sip:alice@contoso\.com .*Alice Anders\s+registered \(TCP\)/);
        assert.match(await runCommand(pool, 'rooms'), /^\s+1\. \S/);
      } finally {
        await ep.client.close();
      }
    });

    it('resolves users and rooms by short name, number and quoted name', async () => {
      const first = pool.rooms()[0];
      assert.ok(first);
      assert.match(await runCommand(pool, `post bob 1 hello there`), new RegExp(`posted as sip:bob@contoso\\.com in ${first.uri}`));
      assert.match(await runCommand(pool, `post carol "${first.name}" again`), /posted as sip:carol@contoso\.com/);
      assert.match(await runCommand(pool, 'post bob "No Such Room" x'), /^error: No room "No Such Room"/);
    });

    it('sets the faults: fail (status, method, diagnostics) and stall', async () => {
      assert.match(await runCommand(pool, 'fail 503 SUBSCRIBE 1008;reason="busy"'), /next SUBSCRIBE gets 503 Service Unavailable/);
      assert.deepEqual(pool.faults.nextResponse, { status: 503, reason: 'Service Unavailable', method: 'SUBSCRIBE', diagnostics: '1008;reason="busy"' });
      assert.match(await runCommand(pool, 'stall 2'), /by 2 s/);
      assert.equal(pool.faults.stallMs, 2000);
      await runCommand(pool, 'stall 0');
      assert.equal(pool.faults.stallMs, 0);
      pool.faults.nextResponse = undefined;
    });

    it('sets the re-authentication faults: challenge 407 INVITE (Proxy-Authenticate offers) and dropsa on the named user', async () => {
      assert.match(await runCommand(pool, 'challenge 407 INVITE'), /next INVITE gets 407/);
      assert.equal(pool.faults.nextResponse?.status, 407);
      assert.ok(pool.faults.nextResponse?.headers?.some((h) => /^Proxy-Authenticate: NTLM realm=/.test(h)), 'a fresh NTLM offer in Proxy-Authenticate');
      pool.faults.nextResponse = undefined;
      assert.match(await runCommand(pool, 'challenge 302'), /^usage: challenge/);
      assert.equal(await runCommand(pool, 'dropsa bob'), 'security association dropped on 0 connection(s)');
    });

    it('reset and malformed act on the named user\'s connections; quit asks to stop', async () => {
      const ep = await signedIn(pool);
      assert.equal(await runCommand(pool, 'malformed bob'), 'garbage frame sent on 0 connection(s)');
      assert.equal(await runCommand(pool, `reset ${ALICE.uri}`), '1 connection(s) reset');
      await ep.client.closed;
      assert.equal(await runCommand(pool, 'quit'), 'quit');
      assert.match(await runCommand(pool, 'frobnicate'), /unknown command/);
    });
  });
});
