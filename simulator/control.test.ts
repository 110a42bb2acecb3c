import assert from 'node:assert/strict';
import { LyncError } from '../src/common/errors';
import { SimulatedLyncPool } from './pool';
import { ALICE, BOB, eventually, signedIn } from './simTestUtil';

const SDP = 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=session\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=message 5061 sip null\r\n';

describe('simulated pool: control API faults (raw sockets)', () => {
  let pool: SimulatedLyncPool;
  beforeEach(async () => { pool = await SimulatedLyncPool.start(); });
  afterEach(async () => { await pool?.stop(); });

  it('failNext answers the next request with the given status and ms-diagnostics, signed, then serves normally', async () => {
    const ep = await signedIn(pool);
    try {
      pool.failNext({ status: 503, reason: 'Service Unavailable', diagnostics: '1008;reason="Server is busy"' });
      const failed = await ep.client.request(ep.request('OPTIONS', 'sip:contoso.com'));
      assert.equal(failed.status, 503);
      assert.equal(failed.header('ms-diagnostics'), '1008;reason="Server is busy";source="pool0.contoso.com"');
      assert.equal(ep.client.received.at(-1)?.verdict, 'valid');
      assert.equal((await ep.client.request(ep.request('OPTIONS', 'sip:contoso.com'))).status, 200, 'only the next request');
    } finally {
      await ep.client.close();
    }
  });

  it('failNext with a method waits for a request of that method', async () => {
    const ep = await signedIn(pool);
    try {
      pool.failNext({ method: 'SUBSCRIBE', status: 504, reason: 'Server Time-out' });
      assert.equal((await ep.client.request(ep.request('OPTIONS', 'sip:contoso.com'))).status, 200);
      assert.equal((await ep.client.request(ep.provisioningSubscribe())).status, 504);
    } finally {
      await ep.client.close();
    }
  });

  it('failNext on REGISTER answers the very first REGISTER of a sign-in', async () => {
    pool.failNext({ method: 'REGISTER', status: 403, reason: 'Forbidden', diagnostics: '1000;reason="User is disabled"' });
    await assert.rejects(signedIn(pool), /sign-in of sip:alice@contoso\.com failed: SIP\/2\.0 403 Forbidden/);
  });

  it('failNext on REGISTER is not taken by a sign-out REGISTER (Expires: 0): it stays for the next sign-in', async () => {
    const ep = await signedIn(pool);
    try {
      pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable' });
      assert.equal((await ep.client.request(ep.register({ expires: 0 }))).status, 200, 'the sign-out is served');
      assert.equal(pool.faults.nextResponse?.status, 503, 'the fault is still armed');
      await assert.rejects(signedIn(pool), /sign-in of sip:alice@contoso\.com failed: SIP\/2\.0 503/);
    } finally {
      await ep.client.close();
    }
  });

  it('stall delays what the pool sends: a response on a stalled connection arrives after one sent later without the stall', async () => {
    const a = await signedIn(pool, 'TCP', ALICE);
    const b = await signedIn(pool, 'TCP', BOB);
    try {
      pool.stall(1.5);
      const stalled = a.client.request(a.request('OPTIONS', 'sip:contoso.com'));
      await eventually(() => pool.messageLog.some((e) => e.direction === 'in' && e.firstLine.startsWith('OPTIONS')), 'the pool to read the request');
      pool.stall(0);
      const order: string[] = [];
      const first = b.client.request(b.request('OPTIONS', 'sip:contoso.com')).then((r) => { order.push('unstalled'); return r; });
      const second = stalled.then((r) => { order.push('stalled'); return r; });
      const [rb, ra] = await Promise.all([first, second]);
      assert.deepEqual(order, ['unstalled', 'stalled']);
      assert.equal(ra.status, 200);
      assert.equal(rb.status, 200);
      assert.equal(a.client.received.at(-1)?.verdict, 'valid', 'a stalled message is still signed');
    } finally {
      await a.client.close();
      await b.client.close();
    }
  });

  it('resetConnections sends a TCP RST on that user\'s connections only', async () => {
    const a = await signedIn(pool, 'TCP', ALICE);
    const b = await signedIn(pool, 'TLS', BOB);
    try {
      assert.equal(pool.resetConnections(ALICE.uri), 1);
      await a.client.closed;
      assert.equal((a.client.closeReason as NodeJS.ErrnoException | undefined)?.code, 'ECONNRESET');
      assert.equal((await b.client.request(b.request('OPTIONS', 'sip:contoso.com'))).status, 200, 'bob is still served');
      assert.equal(pool.resetConnections(), 1, 'without a user: every connection');
      await b.client.closed;
    } finally {
      await a.client.close();
      await b.client.close();
    }
  });

  it('sendMalformed writes a frame no SIP parser accepts on the user\'s connection', async () => {
    const ep = await signedIn(pool);
    try {
      assert.equal(pool.sendMalformed(ALICE.uri), 1);
      await ep.client.closed;
      assert.ok(LyncError.is(ep.client.closeReason, 'ProtocolError'), `the client's framer rejected it (${String(ep.client.closeReason)})`);
      assert.equal(pool.sendMalformed(BOB.uri), 0, 'nobody else');
    } finally {
      await ep.client.close();
    }
  });

  it('disconnectSession has the chat layer BYE the user\'s chat dialogs', async () => {
    const ep = await signedIn(pool);
    try {
      const ok = await ep.client.request(ep.request('INVITE', 'sip:ocschat@contoso.com', { headers: ['Supported: ms-sender'], contentType: 'application/sdp', body: SDP }));
      assert.equal(ok.status, 200);
      assert.equal(pool.disconnectSession(ALICE.uri), 1);
      const bye = await ep.client.waitFor((r) => r.message.method === 'BYE', 5000, 'a BYE');
      assert.equal(bye.message.header('Call-ID'), ok.header('Call-ID'));
      assert.equal(bye.verdict, 'valid');
    } finally {
      await ep.client.close();
    }
  });

  it('restart drops every connection and listens again on the same ports', async () => {
    const ep = await signedIn(pool);
    const ports = { ...pool.addresses };
    await pool.restart();
    await ep.client.closed;
    assert.deepEqual(pool.addresses, ports);
    assert.equal(pool.registrations().length, 0);
    const again = await signedIn(pool);
    await again.client.close();
  });
});
