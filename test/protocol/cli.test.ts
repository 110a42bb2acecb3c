import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { SimulatedLyncPool } from '../../simulator/pool';
import { CLI, CliRun, isError, isState } from './helpers/cliSession';
import { freePort } from './helpers/net';
import { ALICE, CA_FILE, startPool } from './helpers/pool';

describe('lync-pchat (the built CLI) against the simulated Lync pool', function () {
  let pool: SimulatedLyncPool;
  const runs: CliRun[] = [];

  before(async function () {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    pool = await startPool();
  });
  afterEach(() => {
    for (const run of runs.splice(0)) run.kill();
  });
  after(async () => { await pool?.stop(); });

  function cli(args: string[], env: Record<string, string | undefined> = { LYNC_PASSWORD: ALICE.password }): CliRun {
    const run = new CliRun(args, env);
    runs.push(run);
    return run;
  }

  /** --server 127.0.0.1:port: pool0.contoso.com does not resolve here, and 127.0.0.1 is on the pool's certificate. */
  function aliceArgs(transport: 'tls' | 'tcp', extra: string[] = []): string[] {
    const port = transport === 'tls' ? pool.addresses.tls.port : pool.addresses.tcp.port;
    return ['--uri', ALICE.uri, '--server', `127.0.0.1:${port}`, '--transport', transport, '--username', ALICE.login, ...(transport === 'tls' ? ['--ca', CA_FILE] : []), ...extra];
  }

  const deRegistrations = (): number => pool.messageLog.filter((m) => m.direction === 'in' && /^REGISTER /.test(m.text) && /^Expires: 0\r?$/m.test(m.text)).length;

  for (const transport of ['tls', 'tcp'] as const) {
    it(`--json --no-chat over ${transport.toUpperCase()}: prints the user endpoint Establishing then Established, and on Ctrl-C signs out (de-registers) and exits 0`, async () => {
      const before = deRegistrations();
      const run = cli(aliceArgs(transport, ['--json', '--no-chat']));
      await run.waitForLine(isState('user', 'Established'), 'user Established');
      assert.deepEqual(run.lines.filter((l) => l.type === 'state').map((l) => l.state).slice(0, 2), ['Establishing', 'Established']);
      run.interrupt();
      assert.equal(await run.exitCode(), 0, run.output);
      assert.equal(deRegistrations(), before + 1, 'one REGISTER with Expires: 0 reached the pool');
      assert.ok(!run.lines.some((l) => l.type === 'not-json'), `every stdout line is JSON\n${run.output}`);
      assert.ok(!run.lines.some(isError), run.output);
      assert.ok(!run.lines.some((l) => l.type === 'state' && l.endpoint === 'chat'), '--no-chat: no Persistent Chat endpoint');
      assert.deepEqual(run.lines.filter((l) => l.type === 'state').map((l) => l.state), ['Establishing', 'Established', 'Terminating', 'Terminated'], 'every state change, through sign-out');
      assert.equal(run.lines.find(isState('user', 'Terminated'))?.reason, undefined, 'a user sign-out is not an error');
    });
  }

  it('wrong password: a typed AuthenticationFailed error line, exit status 1, and the password appears nowhere in the output (even with --verbose)', async () => {
    const password = 'Wr0ng-Pa55-9f3c';
    const run = cli(aliceArgs('tls', ['--json', '--no-chat', '--verbose']), { LYNC_PASSWORD: password });
    const code = await run.exitCode();
    assert.equal(code, 1, run.output);
    const error = run.lines.find(isError);
    assert.ok(error, `an error line\n${run.output}`);
    assert.equal(error.code, 'AuthenticationFailed', run.output);
    assert.equal(error.sipStatus, 401);
    assert.equal(typeof error.message, 'string');
    assert.ok(!run.lines.some(isState('user', 'Established')), run.output);
    assert.ok(!run.lines.some((l) => l.type === 'reconnecting'), 'a wrong password is never retried');
    assert.ok(run.stderr.length > 0, '--verbose wrote SIP traces to stderr');
    assert.ok(!run.stdout.includes(password) && !run.stderr.includes(password), 'the password is in no output');
  });

  it('no password (no LYNC_PASSWORD, stdin not a terminal): an InvalidSettings error and exit 1, no prompt', async () => {
    const run = cli(aliceArgs('tcp', ['--json', '--no-chat']), {});
    assert.equal(await run.exitCode(), 1, run.output);
    const error = run.lines.find(isError);
    assert.equal(error?.code, 'InvalidSettings', run.output);
    assert.match(String(error?.message), /LYNC_PASSWORD/);
  });

  it('unreachable server with --once: a ConnectionFailed error naming the server, exit 1, no reconnect', async () => {
    const port = await freePort();
    const run = cli(['--uri', ALICE.uri, '--server', `127.0.0.1:${port}`, '--transport', 'tcp', '--json', '--no-chat', '--once']);
    assert.equal(await run.exitCode(), 1, run.output);
    const error = run.lines.find(isError);
    assert.equal(error?.code, 'ConnectionFailed', run.output);
    assert.match(String(error?.message), new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.ok(!run.lines.some((l) => l.type === 'reconnecting'), `--once does not announce a reconnect\n${run.output}`);
  });

  it('unreachable server in watch mode: a refused connection is transient, so it announces the retry with its reason and keeps trying until Ctrl-C (exit 0)', async () => {
    const port = await freePort();
    const run = cli(['--uri', ALICE.uri, '--server', `127.0.0.1:${port}`, '--transport', 'tcp', '--json', '--no-chat']);
    const line = await run.waitForLine((l) => l.type === 'reconnecting', 'a reconnecting line');
    assert.equal(line.reason, 'ConnectionFailed', run.output);
    assert.ok(!run.lines.some(isError), `a transient failure is not printed as a final error\n${run.output}`);
    run.interrupt();
    assert.equal(await run.exitCode(), 0, run.output);
  });

  it('TLS without the pool\'s CA: a CertificateUntrusted error and, in text mode, a hint to pass --ca; exit 1', async () => {
    const args = ['--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tls.port}`, '--no-chat'];
    const json = cli([...args, '--json']);
    assert.equal(await json.exitCode(), 1, json.output);
    assert.equal(json.lines.find(isError)?.code, 'CertificateUntrusted', json.output);
    const text = cli(args);
    assert.equal(await text.exitCode(), 1, text.output);
    assert.match(text.stdout, /^error: The certificate of 127\.0\.0\.1:\d+ is not trusted/m, text.output);
    assert.match(text.stdout, /→ pass the issuing CA with --ca/, text.output);
  });

  it('without --no-chat: the chat endpoint reaches Established after provisioning and the pending invitation is printed', async () => {
    const run = cli(aliceArgs('tcp', ['--json']));
    await run.waitForLine(isState('chat', 'Established'), 'chat Established');
    const invitation = await run.waitForLine((l) => l.type === 'invitation', 'an invitation');
    assert.equal((invitation.room as { name: string }).name, 'Architecture Guild');
    assert.ok(pool.messageLog.some((m) => m.direction === 'in' && /^SUBSCRIBE /.test(m.text) && /^Event: vnd-microsoft-provisioning-v2\r?$/mi.test(m.text)), 'provisioning was read');
    run.interrupt();
    assert.equal(await run.exitCode(), 0, run.output);
  });

  it('--chat-uri: connects to that lookup URI without reading provisioning', async () => {
    pool.log.clear();
    const run = cli(aliceArgs('tcp', ['--json', '--chat-uri', 'sip:ocschat@contoso.com']));
    await run.waitForLine(isState('chat', 'Established'), 'chat Established');
    const invites = pool.messageLog.filter((m) => m.direction === 'in' && /^INVITE /.test(m.firstLine)).map((m) => m.firstLine);
    assert.match(invites[0] ?? '', /^INVITE sip:ocschat@contoso\.com /i, `the first INVITE goes to the override\n${invites.join('\n')}`);
    assert.ok(!pool.messageLog.some((m) => m.direction === 'in' && /^SUBSCRIBE /.test(m.text) && /provisioning/i.test(m.text)), 'no provisioning SUBSCRIBE');
    run.interrupt();
    assert.equal(await run.exitCode(), 0, run.output);
  });

  it('--demo --json: starts the embedded pool, prints user and chat Established and the demo catalogue\'s invitation (id, createdOn, room uri/name/description); Ctrl-C exits 0', async () => {
    const run = cli(['--demo', '--json'], {});
    const demo = await run.waitForLine((l) => l.type === 'demo', 'the demo line');
    assert.equal(demo.uri, ALICE.uri);
    assert.match(String(demo.server), /^127\.0\.0\.1:\d+$/);
    await run.waitForLine(isState('user', 'Established'), 'user Established');
    await run.waitForLine(isState('chat', 'Established'), 'chat Established');
    const invitation = await run.waitForLine((l) => l.type === 'invitation', 'an invitation');
    assert.equal(typeof invitation.id, 'number');
    assert.ok(!Number.isNaN(Date.parse(String(invitation.createdOn))), `createdOn is a date: ${String(invitation.createdOn)}`);
    const room = invitation.room as { uri: string; name: string; description: string };
    assert.match(room.uri, /^ma-chan:\/\/contoso\.com\/[0-9a-f-]+$/);
    assert.equal(room.name, 'Architecture Guild');
    assert.equal(room.description, 'Design reviews, RFCs and the tech radar.');
    assert.ok(!run.lines.some(isError), run.output);
    run.interrupt();
    assert.equal(await run.exitCode(), 0, run.output);
  });

  it('--password is refused with a usage error (exit 2): a password never goes on the command line', async () => {
    const run = cli([...aliceArgs('tcp'), '--password', 'secret'], {});
    assert.equal(await run.exitCode(), 2, run.output);
    assert.match(run.stderr, /--password is not accepted/);
    assert.equal(run.stdout, '');
  });
});
