import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { ChatConnection } from '../../src/persistentChat/chatConnection';
import { SimulatedLyncPool } from '../../simulator/pool';
import { BenchResult, interleaved, timeMs } from './harness';
import { RawSipClient } from './rawClient';
import { clientRequests, lastSeq, sequentialRoundTrips } from './roundTrips';

const ROUNDS = 20;
const WARMUP = 3;
/** Issue 14: warm connect ≤ 1.5× the raw same-sequence floor. */
const TARGET_RATIO = 1.5;
/**
 * Issue 14: ≤ 7 sequential round trips on connect, ≤ 5 on a reconnect with the chat server known.
 * A first connect that must read provisioning to learn the lookup URI takes one more (3-leg NTLM
 * REGISTER, SUBSCRIBE, lookup INVITE, cmd:requri, BYE ‖ INVITE, getserverinfo ‖ getinv): 8.
 */
const MAX_CONNECT_TRIPS = 7;
const MAX_PROVISIONED_CONNECT_TRIPS = 8;
const MAX_RECONNECT_TRIPS = 5;

function newConnection(port: number, chatUri?: string): ChatConnection {
  return new ChatConnection({
    userUri: 'sip:alice@contoso.com',
    chatUri,
    createEndpoint: () => new UserEndpoint({ userUri: 'sip:alice@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\alice', password: 'secret' } }),
    watchNetwork: false,
  });
}

async function connectOnce(connection: ChatConnection): Promise<number> {
  const ms = await timeMs(() => connection.connect());
  if (connection.status.phase !== 'Connected') throw new Error(`ChatConnection ended ${connection.status.phase}`);
  if (connection.pendingInvitations.length === 0) throw new Error('ChatConnection reported no pending invitation');
  return ms;
}

/**
 * Connect-to-Established as the CLI and the extension do it (ChatConnection: UserEndpoint sign-in,
 * in-band provisioning, PersistentChatEndpoint lookup → chat server, getserverinfo + getinv) against
 * the simulated pool over loopback TCP, beside a raw socket doing the same requests with the same
 * signing and no stack; then the reconnect, where the chat server is known from the last session.
 * Sequential round trips are counted at the pool, asserted equal for both and within the bound.
 */
export async function connectBenches(pool: SimulatedLyncPool): Promise<BenchResult[]> {
  const port = pool.addresses.tcp.port;
  const trips = { ours: 0, raw: 0, oursReconnect: 0, rawReconnect: 0, oursRequests: 0 };
  const first = await interleaved(ROUNDS, WARMUP, async () => {
    const connection = newConnection(port);
    const from = lastSeq(pool);
    try {
      const ms = await connectOnce(connection);
      trips.ours = sequentialRoundTrips(pool, from);
      trips.oursRequests = clientRequests(pool, from);
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
      trips.raw = sequentialRoundTrips(pool, from);
      if (client && client.roundTrips !== trips.raw) throw new Error(`raw client counted ${client.roundTrips} round trips, the pool ${trips.raw}`);
      client?.close();
    }
  });
  // Reconnect: the same ChatConnection (or raw client) again after a disconnect, chat server known.
  const connection = newConnection(port);
  await connectOnce(connection);
  await connection.disconnect();
  let rawClient: RawSipClient | undefined = await RawSipClient.connect(port);
  await rawClient.signIn('CONTOSO\\alice', 'secret');
  await rawClient.connectChat();
  const again = await interleaved(ROUNDS, WARMUP, async () => {
    const from = lastSeq(pool);
    try {
      const ms = await connectOnce(connection);
      trips.oursReconnect = sequentialRoundTrips(pool, from);
      return ms;
    } finally {
      await connection.disconnect();
    }
  }, async () => {
    rawClient?.close();
    const from = lastSeq(pool);
    const ms = await timeMs(async () => {
      const client = await RawSipClient.connect(port);
      client.knownChatServer = rawClient?.knownChatServer;
      rawClient = client;
      if (await client.signIn('CONTOSO\\alice', 'secret') !== 200) throw new Error('raw sign-in failed');
      if (await client.reconnectChat() === 0) throw new Error('raw client got no pending invitation');
    });
    trips.rawReconnect = sequentialRoundTrips(pool, from);
    return ms;
  });
  rawClient?.close();
  connection.dispose();
  if (trips.ours !== trips.raw) throw new Error(`the floor is not like for like: ChatConnection made ${trips.ours} sequential round trips, the raw client ${trips.raw}`);
  if (trips.oursReconnect !== trips.rawReconnect) throw new Error(`the reconnect floor is not like for like: ChatConnection made ${trips.oursReconnect} sequential round trips, the raw client ${trips.rawReconnect}`);
  if (trips.ours > MAX_PROVISIONED_CONNECT_TRIPS) throw new Error(`connect made ${trips.ours} sequential round trips (at most ${MAX_PROVISIONED_CONNECT_TRIPS})`);
  // A first connect with the lookup URI set (no provisioning needed before the lookup).
  const configured = newConnection(port, 'sip:PersistentChatPool@contoso.com');
  const fromConfigured = lastSeq(pool);
  await connectOnce(configured);
  const configuredTrips = sequentialRoundTrips(pool, fromConfigured);
  await configured.disconnect();
  configured.dispose();
  if (configuredTrips > MAX_CONNECT_TRIPS) throw new Error(`connect with the lookup URI set made ${configuredTrips} sequential round trips (at most ${MAX_CONNECT_TRIPS})`);
  if (trips.oursReconnect > MAX_RECONNECT_TRIPS) throw new Error(`reconnect made ${trips.oursReconnect} sequential round trips (at most ${MAX_RECONNECT_TRIPS})`);
  const ratio = first.value / first.baseline;
  const reconnectRatio = again.value / again.baseline;
  return [
    {
      name: `CONNECT → Established (sign-in, provisioning, lookup, chat server): ${trips.ours} sequential round trips (${trips.oursRequests} requests; ≤ ${MAX_PROVISIONED_CONNECT_TRIPS} asserted; ${configuredTrips} with the lookup URI set, ≤ ${MAX_CONNECT_TRIPS} asserted)`,
      value: first.value, unit: 'ms', baseline: first.baseline, baselineName: `raw socket, same ${trips.raw} round trips`, ratio,
      target: `≤ ${TARGET_RATIO}×`, pass: ratio <= TARGET_RATIO,
    },
    {
      name: `RECONNECT → Established, chat server known: ${trips.oursReconnect} sequential round trips (≤ ${MAX_RECONNECT_TRIPS} asserted)`,
      value: again.value, unit: 'ms', baseline: again.baseline, baselineName: `raw socket, same ${trips.rawReconnect} round trips`, ratio: reconnectRatio,
      target: `≤ ${TARGET_RATIO}×`, pass: reconnectRatio <= TARGET_RATIO,
    },
  ];
}
