import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '../../../src/common/logger';
import { ApplicationEndpoint } from '../../../src/endpoint/applicationEndpoint';
import { UserEndpoint, UserEndpointSettings } from '../../../src/endpoint/userEndpoint';
import { SimulatedLyncPool } from '../../../simulator/pool';
import { repoRoot } from './net';

export const PKI = join(repoRoot, 'simulator', 'pki');
export const CA_FILE = join(PKI, 'ca.pem');
export const ALICE = { uri: 'sip:alice@contoso.com', login: 'CONTOSO\\alice', password: 'secret' };

export type PoolOptions = Parameters<typeof SimulatedLyncPool.start>[0];

/** The simulated pool on free loopback ports, with the test defaults. */
export function startPool(options: Partial<PoolOptions> = {}): Promise<SimulatedLyncPool> {
  return SimulatedLyncPool.start({ tlsPort: 0, tcpPort: 0, ...options } as PoolOptions);
}

/** A UserEndpoint for alice at the pool (as localhost, a name on the pool's certificate), trusting the test CA. */
export function aliceEndpoint(pool: SimulatedLyncPool, transport: 'tls' | 'tcp', overrides: Partial<UserEndpointSettings> = {}, logger?: Logger): UserEndpoint {
  const address = transport === 'tls' ? pool.addresses.tls : pool.addresses.tcp;
  return new UserEndpoint({
    userUri: ALICE.uri,
    server: `localhost:${address.port}`,
    transport,
    credential: { username: ALICE.login, password: ALICE.password },
    tls: { caFile: CA_FILE },
    connectTimeoutMs: 5000,
    requestTimeoutMs: 5000,
    logger,
    ...overrides,
  });
}

export function applicationEndpoint(pool: SimulatedLyncPool, cert: 'trusted' | 'foreign', gruu: string): ApplicationEndpoint {
  const read = (f: string): Buffer => readFileSync(join(PKI, f));
  return new ApplicationEndpoint({
    ownerUri: 'sip:pchat-bot@contoso.com',
    gruu,
    proxy: { host: 'localhost', port: pool.addresses.tls.port },
    clientCertificate: cert === 'trusted'
      ? { cert: read('client.pem'), key: read('client-key.pem') }
      : { cert: read('untrusted.pem'), key: read('untrusted-key.pem') },
    tls: { caFile: CA_FILE },
    connectTimeoutMs: 5000,
    requestTimeoutMs: 5000,
  });
}
