import assert from 'node:assert/strict';
import { SimulatedLyncPool } from './pool';
import type { RawSipClient } from './rawClient';
import { connect, signedIn } from './simTestUtil';
import type { SipeEndpoint } from './sipeMessages';

describe('simulated pool: bad input gets what Lync gives, and other clients keep being served', () => {
  let pool: SimulatedLyncPool;
  let bystander: SipeEndpoint;
  before(async () => {
    pool = await SimulatedLyncPool.start({ maxMessageBytes: 64 * 1024 });
    bystander = await signedIn(pool, 'TLS');
  });
  after(async () => {
    await bystander?.client.close();
    await pool?.stop();
  });

  async function stillServed(): Promise<void> {
    const response = await bystander.client.request(bystander.request('OPTIONS', 'sip:contoso.com'));
    assert.equal(response.status, 200, 'the other client is still served');
  }

  async function expectClosed(client: RawSipClient, what: string): Promise<void> {
    try {
      assert.equal(await client.waitClosed(), true, `the pool closes the connection after ${what}`);
      assert.equal(client.received.length, 0, 'nothing is answered');
    } finally {
      await client.close();
    }
  }

  it('closes a connection that sends garbage bytes', async () => {
    const client = await connect(pool, 'TCP');
    client.sendRaw(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x01, 0x02, 0x0d, 0x0a]));
    await expectClosed(client, 'garbage');
    await stillServed();
  });

  it('closes a connection that announces a message larger than the limit', async () => {
    const client = await connect(pool, 'TCP');
    client.sendRaw('INFO sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1\r\nContent-Length: 10000000\r\n\r\nxxxx');
    await expectClosed(client, 'an oversized Content-Length');
    await stillServed();
  });

  it('closes a connection whose header block never ends (over 64 KiB)', async () => {
    const client = await connect(pool, 'TLS');
    client.sendRaw(`OPTIONS sip:contoso.com SIP/2.0\r\nX-Filler: ${'a'.repeat(70 * 1024)}`);
    await expectClosed(client, 'an endless header block');
    await stillServed();
  });

  it('closes a connection that sends a malformed start line', async () => {
    const client = await connect(pool, 'TCP');
    client.sendRaw('REGISTER sip:contoso.com SIP/3.0\r\nContent-Length: 0\r\n\r\n');
    await expectClosed(client, 'a malformed start line');
    await stillServed();
  });

  it('closes a connection that sends a request without Content-Length', async () => {
    const client = await connect(pool, 'TCP');
    client.sendRaw('OPTIONS sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1\r\n\r\n');
    await expectClosed(client, 'a missing Content-Length');
    await stillServed();
  });

  it('answers 400 Bad Request to a readable request missing a mandatory header, and keeps the connection', async () => {
    const client = await connect(pool, 'TCP');
    try {
      const noCallId = 'OPTIONS sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK1\r\nFrom: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:contoso.com>\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
      client.sendRaw(noCallId);
      const bad = await client.waitFor((r) => r.message.status === 400, 5000, 'a 400');
      assert.match(bad.message.header('ms-diagnostics') ?? '', /Missing Call-ID header/);
      const mismatch = 'OPTIONS sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK2\r\nFrom: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:contoso.com>\r\nCall-ID: x1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
      const response = await client.request(mismatch);
      assert.equal(response.status, 400);
      assert.equal(client.open, true);
    } finally {
      await client.close();
    }
    await stillServed();
  });
});
