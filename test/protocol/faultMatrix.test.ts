import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Disposable } from '../../src/common/events';
import { MessageLogEntry } from '../../simulator/messageLog';
import { SimulatedLyncPool } from '../../simulator/pool';
import { CLI, CliRun, isError, isState } from './helpers/cliSession';
import { aliceConnection } from './helpers/connection';
import { trackResources } from './helpers/leaks';
import { ALICE, CA_FILE, startPool } from './helpers/pool';

/**
 * The recovery policy, proven against the simulated pool: each transient fault, struck during the
 * first connect and again after it, ends with the chat session Established — through
 * ChatConnection and through the built CLI (watch mode) — and each non-transient one ends with its
 * error after at most two sign-in attempts.
 */

const isOut = (status: RegExp, method: string) => (e: MessageLogEntry) => e.direction === 'out' && status.test(e.firstLine) && new RegExp(`^CSeq: \\d+ ${method}`, 'm').test(e.text);
const isIn = (line: RegExp, body?: string) => (e: MessageLogEntry) => e.direction === 'in' && line.test(e.firstLine) && (body === undefined || e.text.includes(body));
const REGISTER_OK = isOut(/^SIP\/2\.0 200/, 'REGISTER');
const LOOKUP_INVITE = isIn(/^INVITE sip:PersistentChatPool@/i);
const CHAT_INVITE = isIn(/^INVITE sip:PersistentChatService@/i);
const GETSERVERINFO = isIn(/^INFO /, 'cmd:getserverinfo');

/** Runs `strike` (on the next turn) the first time the pool logs a message `match` accepts. */
function when(pool: SimulatedLyncPool, match: (e: MessageLogEntry) => boolean, strike: () => void): { fired: () => boolean } & Disposable {
  let fired = false;
  const sub = pool.onMessage((e) => {
    if (fired || !match(e)) return;
    fired = true;
    setImmediate(strike);
  });
  return { fired: () => fired, dispose: () => sub.dispose() };
}

interface Fault {
  name: string;
  /** Arms the fault so it strikes during the first connect. */
  duringConnect(pool: SimulatedLyncPool): { fired: () => boolean } & Disposable;
  /** Strikes at an established connection (the chat session then drops and must come back). */
  afterConnect(pool: SimulatedLyncPool): { fired: () => boolean } & Disposable;
  /** Uses the production timeouts (the stall: noticed within ~10 s of its end). */
  slow?: boolean;
}

const once = (f: () => void): { fired: () => boolean } & Disposable => { f(); return { fired: () => true, dispose: () => undefined }; };
const bye = (pool: SimulatedLyncPool) => () => { pool.disconnectSession(ALICE.uri); };

const FAULTS: Fault[] = [
  {
    name: 'TCP reset after REGISTER',
    duringConnect: (pool) => when(pool, REGISTER_OK, () => pool.resetConnections()),
    afterConnect: (pool) => once(() => pool.resetConnections(ALICE.uri)),
  },
  {
    name: 'reset during the lookup INVITE',
    duringConnect: (pool) => when(pool, LOOKUP_INVITE, () => pool.resetConnections()),
    // after: a restart goes straight to the last session's chat server and asks the lookup only
    // when that server refuses. So the server ends the chat session, the known chat server is gone
    // (480 to the direct INVITE), and the lookup INVITE of the fallback is reset.
    afterConnect: (pool) => {
      const w = when(pool, LOOKUP_INVITE, () => pool.resetConnections());
      pool.failNext({ method: 'INVITE', status: 480, reason: 'Temporarily Unavailable' });
      bye(pool)();
      return w;
    },
  },
  {
    name: 'reset during the chat server INVITE',
    duringConnect: (pool) => when(pool, CHAT_INVITE, () => pool.resetConnections()),
    afterConnect: (pool) => { const w = when(pool, CHAT_INVITE, () => pool.resetConnections()); bye(pool)(); return w; },
  },
  {
    name: '481 on the first chat INFO',
    duringConnect: (pool) => once(() => pool.failNext({ method: 'INFO', status: 481, reason: 'Call Leg/Transaction Does Not Exist' })),
    afterConnect: (pool) => once(() => { pool.failNext({ method: 'INFO', status: 481, reason: 'Call Leg/Transaction Does Not Exist' }); bye(pool)(); }),
  },
  {
    name: '503 on REGISTER with Retry-After: 2',
    duringConnect: (pool) => once(() => pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable', headers: ['Retry-After: 2'], diagnostics: '1008;reason="Server is too busy"' })),
    afterConnect: (pool) => once(() => { pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable', headers: ['Retry-After: 2'] }); pool.resetConnections(ALICE.uri); }),
  },
  {
    name: '503 on REGISTER without Retry-After',
    duringConnect: (pool) => once(() => pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable', diagnostics: '1008;reason="Server is too busy"' })),
    afterConnect: (pool) => once(() => { pool.failNext({ method: 'REGISTER', status: 503, reason: 'Service Unavailable' }); pool.resetConnections(ALICE.uri); }),
  },
  {
    name: 'a 5 s stall (requests dropped) after REGISTER',
    slow: true,
    duringConnect: (pool) => when(pool, REGISTER_OK, () => pool.dropRequests(5)),
    // after: the pool stops answering and ends the chat session; the restart's requests go unanswered
    afterConnect: (pool) => once(() => { pool.dropRequests(5); bye(pool)(); }),
  },
  {
    name: 'server BYE',
    duringConnect: (pool) => when(pool, GETSERVERINFO, bye(pool)),
    afterConnect: (pool) => once(bye(pool)),
  },
  {
    name: 'garbage bytes',
    duringConnect: (pool) => when(pool, REGISTER_OK, () => pool.sendMalformed(ALICE.uri)),
    afterConnect: (pool) => once(() => pool.sendMalformed(ALICE.uri)),
  },
];

/** REGISTERs that start a sign-in (no Authorization yet): one per attempt. */
const signInAttempts = (pool: SimulatedLyncPool, from: number): number =>
  pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && /^REGISTER /.test(m.firstLine) && !/^Authorization:/im.test(m.text)).length;
const lastSeq = (pool: SimulatedLyncPool): number => pool.messageLog.at(-1)?.seq ?? 0;

function resetFaults(pool: SimulatedLyncPool): void {
  pool.faults.nextResponse = undefined;
  pool.faults.dropUntil = undefined;
  pool.faults.corruptSignatures = undefined;
}

/** The gap between a 503 carrying Retry-After and the next sign-in REGISTER, in ms (undefined if no 503 was sent). */
function retryAfterGap(pool: SimulatedLyncPool, from: number): number | undefined {
  const log = pool.messageLog.filter((m) => m.seq > from);
  const i = log.findIndex((m) => m.direction === 'out' && /^SIP\/2\.0 503/.test(m.firstLine) && /^Retry-After:/im.test(m.text));
  if (i < 0) return undefined;
  const next = log.slice(i + 1).find((m) => m.direction === 'in' && /^REGISTER /.test(m.firstLine));
  return next ? next.time.getTime() - log[i].time.getTime() : undefined;
}

const figures: string[] = [];

describe('fault matrix: every transient fault, during the first connect and after it, ends in chat Established (ChatConnection and the built CLI)', function () {
  this.timeout(60_000);
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  afterEach(() => resetFaults(pool));
  after(async () => {
    await pool?.stop();
    if (figures.length) console.log(`      recovery times: ${figures.join('; ')}`);
  });

  describe('through ChatConnection', () => {
    // A test that fails midway must not leave its connection reconnecting into the next tests.
    const live: ReturnType<typeof aliceConnection>[] = [];
    const connect = (options: Parameters<typeof aliceConnection>[1] = {}): ReturnType<typeof aliceConnection> => {
      const c = aliceConnection(pool, options);
      live.push(c);
      return c;
    };
    afterEach(() => { for (const c of live.splice(0)) c.connection.dispose(); });

    for (const fault of FAULTS) {
      const timings = (): Parameters<typeof aliceConnection>[1] => fault.slow
        ? { endpoint: { requestTimeoutMs: undefined }, commandTimeoutMs: undefined, reconnect: { baseDelayMs: 500, maxDelayMs: 2000 } }
        : {};

      it(`${fault.name} during the first connect: chat Established`, async () => {
        const resources = await trackResources();
        const from = lastSeq(pool);
        const c = connect(timings());
        const armed = fault.duringConnect(pool);
        const started = Date.now();
        try {
          await c.connection.connect().catch(() => undefined);
          await c.until('Connected', 30_000);
        } finally {
          armed.dispose();
        }
        assert.ok(armed.fired(), 'the fault struck');
        assert.equal(c.connection.chatEndpoint?.state, 'Established');
        figures.push(`${fault.name} (first connect) ${Date.now() - started} ms`);
        const gap = retryAfterGap(pool, from);
        if (fault.name.includes("with Retry-After")) assert.ok(gap !== undefined && gap >= 2000 - 50, `the next REGISTER waited out Retry-After: 2 (gap ${gap} ms)`);
        await c.connection.disconnect();
        c.connection.dispose();
        await resources.check();
      });

      it(`${fault.name} after connecting: chat Established again`, async () => {
        const resources = await trackResources();
        const c = connect(timings());
        await c.connection.connect();
        const from = lastSeq(pool);
        const phase = c.phases.length;
        const started = Date.now();
        const armed = fault.afterConnect(pool);
        try {
          await c.passes('Reconnecting', phase, 10_000);
          await c.passes('Connected', phase, 30_000);
        } finally {
          armed.dispose();
        }
        assert.ok(armed.fired(), 'the fault struck');
        assert.equal(c.connection.chatEndpoint?.state, 'Established');
        figures.push(`${fault.name} (after) ${Date.now() - started} ms`);
        if (fault.name === 'server BYE') assert.equal(signInAttempts(pool, from), 0, 'a server BYE restarts the chat session alone: the endpoint stays signed in');
        const gap = retryAfterGap(pool, from);
        if (fault.name.includes("with Retry-After")) assert.ok(gap !== undefined && gap >= 2000 - 50, `the next REGISTER waited out Retry-After: 2 (gap ${gap} ms)`);
        await c.connection.disconnect();
        c.connection.dispose();
        await resources.check();
      });
    }

    it('503 with Retry-After: 2 on the lookup INVITE during the first connect: the chat session is opened again only after 2 s, still signed in', async () => {
      const resources = await trackResources();
      const from = lastSeq(pool);
      pool.failNext({ method: 'INVITE', status: 503, reason: 'Service Unavailable', headers: ['Retry-After: 2'] });
      const c = connect();
      await c.connection.connect();
      assert.equal(c.connection.chatEndpoint?.state, 'Established');
      const log = pool.messageLog.filter((m) => m.seq > from);
      const refused = log.findIndex((m) => m.direction === 'out' && /^SIP\/2\.0 503/.test(m.firstLine) && /^CSeq: \d+ INVITE/m.test(m.text));
      assert.ok(refused >= 0, 'the pool refused the INVITE');
      const next = log.slice(refused + 1).find((m) => m.direction === 'in' && /^INVITE /.test(m.firstLine));
      const gap = next ? next.time.getTime() - log[refused].time.getTime() : undefined;
      assert.ok(gap !== undefined && gap >= 2000 - 50, `the next INVITE waited out Retry-After: 2 (gap ${gap} ms)`);
      assert.equal(signInAttempts(pool, from), 1, 'the endpoint stayed signed in');
      await c.connection.disconnect();
      c.connection.dispose();
      await resources.check();
    });

    it('a wrong password ends in Error (AuthenticationFailed) after one sign-in attempt', async () => {
      const from = lastSeq(pool);
      const c = connect({ endpoint: { credential: { username: ALICE.login, password: 'wrong' } } });
      await assert.rejects(c.connection.connect(), (e: { code: string }) => e.code === 'AuthenticationFailed');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(c.phases, ['Connecting', 'Error']);
      assert.ok(signInAttempts(pool, from) <= 2, `at most two sign-in attempts (saw ${signInAttempts(pool, from)})`);
      c.connection.dispose();
    });

    it('a bad server signature ends in Error (SignatureInvalid) and is not retried', async () => {
      const from = lastSeq(pool);
      pool.corruptSignatures(true);
      const c = connect();
      await assert.rejects(c.connection.connect(), (e: { code: string }) => e.code === 'SignatureInvalid');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(c.phases, ['Connecting', 'Error']);
      assert.ok(signInAttempts(pool, from) <= 2, `at most two sign-in attempts (saw ${signInAttempts(pool, from)})`);
      c.connection.dispose();
    });
  });

  describe('through the built CLI (watch mode)', () => {
    const runs: CliRun[] = [];
    before(() => assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`));
    afterEach(() => { for (const run of runs.splice(0)) run.kill(); });

    function cli(extra: string[] = [], password = ALICE.password): CliRun {
      const run = new CliRun(['--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tls.port}`, '--transport', 'tls', '--ca', CA_FILE, '--username', ALICE.login, '--json', ...extra], { LYNC_PASSWORD: password });
      runs.push(run);
      return run;
    }
    const chatEstablishedAfter = (run: CliRun, index: number) => (l: Parameters<ReturnType<typeof isState>>[0]) => run.lines.indexOf(l) >= index && isState('chat', 'Established')(l);

    for (const fault of FAULTS) {
      it(`${fault.name} during the first connect: chat Established, no error line`, async () => {
        const armed = fault.duringConnect(pool);
        const run = cli();
        try {
          await run.waitForLine(isState('chat', 'Established'), 'chat Established', 30_000);
        } finally {
          armed.dispose();
        }
        assert.ok(armed.fired(), 'the fault struck');
        assert.ok(!run.lines.some(isError), run.output);
        run.interrupt();
        assert.equal(await run.exitCode(), 0, run.output);
      });

      it(`${fault.name} after connecting: chat Established again`, async () => {
        const run = cli();
        await run.waitForLine(isState('chat', 'Established'), 'chat Established');
        const index = run.lines.length;
        const armed = fault.afterConnect(pool);
        try {
          await run.waitForLine(chatEstablishedAfter(run, index), 'chat Established again', 30_000);
        } finally {
          armed.dispose();
        }
        assert.ok(armed.fired(), 'the fault struck');
        assert.ok(!run.lines.some(isError), run.output);
        run.interrupt();
        assert.equal(await run.exitCode(), 0, run.output);
      });
    }

    it('a wrong password exits 1 with AuthenticationFailed after at most two sign-in attempts', async () => {
      const from = lastSeq(pool);
      const run = cli([], 'wrong');
      assert.equal(await run.exitCode(), 1, run.output);
      assert.equal(run.lines.find(isError)?.code, 'AuthenticationFailed', run.output);
      assert.ok(signInAttempts(pool, from) <= 2, `at most two sign-in attempts (saw ${signInAttempts(pool, from)})`);
    });

    it('a bad server signature exits 1 with SignatureInvalid after at most two sign-in attempts', async () => {
      const from = lastSeq(pool);
      pool.corruptSignatures(true);
      const run = cli();
      assert.equal(await run.exitCode(), 1, run.output);
      assert.equal(run.lines.find(isError)?.code, 'SignatureInvalid', run.output);
      assert.ok(signInAttempts(pool, from) <= 2, `at most two sign-in attempts (saw ${signInAttempts(pool, from)})`);
    });
  });
});
