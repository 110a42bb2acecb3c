import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { ChatConnection } from '../../src/persistentChat/chatConnection';
import type { RoomMessage } from '../../src/persistentChat/rooms/types';
import { SimulatedLyncPool } from '../../simulator/pool';
import { BenchResult, interleaved, timeMs } from './harness';
import { RawSipClient } from './rawClient';

const OURS_ROOM = 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7'; // Release Train
const RAW_ROOM = 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad'; // Coffee Corner
const DEEP_ROOM = 'ma-chan://contoso.com/6d0f3b52-9a41-4c7e-b8d2-1e5f7a9c3b04'; // Build Notifications, 10,000 messages
const MESSAGES = 500;
const HISTORY = 1000;
const ROUNDS = 3;
const WARMUP = 1;

/**
 * Rooms, end to end over loopback TCP against the simulated pool:
 * - receive rate: the pool posts MESSAGES grpchats into a room; ours counts until the last one is a
 *   RoomService message event (framing, MS-SIPAE signature check, SIP parse, XCCOS decode, the
 *   rooms model); the floor is a raw socket that frames, checks signatures and answers 200 only.
 *   Each joins its own room, so every post goes to one of them; the pool's own work is in both.
 * - a 1,000-message history fetch (`cmd:bccontext`) through RoomService.history beside the raw socket.
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
    await connection.rooms.join([OURS_ROOM, DEEP_ROOM]);
    if ((await raw.signIn('CONTOSO\\alice', 'secret')) !== 200) throw new Error('raw sign-in failed');
    await raw.connectChat();
    await raw.joinRoom(RAW_ROOM);

    let round = 0;
    let resolveOurs: (() => void) | undefined;
    let received = 0;
    connection.rooms.onMessage((m: RoomMessage) => {
      if (m.roomUri !== OURS_ROOM) return;
      if (++received === MESSAGES) resolveOurs?.();
    });
    const post = (room: string) => {
      round++;
      for (let i = 0; i < MESSAGES; i++) pool.post('sip:bob@contoso.com', room, `round ${round} message ${i}: build #${i} is green — see <https://ci.contoso.com/${i}> & retry`);
    };
    const receive = await interleaved(ROUNDS, WARMUP, () => timeMs(async () => {
      received = 0;
      const done = new Promise<void>((resolve) => { resolveOurs = resolve; });
      post(OURS_ROOM);
      await done;
    }), () => timeMs(async () => {
      const done = raw.receiveChats(MESSAGES);
      post(RAW_ROOM);
      await done;
    }));

    const history = await interleaved(ROUNDS, WARMUP, () => timeMs(async () => {
      const page = await connection.rooms.history(DEEP_ROOM, { count: HISTORY });
      if (page.messages.length !== HISTORY) throw new Error(`history returned ${page.messages.length} messages`);
    }), () => timeMs(async () => {
      const count = await raw.history(DEEP_ROOM, HISTORY);
      if (count !== HISTORY) throw new Error(`raw history returned ${count} messages`);
    }));

    const rate = (ms: number) => (MESSAGES / ms) * 1000;
    return [
      {
        name: `rooms: end-to-end receive, ${MESSAGES} live grpchats → message events, loopback TCP`, value: rate(receive.value), unit: 'msg/s',
        baseline: rate(receive.baseline), baselineName: 'raw socket: framing + signature check + 200 only', ratio: receive.value / receive.baseline,
      },
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
