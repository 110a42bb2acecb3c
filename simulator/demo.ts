/**
 * The demo pool `npm start` and `lync-pchat --demo` run against: the simulated pool on free
 * loopback ports with the default users, signed in to as alice/secret over TLS with the test CA.
 */
import { join } from 'node:path';
import { DEFAULT_USERS } from './config';
import { startDemoColleague } from './demoColleague';
import { SimulatedLyncPool } from './pool';

export interface DemoPool {
  uri: string;
  password: string;
  /** host:port of the TLS listener, or of the Access Edge's with `edge` (127.0.0.1 is in both certificates). */
  server: string;
  transport: 'tls' | 'tcp';
  /** The test CA the client must trust. */
  caFile: string;
  pool: SimulatedLyncPool;
  stop(): Promise<void>;
}

/** `edge`: the demo user signs in from outside, through the pool's Access Edge (its own TLS port). */
export async function startDemoPool(options: { verbose?: boolean; logFile?: string; colleagueEveryMs?: number; edge?: boolean } = {}): Promise<DemoPool> {
  const pool = await SimulatedLyncPool.start({ users: [...DEFAULT_USERS], verbose: options.verbose, logFile: options.logFile, edge: options.edge });
  const entry = pool.addresses.edgeTls ?? pool.addresses.tls;
  // A colleague posts in Release Train every ~20 s (sometimes mentioning alice), so the demo room lives.
  const colleague = startDemoColleague(pool, { everyMs: options.colleagueEveryMs });
  // The colleagues who post are around (their presence shows in the room editor), though not signed in.
  pool.setAvailability('sip:bob@contoso.com', 'available');
  pool.setAvailability('sip:carol@contoso.com', 'away');
  return {
    uri: 'sip:alice@contoso.com',
    password: 'secret',
    server: `${entry.host}:${entry.port}`,
    transport: 'tls',
    caFile: join(pool.config.pkiDir, 'ca.pem'),
    pool,
    stop: () => { colleague.stop(); return pool.stop(); },
  };
}
