import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { SimulatedLyncPool } from '../../simulator/pool';
import { BenchResult, interleaved, timeMs } from './harness';
import { RawSipClient } from './rawClient';

const ROUNDS = 30;
const WARMUP = 3;
const TARGET_RATIO = 1.25;

/**
 * Sign-in (connect → Established) with UserEndpoint against the simulated pool over loopback TCP,
 * against the same NTLM REGISTER exchange written straight onto a socket; interleaved rounds,
 * medians, one run.
 */
export async function signInBenches(pool: SimulatedLyncPool): Promise<BenchResult[]> {
  const port = pool.addresses.tcp.port;
  const { value, baseline } = await interleaved(ROUNDS, WARMUP, async () => {
    const endpoint = new UserEndpoint({ userUri: 'sip:alice@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\alice', password: 'secret' } });
    const ms = await timeMs(() => endpoint.establish());
    await endpoint.terminate();
    return ms;
  }, async () => {
    let client: RawSipClient | undefined;
    const ms = await timeMs(async () => {
      client = await RawSipClient.connect(port);
      const status = await client.signIn('CONTOSO\\alice', 'secret');
      if (status !== 200) throw new Error(`raw sign-in got ${status}`);
    });
    client?.close();
    return ms;
  });
  const ratio = value / baseline;
  return [{
    name: 'sign-in (connect → Established), loopback TCP, NTLM v4', value, unit: 'ms', baseline, baselineName: 'raw socket, 3 round trips', ratio,
    target: `≤ ${TARGET_RATIO}×`, pass: ratio <= TARGET_RATIO,
  }];
}
