import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { ChatConnection } from '../../src/persistentChat/chatConnection';
import { SimulatedLyncPool } from '../../simulator/pool';
import { BenchResult, interleaved, timeMs } from './harness';
import { RawSipClient } from './rawClient';

const DEEP_ROOM = 'ma-chan://contoso.com/6d0f3b52-9a41-4c7e-b8d2-1e5f7a9c3b04'; // Build Notifications, 10,000 messages
const HISTORY = 1000;
const ROUNDS = 3;
const WARMUP = 1;

/**
 * Rooms, end to end over loopback TCP against the simulated pool: a 1,000-message history fetch
 * (`cmd:bccontext`) through RoomService.history beside a raw socket sending the same request. (The
 * live receive rate is receive.bench.ts's END-TO-END figure, with the pool on its own thread.)
 */
export async function roomsBenches(pool: SimulatedLyncPool): Promise<BenchResult[]> {
  const port = pool.addresses.tcp.port;
  const connection = new ChatConnection({
    userUri: 'sip:alice@contoso.com',
    createEndpoint: () => new UserEndpoint({ userUri: 'sip:alice@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\alice', password: 'secret' } }),
    watchNetwork: false,
  });
  const raw = await RawSipClient.connect(port);
  try {
    await connection.connect();
    await connection.rooms.join([DEEP_ROOM]);
    if ((await raw.signIn('CONTOSO\\alice', 'secret')) !== 200) throw new Error('raw sign-in failed');
    await raw.connectChat();

    const history = await interleaved(ROUNDS, WARMUP, () => timeMs(async () => {
      const page = await connection.rooms.history(DEEP_ROOM, { count: HISTORY });
      if (page.messages.length !== HISTORY) throw new Error(`history returned ${page.messages.length} messages`);
    }), () => timeMs(async () => {
      const count = await raw.history(DEEP_ROOM, HISTORY);
      if (count !== HISTORY) throw new Error(`raw history returned ${count} messages`);
    }));

    return [
      {
        name: `rooms: history fetch of ${HISTORY} messages (cmd:bccontext → RoomMessage[])`, value: history.value, unit: 'ms',
        baseline: history.baseline, baselineName: 'raw socket, same request', ratio: history.value / history.baseline,
      },
    ];
  } finally {
    raw.close();
    await connection.disconnect();
    connection.dispose();
  }
}
