import assert from 'node:assert/strict';
import { UserEndpoint } from '../src/endpoint/userEndpoint';
import { ChatConnection } from '../src/persistentChat/chatConnection';
import { SimulatedLyncPool } from './pool';
import { eventually } from './simTestUtil';

const ROOM = 'ma-chan://contoso.com/3393f007-8fe0-482d-be1e-d2a3ad5a5b17'; // Architecture Guild

describe('simulated pool: postBurst over a real socket', () => {
  let pool: SimulatedLyncPool;
  beforeEach(async () => { pool = await SimulatedLyncPool.start({ tcpPort: 0, tlsPort: 0 }); });
  afterEach(async () => { await pool?.stop(); });

  it('delivers every message of a burst, signed and in order, to a real client that answers each 200; all are stored and logged', async () => {
    const port = pool.addresses.tcp.port;
    const connection = new ChatConnection({
      userUri: 'sip:alice@contoso.com',
      createEndpoint: () => new UserEndpoint({ userUri: 'sip:alice@contoso.com', server: `127.0.0.1:${port}`, transport: 'tcp', credential: { username: 'CONTOSO\\alice', password: 'secret' } }),
      watchNetwork: false,
    });
    try {
      await connection.connect();
      const chat = connection.chatEndpoint!;
      await chat.joinChatRoom(ROOM);
      const received: string[] = [];
      chat.onMessageReceived((m) => { if (m.roomUri === ROOM) received.push(m.text); });
      const before = pool.rooms().find((r) => r.uri === ROOM)!.historyCount;
      const fromSeq = pool.messageLog.at(-1)?.seq ?? 0;
      const texts = Array.from({ length: 300 }, (_, i) => `burst message ${i + 1} <&>`);

      const records = pool.postBurst('sip:carol@contoso.com', ROOM, texts);
      assert.equal(records.length, texts.length);
      await eventually(() => received.length === texts.length, 'every message to reach the client', 20_000).catch((e) => { throw new Error(`${(e as Error).message}: ${received.length}`); });
      assert.deepEqual(received, texts, 'in order, text intact');
      assert.equal(pool.rooms().find((r) => r.uri === ROOM)!.historyCount, before + texts.length);
      const log = () => pool.messageLog.filter((m) => m.seq > fromSeq);
      const cseq = (text: string) => /^CSeq: (\d+ INFO)\r?$/m.exec(text)?.[1];
      const infos = log().filter((m) => m.direction === 'out' && m.firstLine.startsWith('INFO ') && m.text.includes('<grpchat'));
      assert.equal(infos.length, texts.length);
      const burstCseqs = new Set(infos.map((m) => cseq(m.text)));
      const answered = () => new Set(log().filter((m) => m.direction === 'in' && m.firstLine === 'SIP/2.0 200 OK').map((m) => cseq(m.text)).filter((c) => burstCseqs.has(c))).size;
      await eventually(() => answered() === texts.length, 'a 200 for every INFO of the burst');
      assert.ok(infos.every((m) => /^Authentication-Info: /m.test(m.text)), 'every INFO signed');
      assert.ok(connection.chatEndpoint, 'the client kept its session (every signature verified)');
    } finally {
      await connection.disconnect();
      connection.dispose();
    }
  });
});
