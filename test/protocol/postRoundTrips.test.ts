import assert from 'node:assert/strict';
import { LyncError } from '../../src/common/errors';
import type { ChatConnection } from '../../src/persistentChat/chatConnection';
import type { MessageLogEntry } from '../../simulator/messageLog';
import { SimulatedLyncPool } from '../../simulator/pool';
import { sequentialRoundTrips } from '../bench/roundTrips';
import { aliceConnection, ROOMS } from './helpers/connection';
import { startPool } from './helpers/pool';

const lastSeq = (pool: SimulatedLyncPool) => pool.messageLog.at(-1)?.seq ?? 0;

/** The client's requests (not ACK, not responses) the pool read since `from`. */
const requestsSince = (pool: SimulatedLyncPool, from: number): MessageLogEntry[] =>
  pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && !/^(ACK |SIP\/2\.0 )/.test(m.firstLine));

const isPost = (m: MessageLogEntry) => /<grpchat /.test(m.text);
const isConfirm = (m: MessageLogEntry) => /<cmd id="cmd:bccontext"/.test(m.text);

describe('Posting costs one round trip: the post and its confirming cmd:bccontext go out together', function () {
  let pool: SimulatedLyncPool;
  let connection: ChatConnection | undefined;
  before(async () => { pool = await startPool(); });
  afterEach(async () => {
    await connection?.disconnect();
    connection?.dispose();
    connection = undefined;
  });
  after(async () => { await pool?.stop(); });

  async function followed(rooms: string[]): Promise<ChatConnection> {
    connection = aliceConnection(pool).connection;
    await connection.connect();
    await connection.rooms.follow(rooms);
    return connection;
  }

  it('a post is confirmed in one sequential round trip: the pool reads the grpchat and the cmd:bccontext in one read, and the post comes back with the server\'s timestamp', async () => {
    const chat = await followed([ROOMS.releaseTrain]);
    const from = lastSeq(pool);
    const posted = await chat.rooms.post(ROOMS.releaseTrain, 'one trip');
    const sent = requestsSince(pool, from);
    assert.deepEqual(sent.map((m) => (isPost(m) ? 'grpchat' : isConfirm(m) ? 'cmd:bccontext' : m.firstLine)), ['grpchat', 'cmd:bccontext'], 'the post sent the grpchat then its confirmation, nothing else');
    assert.equal(sent[0].read, sent[1].read, 'the cmd:bccontext did not wait for the post\'s SIP 200');
    assert.equal(sequentialRoundTrips(pool, from), 1);
    const stored = (await chat.rooms.history(ROOMS.releaseTrain, { count: 5 })).messages.filter((m) => m.text === 'one trip');
    assert.equal(stored.length, 1, 'the server stored the post once');
    assert.equal(posted.id, stored[0].id, 'the post is the message the server stored (its timestamp)');
  });

  it('a refused post still fails as PostNotAllowed in one round trip (the refusal arrives before the confirmation), and the room turns read-only', async () => {
    const chat = await followed([ROOMS.buildNotifications]);
    const from = lastSeq(pool);
    await assert.rejects(chat.rooms.post(ROOMS.buildNotifications, 'may I?'), (e: unknown) => LyncError.is(e, 'PostNotAllowed'));
    assert.equal(sequentialRoundTrips(pool, from), 1);
    assert.equal(chat.rooms.followed.find((r) => r.uri === ROOMS.buildNotifications)?.canPost, false);
  });

  it('a post whose INFO the server answers with an error fails with that error, though its confirmation went out with it', async () => {
    const chat = await followed([ROOMS.releaseTrain]);
    const from = lastSeq(pool);
    pool.failNext({ method: 'INFO', status: 500, reason: 'Server Internal Error' });
    await assert.rejects(chat.rooms.post(ROOMS.releaseTrain, 'lost?'), (e: unknown) => e instanceof LyncError && e.sipStatus === 500);
    assert.ok(requestsSince(pool, from).some(isConfirm), 'the confirmation was sent alongside');
    const history = await chat.rooms.history(ROOMS.releaseTrain, { count: 5 });
    assert.equal(history.messages.some((m) => m.text === 'lost?'), false, 'the failed post was not stored');
    const next = await chat.rooms.post(ROOMS.releaseTrain, 'after the failure');
    assert.equal(next.text, 'after the failure', 'the session still posts');
  });
});
