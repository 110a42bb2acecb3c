import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { openSocket } from '../../src/sip/transport/connect';
import { TlsSessionCache } from '../../src/sip/transport/tlsSessions';
import { CA_FILE, PKI } from './helpers/pool';

/**
 * A TLS server (the pool's certificate, at most `maxVersion`) behind a relay that records which side
 * sent each chunk: the number of server flights before the client's handshake completes is the
 * number of handshake round trips.
 */
async function tlsServerBehindRelay(maxVersion: tls.SecureVersion): Promise<{ port: number; directions: string[]; close(): void }> {
  const server = tls.createServer({ cert: readFileSync(join(PKI, 'server.pem')), key: readFileSync(join(PKI, 'server-key.pem')), minVersion: 'TLSv1.2', maxVersion }, (s) => {
    s.on('error', () => undefined);
    s.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const directions: string[] = [];
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    for (const s of [client, upstream]) { sockets.add(s); s.on('error', () => undefined); }
    client.on('data', (d) => { directions.push('client'); upstream.write(d); });
    upstream.on('data', (d) => { directions.push('server'); client.write(d); });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as net.AddressInfo).port,
    directions,
    close: () => { for (const s of sockets) s.destroy(); relay.close(); server.close(); },
  };
}

/** Runs of server chunks (a flight each) in what the relay has seen so far. */
const serverFlights = (directions: readonly string[]): number => directions.filter((d, i) => d === 'server' && directions[i - 1] !== 'server').length;

describe('TLS session resumption on a reconnect (a session cache shared by the endpoints of one connection)', function () {
  for (const [version, full, resumed] of [['TLSv1.2', 2, 1], ['TLSv1.3', 1, 1]] as const) {
    it(`${version}: the second connection to the same server resumes the session (${full} handshake round trip${full > 1 ? 's' : ''} → ${resumed})`, async () => {
      const relay = await tlsServerBehindRelay(version);
      const sessions = new TlsSessionCache();
      const target = { host: 'localhost', port: relay.port, transport: 'tls' as const };
      try {
        const first = await openSocket(target, { tls: { caFile: CA_FILE }, timeoutMs: 5000, sessions }) as tls.TLSSocket;
        const firstFlights = serverFlights(relay.directions);
        assert.equal(first.isSessionReused(), false);
        // TLS 1.3 issues its ticket after the handshake: wait for it before closing.
        await new Promise<void>((resolve) => { if (sessions.get(target)) resolve(); else first.once('session', () => setImmediate(resolve)); });
        first.end();
        relay.directions.length = 0;
        const second = await openSocket(target, { tls: { caFile: CA_FILE }, timeoutMs: 5000, sessions }) as tls.TLSSocket;
        const secondFlights = serverFlights(relay.directions);
        assert.equal(second.isSessionReused(), true, 'the session was resumed');
        second.destroy();
        assert.deepEqual([firstFlights, secondFlights], [full, resumed], 'server flights before the handshake completed: full, then resumed');
      } finally {
        relay.close();
      }
    });
  }

  it('without a cache, every connection makes a full handshake', async () => {
    const relay = await tlsServerBehindRelay('TLSv1.2');
    const target = { host: 'localhost', port: relay.port, transport: 'tls' as const };
    try {
      for (let i = 0; i < 2; i++) {
        const socket = await openSocket(target, { tls: { caFile: CA_FILE }, timeoutMs: 5000 }) as tls.TLSSocket;
        assert.equal(socket.isSessionReused(), false);
        socket.destroy();
      }
    } finally {
      relay.close();
    }
  });

  it('a failed connection forgets the server\'s session (the next connection starts afresh)', async () => {
    const sessions = new TlsSessionCache();
    const target = { host: 'localhost', port: 1, transport: 'tls' as const };
    sessions.set(target, Buffer.from('stale'));
    await assert.rejects(openSocket(target, { tls: { caFile: CA_FILE }, timeoutMs: 5000, sessions }));
    assert.equal(sessions.get(target), undefined);
  });
});
