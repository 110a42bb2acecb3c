/** Shared pieces of the simulator's own tests: the test PKI, signed-in raw clients, handle counting. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPkiDir } from './config';
import { SimulatedLyncPool } from './pool';
import { ClientTls, RawSipClient } from './rawClient';
import { ntlmSignIn, SipeEndpoint } from './sipeMessages';

export const PKI_DIR = defaultPkiDir();
export const pki = (file: string): Buffer => readFileSync(join(PKI_DIR, file));
export const ALICE = { uri: 'sip:alice@contoso.com', login: 'CONTOSO\\alice', password: 'secret' };
export const BOB = { uri: 'sip:bob@contoso.com', login: 'CONTOSO\\bob', password: 'secret' };

export function clientTls(extra: Partial<ClientTls> = {}): ClientTls {
  return { ca: pki('ca.pem'), ...extra };
}

export async function connect(pool: SimulatedLyncPool, transport: 'TLS' | 'TCP', tlsOptions?: Partial<ClientTls>): Promise<RawSipClient> {
  return transport === 'TLS'
    ? RawSipClient.connect(pool.addresses.tls.port, { tls: clientTls(tlsOptions) })
    : RawSipClient.connect(pool.addresses.tcp.port);
}

/** A connection on which `user` completed the NTLM handshake (the client signs from then on). */
export async function signedIn(pool: SimulatedLyncPool, transport: 'TLS' | 'TCP' = 'TCP', user = ALICE): Promise<SipeEndpoint> {
  const client = await connect(pool, transport);
  const ep = new SipeEndpoint(user.uri, client);
  const result = await ntlmSignIn(ep, user);
  assert.equal(result.response.status, 200, `sign-in of ${user.uri} failed: ${result.response.startLine}`);
  return ep;
}

/** Live sockets, servers and timers (the kinds a pool could leave behind). */
export function activeHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) {
    if (['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'Timeout'].includes(r)) counts[r] = (counts[r] ?? 0) + 1;
  }
  return counts;
}

/** Waits (bounded) until `check` holds; for reaching a state, never for measuring time. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
