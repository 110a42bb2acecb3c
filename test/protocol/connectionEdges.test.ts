import assert from 'node:assert/strict';
import { LyncError } from '../../src/common/errors';
import type { ChatConnection } from '../../src/persistentChat/chatConnection';
import { CONNECTION_EDGES, ConnectionEdge, ConnectionMachine, MachinePhase } from '../../src/persistentChat/connection/connectionMachine';
import { MessageLogEntry } from '../../simulator/messageLog';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceConnection } from './helpers/connection';
import { waitFor } from './helpers/net';
import { ALICE, startPool } from './helpers/pool';

/**
 * ChatConnection walked through every edge of its declared machine (connection/connectionMachine.ts)
 * against the simulated pool: each test drives the real connection into one or more edges, and the
 * last one checks that together they walked the whole table (the unit test proves the others are refused).
 */

const walked = new Set<string>();
const edgeName = (from: MachinePhase, edge: ConnectionEdge): string => `${from} -${edge}-> ${CONNECTION_EDGES[from][edge] ?? '?'}`;

/** Records the edges the connection's machine takes (the machine is private: reached for the test only). */
function record(connection: ChatConnection): string[] {
  const machine = (connection as unknown as { machine: ConnectionMachine }).machine;
  const take = machine.take.bind(machine);
  const seen: string[] = [];
  machine.take = (edge, change) => {
    const name = edgeName(machine.phase, edge);
    take(edge, change);
    seen.push(name);
    walked.add(name);
  };
  return seen;
}

const REGISTER_OK = (e: MessageLogEntry) => e.direction === 'out' && /^SIP\/2\.0 200/.test(e.firstLine) && /^CSeq: \d+ REGISTER/m.test(e.text);
const CHAT_INVITE = (e: MessageLogEntry) => e.direction === 'in' && /^INVITE sip:PersistentChatService@/i.test(e.firstLine);
const INVITE_403 = (e: MessageLogEntry) => e.direction === 'out' && /^SIP\/2\.0 403/.test(e.firstLine) && /^CSeq: \d+ INVITE/m.test(e.text);

describe('ChatConnection walks every edge of its declared machine against the simulated pool', function () {
  this.timeout(30_000);
  let pool: SimulatedLyncPool;
  const live: ReturnType<typeof aliceConnection>[] = [];
  before(async () => { pool = await startPool(); });
  afterEach(async () => {
    pool.faults.nextResponse = undefined;
    pool.faults.dropUntil = undefined;
    pool.faults.corruptSignatures = undefined;
    // Signed out before the next test: a de-registration still on its way would take that test's REGISTER fault.
    for (const c of live.splice(0)) {
      await c.connection.disconnect();
      c.connection.dispose();
    }
  });
  after(async () => { await pool?.stop(); });

  function connection(): ReturnType<typeof aliceConnection> & { edges: string[]; reaches: (edge: string) => Promise<void> } {
    const c = aliceConnection(pool);
    live.push(c);
    const edges = record(c.connection);
    const reaches = (edge: string) => waitFor(() => edges.includes(edge), 15_000, `${edge} (walked ${edges.join(', ')})`);
    return { ...c, edges, reaches };
  }

  /** Runs `strike` on the next turn the first time the pool logs a message `match` accepts. */
  function when(match: (e: MessageLogEntry) => boolean, strike: () => void): void {
    let fired = false;
    const sub = pool.onMessage((e) => {
      if (fired || !match(e)) return;
      fired = true;
      sub.dispose();
      setImmediate(strike);
    });
  }

  /** A connected alice whose chat session the server then ends while requests go unanswered: the restart hangs. */
  async function restartHanging() {
    const c = connection();
    await c.connection.connect();
    pool.dropRequests(10);
    pool.disconnectSession(ALICE.uri);
    await c.reaches('Connected -restartChat-> RestartingChat');
    pool.faults.dropUntil = undefined;
    return c;
  }

  it('connects, disconnects, and a second Disconnect stays Disconnected', async () => {
    const c = connection();
    await c.connection.disconnect();
    await c.connection.connect();
    await c.connection.disconnect();
    assert.deepEqual(c.edges, ['Disconnected -disconnect-> Disconnected', 'Disconnected -connect-> Connecting', 'Connecting -connected-> Connected', 'Connected -disconnect-> Disconnected']);
  });

  it('a server BYE restarts the chat session alone, back to Connected', async () => {
    const c = connection();
    await c.connection.connect();
    pool.disconnectSession(ALICE.uri);
    await c.reaches('RestartingChat -connected-> Connected');
    assert.deepEqual(c.edges.slice(2), ['Connected -restartChat-> RestartingChat', 'RestartingChat -connected-> Connected']);
  });

  it('a lost connection waits out the backoff, then a new attempt connects', async () => {
    const c = connection();
    await c.connection.connect();
    pool.resetConnections(ALICE.uri);
    await c.reaches('Reconnecting -connect-> Connecting');
    await c.until('Connected');
    assert.deepEqual(c.edges.slice(2, 5), ['Connected -retry-> Reconnecting', 'Reconnecting -connect-> Connecting', 'Connecting -connected-> Connected']);
  });

  it('a transient failure of the first connect is retried, a Disconnect while waiting ends it', async () => {
    const c = connection();
    pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable', headers: ['Retry-After: 5'] });
    await assert.rejects(c.connection.connect(), (e: LyncError) => e.code === 'ServiceUnavailable');
    assert.equal(c.connection.status.phase, 'Reconnecting');
    await c.connection.disconnect();
    assert.deepEqual(c.edges, ['Disconnected -connect-> Connecting', 'Connecting -retry-> Reconnecting', 'Reconnecting -disconnect-> Disconnected']);
  });

  it('a non-transient failure ends in Error; Disconnect leaves it, and so does a new connect', async () => {
    pool.corruptSignatures(true);
    const first = connection();
    await assert.rejects(first.connection.connect(), (e: LyncError) => e.code === 'SignatureInvalid');
    await first.connection.disconnect();
    const second = connection();
    await assert.rejects(second.connection.connect(), (e: LyncError) => e.code === 'SignatureInvalid');
    pool.corruptSignatures(false);
    await second.connection.connect();
    assert.deepEqual(first.edges, ['Disconnected -connect-> Connecting', 'Connecting -fail-> Error', 'Error -disconnect-> Disconnected']);
    assert.deepEqual(second.edges, ['Disconnected -connect-> Connecting', 'Connecting -fail-> Error', 'Error -connect-> Connecting', 'Connecting -connected-> Connected']);
  });

  it('a non-transient loss while connected ends in Error', async () => {
    const c = connection();
    await c.connection.connect();
    pool.corruptSignatures(true);
    pool.disconnectSession(ALICE.uri);
    await c.reaches('Connected -fail-> Error');
    assert.equal(c.connection.status.lastError?.code, 'SignatureInvalid');
  });

  it('cancelling the first connect ends Disconnected, and so does a Disconnect during it', async () => {
    const cancelled = connection();
    const controller = new AbortController();
    when(REGISTER_OK, () => controller.abort());
    await assert.rejects(cancelled.connection.connect(controller.signal), (e: LyncError) => e.code === 'Aborted');
    assert.equal(cancelled.connection.status.phase, 'Disconnected');
    const stopped = connection();
    when(REGISTER_OK, () => void stopped.connection.disconnect());
    await assert.rejects(stopped.connection.connect());
    await stopped.until('Disconnected');
    for (const c of [cancelled, stopped]) assert.deepEqual(c.edges, ['Disconnected -connect-> Connecting', 'Connecting -disconnect-> Disconnected']);
  });

  it('a chat restart that fails transiently is retried by the Reconnector', async () => {
    const c = connection();
    await c.connection.connect();
    when(CHAT_INVITE, () => pool.resetConnections());
    pool.disconnectSession(ALICE.uri);
    await c.reaches('RestartingChat -retry-> Reconnecting');
    await c.until('Connected');
  });

  it('a chat restart that the chat server and the lookup both refuse for good ends in Error (PersistentChatDisabled)', async () => {
    const c = connection();
    await c.connection.connect();
    // The remembered chat server refuses, then the lookup service it falls back to.
    pool.failNext({ method: 'INVITE', status: 403, reason: 'Forbidden' });
    const rearm = pool.onMessage((e) => { if (INVITE_403(e)) { rearm.dispose(); pool.failNext({ method: 'INVITE', status: 403, reason: 'Forbidden' }); } });
    pool.disconnectSession(ALICE.uri);
    await c.reaches('RestartingChat -fail-> Error');
    assert.equal(c.connection.status.lastError?.code, 'PersistentChatDisabled');
  });

  it('a Disconnect during a chat restart ends it', async () => {
    const c = await restartHanging();
    await c.connection.disconnect();
    assert.deepEqual(c.edges.slice(-2), ['Connected -restartChat-> RestartingChat', 'RestartingChat -disconnect-> Disconnected']);
    assert.equal(c.connection.chatEndpoint, undefined);
  });

  it('a connect during a chat restart replaces it with a new attempt', async () => {
    const c = await restartHanging();
    await c.connection.connect();
    assert.deepEqual(c.edges.slice(-3), ['Connected -restartChat-> RestartingChat', 'RestartingChat -connect-> Connecting', 'Connecting -connected-> Connected']);
    assert.equal(c.connection.chatEndpoint?.state, 'Established');
  });

  it('together, the tests above walked every edge of the table', () => {
    const table = (Object.keys(CONNECTION_EDGES) as MachinePhase[])
      .flatMap((from) => (Object.keys(CONNECTION_EDGES[from]) as ConnectionEdge[]).map((edge) => edgeName(from, edge)));
    assert.deepEqual(table.filter((e) => !walked.has(e)), [], 'edges no test walked');
  });
});
