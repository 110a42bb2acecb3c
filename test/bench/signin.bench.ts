import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { SimulatedLyncPool } from '../sim/pool';
import { BenchResult } from './harness';
import { RawSipClient } from './rawClient';

const ROUNDS = 30;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Sign-in (connect → Established) with UserEndpoint against the simulated pool over loopback TCP,
 * against the same NTLM REGISTER exchange written straight onto a socket; interleaved rounds,
 * medians, one run.
 */
export async function signInBenches(pool: SimulatedLyncPool): Promise<BenchResult[]> {
  const port = pool.addresses.tcp.port;
  const ours: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < ROUNDS + 3; i++) {
    const endpoint = new UserEndpoint({ userUri: 'sip:alice@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\alice', password: 'secret' } });
    const a = await time(() => endpoint.establish());
    await endpoint.terminate();
    let client: RawSipClient | undefined;
    const b = await time(async () => {
      client = await RawSipClient.connect(port);
      const status = await client.signIn('CONTOSO\\alice', 'secret');
      if (status !== 200) throw new Error(`raw sign-in got ${status}`);
    });
    client?.close();
    if (i >= 3) { ours.push(a); raw.push(b); } // the first rounds warm up both paths
  }
  const value = median(ours);
  const baseline = median(raw);
  const ratio = value / baseline;
  return [{ name: 'sign-in (connect → Established), loopback TCP, NTLM v4', value, unit: 'ms', baseline, baselineName: 'raw-socket exchange', ratio, target: '≤ 1.25×', pass: ratio <= 1.25 }];
}
