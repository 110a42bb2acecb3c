import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoPool } from './demo';
import { SimulatedLyncPool } from './pool';
import { RawSipClient } from './rawClient';
import { activeHandles, ALICE, BOB, connect, eventually, signedIn } from './simTestUtil';
import { ntlmSignIn, SipeEndpoint } from './sipeMessages';

describe('simulated pool: lifecycle and message log', () => {
  it('stop() closes every listener, connection and timer it opened', async () => {
    await new Promise((resolve) => setImmediate(resolve)); // mocha's own test timer is armed by now
    const before = activeHandles();
    const pool = await SimulatedLyncPool.start({ director: true, trustedApplications: [{ fqdn: 'client.contoso.com', gruu: 'sip:app@contoso.com;gruu' }] });
    const tls = await signedIn(pool, 'TLS', ALICE);
    const tcp = await signedIn(pool, 'TCP', BOB);
    const idle = await connect(pool, 'TCP');
    await tls.client.request(tls.request('INVITE', 'sip:ocschat@contoso.com', { contentType: 'application/sdp', body: 'v=0\r\n' }));
    pool.stall(30); // leaves a stalled response pending
    tcp.client.send(tcp.request('OPTIONS', 'sip:contoso.com'));
    await eventually(() => pool.messageLog.filter((e) => e.direction === 'in' && e.firstLine.startsWith('OPTIONS')).length === 1, 'the stalled request to arrive');
    assert.equal(pool.listening, true);
    const connections = pool.connections();
    assert.equal(connections.reduce((n, c) => n + c.pendingTimers, 0), 3, 'two registration timers and one stalled response');

    await pool.stop();
    assert.deepEqual(connections.map((c) => [c.open, c.pendingTimers]), connections.map(() => [false, 0]), 'every connection closed with its timers');
    assert.equal(pool.listening, false, 'no listener is listening');
    assert.equal(pool.connections().length, 0, 'no connection is open');
    assert.equal(pool.chat.pendingTimers(), 0, 'the chat layer has no timers left');
    await Promise.all([tls.client.closed, tcp.client.closed, idle.closed]);
    const back = (): boolean => {
      const now = activeHandles();
      return ['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'Timeout'].every((k) => (now[k] ?? 0) <= (before[k] ?? 0));
    };
    await eventually(back, 'sockets and timers to be released', 5000).catch(() => undefined);
    assert.deepEqual(activeHandles(), before, 'no socket, server or timer left behind');
  });

  it('startDemoPool: alice/secret signs in over TLS at the advertised server, trusting the advertised CA file', async () => {
    const demo = await startDemoPool();
    try {
      assert.equal(demo.transport, 'tls');
      const [host, port] = demo.server.split(':');
      const client = await RawSipClient.connect(Number(port), { host, tls: { ca: readFileSync(demo.caFile), servername: host } });
      try {
        const result = await ntlmSignIn(new SipeEndpoint(demo.uri, client), { login: 'CONTOSO\\alice', password: demo.password });
        assert.equal(result.response.status, 200);
      } finally {
        await client.close();
      }
    } finally {
      await demo.stop();
    }
  });

  it('logs every message in and out, with passwords, Authorization values and NTLM blobs redacted, to memory and to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simpool-log-'));
    const logFile = join(dir, 'pool.log');
    const pool = await SimulatedLyncPool.start({ logFile });
    try {
      const ep = await signedIn(pool);
      await ep.client.request(ep.provisioningSubscribe());
      const wrong = await connect(pool, 'TCP');
      await ntlmSignIn(new SipeEndpoint(ALICE.uri, wrong), { login: ALICE.login, password: 'hunter2-wrong' });
      await wrong.close();
      await ep.client.close();

      const firstLines = pool.messageLog.map((e) => `${e.direction} ${e.firstLine}`);
      assert.deepEqual(firstLines.slice(0, 8), [
        'in REGISTER sip:contoso.com SIP/2.0', 'out SIP/2.0 401 Unauthorized',
        'in REGISTER sip:contoso.com SIP/2.0', 'out SIP/2.0 401 Unauthorized',
        'in REGISTER sip:contoso.com SIP/2.0', 'out SIP/2.0 200 OK',
        'in SUBSCRIBE sip:alice@contoso.com SIP/2.0', 'out SIP/2.0 200 OK',
      ]);
      const file = readFileSync(logFile, 'utf8');
      for (const text of [...pool.messageLog.map((e) => e.text), file]) {
        assert.doesNotMatch(text, /TlRMTVNT/, 'no NTLM blob');
        assert.doesNotMatch(text, /hunter2|secret/, 'no password');
        assert.doesNotMatch(text, /^(Authorization|Authentication-Info|WWW-Authenticate): (?!<redacted>)/im, 'auth header values redacted');
      }
      assert.match(file, /C->S pool TCP conn \d+ 127\.0\.0\.1:\d+\r?\nREGISTER sip:contoso\.com SIP\/2\.0/);
      assert.match(file, /NTLM authentication failed/);
    } finally {
      await pool.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
