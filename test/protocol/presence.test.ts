import assert from 'node:assert/strict';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection } from './helpers/connection';
import { trackResources } from './helpers/leaks';
import { waitFor } from './helpers/net';
import { ALICE, startPool } from './helpers/pool';

const BOB = 'sip:bob@contoso.com';
const CAROL = 'sip:carol@contoso.com';
const STRANGER = 'sip:nobody@fabrikam.com';

/** SUBSCRIBEs alice sent for presence, from log index `from`. */
function presenceSubscribes(pool: SimulatedLyncPool, from = 0) {
  return pool.messageLog.slice(from).filter((m) => m.direction === 'in' && m.text.startsWith('SUBSCRIBE ') && /^Event: *presence\r?$/im.test(m.text));
}

const header = (text: string, name: string) => new RegExp(`^${name}: *([^\\r\\n]*)`, 'im').exec(text)?.[1]?.trim();

describe('names and presence: the batched category subscription, over real sockets', function () {
  this.timeout(40_000);
  let pool: SimulatedLyncPool;
  beforeEach(async () => { pool = await startPool(); });
  afterEach(async () => { await pool?.stop(); });

  it('subscribes to the people wanted in one batched SUBSCRIBE to the own URI and learns their names and presence from the piggy-backed answer', async () => {
    const { connection } = aliceConnection(pool);
    connection.presence.want([BOB, CAROL, STRANGER]);
    await connection.connect();
    await waitFor(() => connection.presence.get(BOB)?.displayName === 'Bob Brown', 10_000, 'Bob Brown');
    const [subscribe] = presenceSubscribes(pool);
    assert.ok(subscribe, 'a presence SUBSCRIBE was sent');
    assert.match(subscribe.text, /^SUBSCRIBE sip:alice@contoso\.com SIP\/2\.0/);
    assert.equal(header(subscribe.text, 'Require'), 'adhoclist, categoryList');
    assert.equal(header(subscribe.text, 'Content-Type'), 'application/msrtc-adrl-categorylist+xml');
    assert.match(header(subscribe.text, 'Accept') ?? '', /application\/msrtc-event-categories\+xml/);
    for (const uri of [BOB, CAROL, STRANGER, 'sip:alice@contoso.com']) assert.ok(subscribe.text.includes(`<resource uri="${uri}"/>`), `${uri} is in the batch`);
    assert.match(subscribe.text, /<category name="contactCard"\/><category name="state"\/>/);
    assert.equal(presenceSubscribes(pool).length, 1, 'people wanted together share one SUBSCRIBE');
    assert.deepEqual(connection.presence.get(CAROL), { uri: CAROL, displayName: 'Carol Clark', availability: 'offline' });
    assert.equal(connection.presence.get(BOB)?.availability, 'offline', 'bob is not signed in');
    assert.equal(connection.presence.selfDisplayName, 'Alice Anders');
    assert.equal(connection.presence.get('sip:alice@contoso.com')?.availability, 'available');
    assert.equal(connection.presence.get(STRANGER), undefined, 'no answer for someone outside the pool: the SIP address stays');
    await connection.disconnect();
    connection.dispose();
  });

  it('a presence change on the pool arrives as a BENOTIFY and updates the person; people wanted later get a SUBSCRIBE of their own', async () => {
    const { connection } = aliceConnection(pool);
    await connection.connect();
    connection.presence.want([BOB]);
    await waitFor(() => connection.presence.get(BOB)?.availability === 'offline', 10_000, 'bob offline');
    assert.equal(pool.setAvailability(BOB, 'busy'), 1, 'one subscription notified');
    await waitFor(() => connection.presence.get(BOB)?.availability === 'busy', 10_000, 'bob busy');
    assert.equal(connection.presence.get(BOB)?.displayName, 'Bob Brown', 'the name stays');
    pool.setAvailability(BOB, 'doNotDisturb');
    await waitFor(() => connection.presence.get(BOB)?.availability === 'doNotDisturb', 10_000, 'bob do not disturb');
    const before = presenceSubscribes(pool).length;
    connection.presence.want([CAROL]);
    await waitFor(() => connection.presence.get(CAROL)?.displayName === 'Carol Clark', 10_000, 'Carol Clark');
    assert.equal(presenceSubscribes(pool).length, before + 1);
    assert.equal(pool.messageLog.filter((m) => m.direction === 'out' && m.text.startsWith('BENOTIFY ')).length, 2);
    await connection.disconnect();
    connection.dispose();
  });

  it('a NOTIFY (not best-effort) in the subscription\'s dialog is answered 200 and updates the person', async () => {
    pool.presence.notifyMethod = 'NOTIFY';
    const { connection } = aliceConnection(pool);
    connection.presence.want([BOB]);
    await connection.connect();
    await waitFor(() => connection.presence.get(BOB)?.availability === 'offline', 10_000, 'bob offline');
    pool.setAvailability(BOB, 'busy');
    await waitFor(() => connection.presence.get(BOB)?.availability === 'busy', 10_000, 'bob busy');
    await waitFor(() => pool.messageLog.some((m) => m.direction === 'in' && m.text.startsWith('SIP/2.0 ') && /^CSeq: *\d+ NOTIFY\r?$/im.test(m.text)), 10_000, 'the answer');
    const answer = pool.messageLog.find((m) => m.direction === 'in' && /^CSeq: *\d+ NOTIFY\r?$/im.test(m.text) && m.text.startsWith('SIP/2.0 '));
    assert.match(answer?.firstLine ?? '', /^SIP\/2\.0 200 /, 'not 481: the stack knows the subscription\'s dialog');
    await connection.disconnect();
    connection.dispose();
  });

  it('a mention of the user\'s display name from the contact card (not containing the user name) counts as a mention', async () => {
    await pool.stop();
    pool = await startPool({ users: [{ ...ALICE, displayName: 'Ada Lovelace' }, { uri: BOB, login: 'CONTOSO\\bob', password: 'secret', displayName: 'Bob Brown' }] });
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await waitFor(() => connection.presence.selfDisplayName === 'Ada Lovelace', 10_000, 'own name');
    const room = 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7';
    await connection.rooms.join([room]);
    const mentions: boolean[] = [];
    connection.rooms.onMessage((m) => { if (m.text.includes('deploy')) mentions.push(m.mention); });
    pool.chat.post(BOB, room, 'Lovelace: can you deploy?');
    pool.chat.post(BOB, room, 'Ada Lovelace, can you deploy?');
    pool.chat.post(BOB, room, 'Nobody here, deploy it');
    await waitFor(() => mentions.length === 3, 10_000, 'the messages');
    assert.deepEqual(mentions, [false, true, false], 'the whole display name is a mention, a part of it is not');
    await connection.disconnect();
    connection.dispose();
  });

  it('a presence SUBSCRIBE challenged after the pool dropped the security association is re-authenticated and resent once, on the same connection', async () => {
    const { connection, phases } = aliceConnection(pool);
    await connection.connect();
    await waitFor(() => connection.presence.selfDisplayName === 'Alice Anders', 10_000, 'own name');
    const before = presenceSubscribes(pool).length;
    const phasesBefore = phases.length;
    assert.equal(pool.dropSecurityAssociation('sip:alice@contoso.com'), 1);
    connection.presence.want([CAROL]);
    await waitFor(() => connection.presence.get(CAROL)?.displayName === 'Carol Clark', 10_000, 'Carol Clark');
    const sent = presenceSubscribes(pool).slice(before);
    assert.equal(sent.length, 2, 'the SUBSCRIBE and its one resend');
    assert.equal(header(sent[0].text, 'Call-ID'), header(sent[1].text, 'Call-ID'), 'the resend is the same request');
    assert.deepEqual(phases.slice(phasesBefore), [], 'the connection never left Connected');
    await connection.disconnect();
    connection.dispose();
  });

  it('after a dropped connection, names stay known and the reconnected endpoint subscribes again on its new connection', async () => {
    const { connection, passes, phases } = aliceConnection(pool);
    connection.presence.want([BOB]);
    await connection.connect();
    await waitFor(() => connection.presence.get(BOB)?.displayName === 'Bob Brown', 10_000, 'Bob Brown');
    const from = phases.length;
    const before = presenceSubscribes(pool).length;
    assert.equal(pool.resetConnections('sip:alice@contoso.com'), 1);
    assert.equal(connection.presence.get(BOB)?.displayName, 'Bob Brown', 'known while reconnecting');
    await passes('Connected', from);
    await waitFor(() => pool.presence.list().length === 1, 10_000, 'the new subscription');
    const again = presenceSubscribes(pool).slice(before);
    assert.equal(again.length, 1);
    assert.ok(again[0].text.includes('<resource uri="sip:bob@contoso.com"/>'));
    assert.notEqual(again[0].connectionId, presenceSubscribes(pool)[0].connectionId, 'on the new connection');
    await connection.disconnect();
    connection.dispose();
  });

  it('refreshes the subscription in its dialog before it expires', async () => {
    pool.presence.maxExpiresSec = 10;
    const { connection } = aliceConnection(pool);
    connection.presence.want([BOB]);
    await connection.connect();
    await waitFor(() => presenceSubscribes(pool).length === 2, 15_000, 'a refresh SUBSCRIBE');
    const [first, refresh] = presenceSubscribes(pool);
    assert.equal(header(refresh.text, 'Call-ID'), header(first.text, 'Call-ID'), 'same dialog');
    assert.match(header(refresh.text, 'To') ?? '', /;tag=/, 'the refresh carries the pool\'s To tag');
    assert.ok(Number(header(refresh.text, 'CSeq')?.split(' ')[0]) > Number(header(first.text, 'CSeq')?.split(' ')[0]));
    assert.equal(pool.presence.list().length, 1, 'still one live subscription on the pool');
    await connection.disconnect();
    connection.dispose();
  });

  it('disconnect unsubscribes (Expires: 0) and leaves no timer or socket behind', async () => {
    const resources = await trackResources();
    const { connection } = aliceConnection(pool);
    connection.presence.want([BOB, CAROL]);
    await connection.connect();
    await waitFor(() => pool.presence.list().length === 1, 10_000, 'the subscription on the pool');
    await connection.disconnect();
    const unsubscribe = presenceSubscribes(pool).at(-1);
    assert.equal(header(unsubscribe?.text ?? '', 'Expires'), '0');
    assert.match(header(unsubscribe?.text ?? '', 'To') ?? '', /;tag=/, 'in the subscription\'s dialog');
    assert.deepEqual(pool.presence.list(), []);
    connection.dispose();
    await pool.stop();
    await resources.check();
  });

  it('bounds the batches: 1,200 people wanted become SUBSCRIBEs of at most 100, and no one past the first 1,000', async () => {
    const { connection } = aliceConnection(pool);
    const mark = pool.messageLog.length;
    await connection.connect();
    connection.presence.want(Array.from({ length: 1200 }, (_, i) => `sip:person${i}@fabrikam.com`));
    const resources = () => presenceSubscribes(pool, mark).map((m) => (m.text.match(/<resource uri=/g) ?? []).length);
    await waitFor(() => resources().reduce((a, b) => a + b, 0) >= 1000, 15_000, 'the batches on the pool');
    const batches = resources();
    // The user's own batch may have gone out alone just before the others (ten or eleven in all).
    assert.ok(batches.length === 10 || batches.length === 11, `batches: ${batches.join(', ')}`);
    assert.ok(batches.every((n) => n <= 100), `batches: ${batches.join(', ')}`);
    assert.equal(batches.reduce((a, b) => a + b, 0), 1000, 'the user and 999 others: 1,000 people in all');
    assert.ok(!presenceSubscribes(pool, mark).some((m) => m.text.includes('sip:person1100@fabrikam.com')), 'people past the bound are not asked for');
    await connection.disconnect();
    connection.dispose();
  });

  it('a pool that answers no presence leaves the SIP addresses and the connection as they were', async () => {
    pool.presence.enabled = false;
    const { connection } = aliceConnection(pool);
    connection.presence.want([BOB]);
    await connection.connect();
    await waitFor(() => pool.messageLog.some((m) => m.direction === 'out' && m.text.startsWith('SIP/2.0 200') && /^CSeq: *1 SUBSCRIBE/im.test(m.text) && /^Event: *presence/im.test(m.text)), 10_000, 'the plain answer');
    assert.equal(connection.presence.get(BOB), undefined);
    assert.equal(connection.status.phase, 'Connected');
    await connection.disconnect();
    connection.dispose();
  });
});
