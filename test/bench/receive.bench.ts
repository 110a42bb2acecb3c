import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { ChatConnection } from '../../src/persistentChat/chatConnection';
import { SimulatedLyncPool } from '../../simulator/pool';
import { BenchResult, interleaved, timeMs } from './harness';
import { RawSipClient } from './rawClient';

const ROOM = 'ma-chan://contoso.com/3393f007-8fe0-482d-be1e-d2a3ad5a5b17'; // Architecture Guild: alice (our client) joins it
const RAW_ROOM = 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad'; // Coffee Corner (open): only the raw client (a second alice session) joins it
const MESSAGES = Number(process.env.RECEIVE_BENCH_MESSAGES) || 2000;
const ROUNDS = 5;
const WARMUP = 1;
const TARGET_PER_SEC = 15_000;

/**
 * End-to-end receive, the figure a user feels in a busy room: the simulated pool posts `grpchat`
 * into a room alice joined (SIP INFO in the chat dialog, signed) → our client's onMessageReceived,
 * every INFO answered 200. Pool and client share this process, as in every bench here, so the rate
 * includes the pool's own cost; the baseline is a raw socket client receiving the same stream in the
 * same process (framing, signature check, a 200 per INFO, no SIP stack, no XML).
 */
export async function receiveBenches(pool: SimulatedLyncPool): Promise<BenchResult[]> {
  const port = pool.addresses.tcp.port;
  const connection = new ChatConnection({
    userUri: 'sip:alice@contoso.com',
    createEndpoint: () => new UserEndpoint({ userUri: 'sip:alice@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\alice', password: 'secret' } }),
    watchNetwork: false,
  });
  const raw = await RawSipClient.connect(port);
  let round = 0;
  try {
    await connection.connect();
    const chat = connection.chatEndpoint;
    if (!chat) throw new Error('no chat endpoint after connect');
    await chat.joinChatRoom(ROOM);
    if (await raw.signIn('CONTOSO\\alice', 'secret') !== 200) throw new Error('raw client sign-in failed');
    await raw.connectChat();
    await raw.joinRoom(RAW_ROOM);
    const post = (room: string) => { for (let i = 0; i < MESSAGES; i++) pool.post('sip:carol@contoso.com', room, `message ${i} of round ${round}`); };
    const { value, baseline } = await interleaved(ROUNDS, WARMUP, async () => {
      round++;
      let received = 0;
      let done!: () => void;
      const all = new Promise<void>((resolve) => { done = resolve; });
      const sub = chat.onMessageReceived((m) => { if (m.roomUri === ROOM && ++received === MESSAGES) done(); });
      try {
        return await timeMs(async () => { post(ROOM); await all; });
      } finally {
        sub.dispose();
      }
    }, async () => {
      round++;
      return timeMs(async () => { post(RAW_ROOM); await raw.receiveChats(MESSAGES); });
    });
    const ours = (MESSAGES / value) * 1000;
    const floor = (MESSAGES / baseline) * 1000;
    return [{
      name: `END-TO-END receive (pool grpchat → onMessageReceived, ${MESSAGES} per round)`,
      value: ours,
      unit: 'messages/s',
      baseline: floor,
      baselineName: 'raw socket client',
      ratio: floor / ours,
      target: `≥ ${TARGET_PER_SEC.toLocaleString('en-US')}/s`,
      pass: ours >= TARGET_PER_SEC,
    }];
  } finally {
    raw.close();
    await connection.disconnect();
    connection.dispose();
  }
}
