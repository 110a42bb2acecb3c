import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { ChatConnection } from '../../src/persistentChat/chatConnection';
import { SimulatedLyncPool } from '../../simulator/pool';
import { BenchResult, interleaved, timeMs } from './harness';
import { RawSipClient } from './rawClient';

const ROUNDS = 20;
const WARMUP = 3;
/** The same bar as sign-in (issue: "connect-to-Established time vs the raw-socket floor"). */
const TARGET_RATIO = 1.25;

/** Requests the client waited for, in the pool's message log since `from` (every request but ACK). */
function clientRoundTrips(pool: SimulatedLyncPool, from: number): number {
  return pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && !/^(ACK |SIP\/2\.0 )/.test(m.firstLine)).length;
}

const lastSeq = (pool: SimulatedLyncPool): number => pool.messageLog.at(-1)?.seq ?? 0;

/**
 * Connect-to-Established as the CLI and the extension do it (ChatConnection: UserEndpoint sign-in,
 * in-band provisioning, PersistentChatEndpoint lookup → chat server, getserverinfo, getinv) against
 * the simulated pool over loopback TCP, beside a raw socket doing the same requests with the same
 * signing and no stack. Both are checked to make the same number of round trips.
 */
export async function connectBenches(pool: SimulatedLyncPool): Promise<BenchResult[]> {
  const port = pool.addresses.tcp.port;
  let oursTrips = 0;
  let rawTrips = 0;
  const { value, baseline } = await interleaved(ROUNDS, WARMUP, async () => {
    const connection = new ChatConnection({
      userUri: 'sip:alice@contoso.com',
      createEndpoint: () => new UserEndpoint({ userUri: 'sip:alice@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\alice', password: 'secret' } }),
      watchNetwork: false,
    });
    const from = lastSeq(pool);
    try {
      const ms = await timeMs(() => connection.connect());
      if (connection.status.phase !== 'Connected') throw new Error(`ChatConnection ended ${connection.status.phase}`);
      if (connection.pendingInvitations.length === 0) throw new Error('ChatConnection reported no pending invitation');
      oursTrips = clientRoundTrips(pool, from);
      return ms;
    } finally {
      await connection.disconnect();
      connection.dispose();
    }
  }, async () => {
    let client: RawSipClient | undefined;
    const from = lastSeq(pool);
    try {
      return await timeMs(async () => {
        client = await RawSipClient.connect(port);
        const status = await client.signIn('CONTOSO\\alice', 'secret');
        if (status !== 200) throw new Error(`raw sign-in got ${status}`);
        if (await client.connectChat() === 0) throw new Error('raw client got no pending invitation');
      });
    } finally {
      rawTrips = clientRoundTrips(pool, from);
      if (client && client.roundTrips !== rawTrips) throw new Error(`raw client counted ${client.roundTrips} round trips, the pool ${rawTrips}`);
      client?.close();
    }
  });
  if (oursTrips !== rawTrips) throw new Error(`the floor is not like for like: ChatConnection made ${oursTrips} round trips, the raw client ${rawTrips}`);
  const ratio = value / baseline;
  return [{
    name: 'connect → Established (sign-in, provisioning, chat endpoint), loopback TCP', value, unit: 'ms',
    baseline, baselineName: `raw socket, same ${rawTrips} round trips`, ratio, target: `≤ ${TARGET_RATIO}×`, pass: ratio <= TARGET_RATIO,
  }];
}
