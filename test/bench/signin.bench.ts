import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { SimulatedLyncPool } from '../../simulator/pool';
import { BenchResult, interleaved, timeMs } from './harness';
import { RawSipClient } from './rawClient';
import { lastSeq, sequentialRoundTrips } from './roundTrips';

const ROUNDS = 30;
const WARMUP = 3;
/** Issue 14: sign-in ≤ 1.5× the raw same-sequence floor. */
const TARGET_RATIO = 1.5;
/** NTLM sign-in (MS-SIPAE): REGISTER → 401 offer, REGISTER negotiate → 401 challenge, REGISTER authenticate → 200. */
const EXPECTED_TRIPS = 3;

/**
 * Sign-in (connect → Established) with UserEndpoint against the simulated pool over loopback TCP,
 * against the same NTLM REGISTER exchange written straight onto a socket; interleaved rounds,
 * medians, one run.
 */
export async function signInBenches(pool: SimulatedLyncPool): Promise<BenchResult[]> {
  const port = pool.addresses.tcp.port;
  const trips = { ours: 0, raw: 0 };
  const { value, baseline } = await interleaved(ROUNDS, WARMUP, async () => {
    const from = lastSeq(pool);
    const endpoint = new UserEndpoint({ userUri: 'sip:alice@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\alice', password: 'secret' } });
    const ms = await timeMs(() => endpoint.establish());
    trips.ours = sequentialRoundTrips(pool, from);
    await endpoint.terminate();
    return ms;
  }, async () => {
    let client: RawSipClient | undefined;
    const from = lastSeq(pool);
    const ms = await timeMs(async () => {
      client = await RawSipClient.connect(port);
      const status = await client.signIn('CONTOSO\\alice', 'secret');
      if (status !== 200) throw new Error(`raw sign-in got ${status}`);
    });
    trips.raw = sequentialRoundTrips(pool, from);
    client?.close();
    return ms;
  });
  if (trips.ours !== trips.raw) throw new Error(`the sign-in floor is not like for like: UserEndpoint made ${trips.ours} sequential round trips, the raw client ${trips.raw}`);
  if (trips.ours !== EXPECTED_TRIPS) throw new Error(`sign-in made ${trips.ours} sequential round trips, expected ${EXPECTED_TRIPS}`);
  const ratio = value / baseline;
  return [{
    name: `sign-in (connect → Established), loopback TCP, NTLM: ${trips.ours} round trips (asserted)`, value, unit: 'ms', baseline, baselineName: `raw socket, same ${trips.raw} round trips`, ratio,
    target: `≤ ${TARGET_RATIO}×`, pass: ratio <= TARGET_RATIO,
  }];
}
