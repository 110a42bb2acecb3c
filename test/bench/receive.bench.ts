import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { ChatConnection } from '../../src/persistentChat/chatConnection';
import { BenchResult, interleaved, median, threadCpuMs } from './harness';
import { PoolThread } from './poolThread';
import { RawSipClient } from './rawClient';

const ROOM = 'ma-chan://contoso.com/3393f007-8fe0-482d-be1e-d2a3ad5a5b17'; // Architecture Guild: alice (our client) joins it
const RAW_ROOM = 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad'; // Coffee Corner (open): only the raw client (a second alice session) joins it
const POSTER = 'sip:carol@contoso.com';
const MESSAGES = Number(process.env.RECEIVE_BENCH_MESSAGES) || 5000;
const ROUNDS = 5;
const WARMUP = 1;
const TARGET_PER_SEC = 15_000;

/** A round that does not finish in this long has lost messages (a bug to see, not a slow figure). */
const ROUND_LIMIT_MS = 120_000;

export interface ReceiveBenchOutput { results: BenchResult[]; notes: string[] }

/**
 * End-to-end receive, the figure a user feels in a busy room. The simulated pool runs in a worker
 * thread (its own core and event loop, as a server on its own machine) and posts a burst of MESSAGES
 * `grpchat`s into a room alice joined: each a signed SIP INFO in the chat dialog, stored and
 * sequenced as a live post, the connection's share written at once. Timed from the burst's release
 * to our client's MESSAGES-th onMessageReceived (every INFO answered 200). The baseline is a raw
 * socket client on the same main thread receiving the same kind of burst (framing, signature check,
 * a 200 per INFO; no SIP stack, no XML). Rounds alternate ours/raw. The pool's own ceiling (its
 * event-loop time per message, render to reading the 200) is printed as a note.
 */
export async function receiveBenches(): Promise<ReceiveBenchOutput> {
  // The worker's pool keeps no in-memory message log: nobody reads it here, and a load generator must not be the bottleneck.
  const pool = await PoolThread.start({ tlsPort: 0, tcpPort: 0, messageLogCapacity: 0 });
  const port = pool.addresses.tcp.port;
  const connection = new ChatConnection({
    userUri: 'sip:alice@contoso.com',
    createEndpoint: () => new UserEndpoint({ userUri: 'sip:alice@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\alice', password: 'secret' } }),
    watchNetwork: false,
  });
  let raw: RawSipClient | undefined;
  let round = 0;
  /** The pool thread's CPU per message in each kind of round (answers that come one by one cost it more than batched ones). */
  const poolUsPerMessage = { ours: [] as number[], raw: [] as number[] };
  const renderUsPerMessage: number[] = [];
  /** The client's own CPU per message on this (main) thread, in each kind of round: what it could reach with an endless pool. */
  const clientUsPerMessage = { ours: [] as number[], raw: [] as number[] };
  /** One burst into `room`; `received` resolves with process.hrtime.bigint() at the client's last message. */
  const run = async (kind: 'ours' | 'raw', room: string, received: Promise<bigint>): Promise<number> => {
    const cpuBefore = threadCpuMs();
    const burst = await pool.burst(POSTER, room, MESSAGES, `round ${++round}: message`);
    const end = await within(received, `the client to receive ${MESSAGES} grpchats`);
    const cpuAfter = threadCpuMs();
    const activeMs = await within(burst.settled, `the pool to read ${MESSAGES} answers`);
    if (round > WARMUP * 2) {
      poolUsPerMessage[kind].push((activeMs * 1000) / MESSAGES);
      renderUsPerMessage.push((burst.renderMs * 1000) / MESSAGES);
      if (cpuBefore !== undefined && cpuAfter !== undefined && cpuAfter > cpuBefore) clientUsPerMessage[kind].push(((cpuAfter - cpuBefore) * 1000) / MESSAGES);
    }
    if (end < burst.releasedAt) throw new Error('receive bench: the last message came before the burst was released');
    return Number(end - burst.releasedAt) / 1e6;
  };
  try {
    raw = await RawSipClient.connect(port);
    await connection.connect();
    const chat = connection.chatEndpoint;
    if (!chat) throw new Error('no chat endpoint after connect');
    await chat.joinChatRoom(ROOM);
    if (await raw.signIn('CONTOSO\\alice', 'secret') !== 200) throw new Error('raw client sign-in failed');
    await raw.connectChat();
    await raw.joinRoom(RAW_ROOM);
    const rawClient = raw;
    const { value, baseline } = await interleaved(ROUNDS, WARMUP, async () => {
      let count = 0;
      let done!: (at: bigint) => void;
      const all = new Promise<bigint>((resolve) => { done = resolve; });
      const sub = chat.onMessageReceived((m) => { if (m.roomUri === ROOM && ++count === MESSAGES) done(process.hrtime.bigint()); });
      try {
        return await run('ours', ROOM, all);
      } finally {
        sub.dispose();
      }
    }, () => run('raw', RAW_ROOM, rawClient.receiveChats(MESSAGES).then(() => process.hrtime.bigint())));
    const ours = (MESSAGES / value) * 1000;
    const floor = (MESSAGES / baseline) * 1000;
    const poolUs = { ours: median(poolUsPerMessage.ours), raw: median(poolUsPerMessage.raw) };
    const ceiling = { ours: 1e6 / poolUs.ours, raw: 1e6 / poolUs.raw };
    const rate = (n: number) => Math.round(n).toLocaleString('en-US');
    return {
      results: [{
        name: `END-TO-END receive (pool in its own thread posts a burst of ${MESSAGES} signed grpchat INFOs, each answered 200 → onMessageReceived)`,
        value: ours,
        unit: 'messages/s',
        baseline: floor,
        baselineName: 'raw socket client',
        ratio: floor / ours,
        target: `≥ ${TARGET_PER_SEC.toLocaleString('en-US')}/s`,
        pass: ours >= TARGET_PER_SEC,
      }],
      notes: [
        `receive: the simulated pool's own ceiling on its thread (its CPU time per message: render, sign and store — ${median(renderUsPerMessage).toFixed(1)} µs before release — ` +
        `then write it and read, verify and match its 200): ~${rate(ceiling.ours)} messages/s in our rounds (${poolUs.ours.toFixed(1)} µs), ` +
        `~${rate(ceiling.raw)}/s in the raw client's (${poolUs.raw.toFixed(1)} µs); ours reached ${rate(ours)}/s, the raw client ${rate(floor)}/s` +
        (ours >= 0.8 * ceiling.ours || floor >= 0.8 * ceiling.raw ? ' — within 20 % of a ceiling: the pool may be what limits these figures.' : '.'),
        ...(clientUsPerMessage.ours.length && clientUsPerMessage.raw.length ? [clientNote(median(clientUsPerMessage.ours), median(clientUsPerMessage.raw))] : []),
      ],
    };
  } finally {
    raw?.close();
    await connection.disconnect();
    connection.dispose();
    await pool.stop();
  }
}

/** What each client could reach were the pool endless: its own thread's CPU per message. */
function clientNote(oursUs: number, rawUs: number): string {
  const rate = (us: number) => Math.round(1e6 / us).toLocaleString('en-US');
  return `receive: each client's own CPU per message on its thread (from the burst to its last message): ours ${oursUs.toFixed(1)} µs (~${rate(oursUs)}/s at most), ` +
    `the raw client (framing, signature check and a signed 200 only) ${rawUs.toFixed(1)} µs (~${rate(rawUs)}/s at most); the target needs ≤ ${(1e6 / TARGET_PER_SEC).toFixed(1)} µs.`;
}

/** `promise`, or an error naming `what` after ROUND_LIMIT_MS. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`receive bench: timed out waiting for ${what}`)), ROUND_LIMIT_MS); });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}
