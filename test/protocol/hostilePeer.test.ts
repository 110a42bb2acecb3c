import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LyncError } from '../../src/common/errors';
import { nullLogger } from '../../src/common/logger';
import { UserEndpoint } from '../../src/endpoint/userEndpoint';
import { SipConnection } from '../../src/sip/transport/sipConnection';
import { buildTlsOptions } from '../../src/sip/transport/tlsOptions';
import { MAX_QUEUED_FOR_PONG } from '../../src/sip/transport/writeBudget';
import { SimulatedLyncPool } from '../../simulator/pool';
import { CliRun, isError } from './helpers/cliSession';
import { aliceConnection } from './helpers/connection';
import { captureLogger } from './helpers/capture';
import { trackResources } from './helpers/leaks';
import { ALICE, CA_FILE, startPool } from './helpers/pool';
import { SipProxy } from './helpers/proxy';

/** Each item of issue 13's hostile-peer list, reproduced against the client. */
describe('hostile or broken peers cannot hurt the client', function () {
  this.timeout(30_000);
  let pool: SimulatedLyncPool;
  before(async () => { pool = await startPool(); });
  after(async () => { await pool?.stop(); });

  it('1. interval values past Node\'s timer limit (Contact expires=, ms-keep-alive timeout=, Session-Expires) are clamped: no REGISTER/UPDATE/keep-alive storm', async () => {
    const HUGE = '3000000'; // > 2,147,483 s: an unclamped setTimeout fires after 1 ms
    const proxy = await SipProxy.start(pool.addresses.tcp, {
      // (Expires: is covered by the MS-SIPAE signature; these three are not)
      rewrite: (m) => m.replace(/;expires=\d+/gi, `;expires=${HUGE}`)
        .replace(/timeout=\d+/gi, `timeout=${HUGE}`).replace(/^Session-Expires: \d+/gim, `Session-Expires: ${HUGE}`),
    });
    try {
      const c = aliceConnection(pool, { endpoint: { server: `127.0.0.1:${proxy.port}` } });
      await c.connection.connect();
      const registration = c.connection.chatEndpoint ? pool.messageLog.length : 0;
      const seqAfter = pool.messageLog.at(-1)?.seq ?? 0;
      await new Promise((r) => setTimeout(r, 1000));
      const later = pool.messageLog.filter((m) => m.seq > seqAfter && m.direction === 'in');
      assert.equal(later.filter((m) => /^REGISTER /.test(m.firstLine)).length, 0, 'no REGISTER refresh storm');
      assert.equal(later.filter((m) => /^UPDATE /.test(m.firstLine)).length, 0, 'no UPDATE storm');
      assert.ok(pool.connections().every((conn) => conn.keepAlivesAnswered === 0), 'no keep-alive storm');
      assert.ok(registration > 0);
      assert.equal(c.connection.status.phase, 'Connected');
      await c.connection.disconnect();
      c.connection.dispose();
    } finally {
      await proxy.stop();
    }
  });

  it('2. a peer that sends CRLF keep-alive pings and never reads: the pong queue stays bounded (no memory growth)', async () => {
    const resources = await trackResources();
    let peer: net.Socket | undefined;
    const server = net.createServer((s) => { peer = s; s.pause(); }); // never reads
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((r) => socket.once('connect', r));
    const connection = new SipConnection(socket, { host: '127.0.0.1', port, transport: 'tcp' }, nullLogger);
    let maxQueued = 0;
    const ping = Buffer.alloc(64 * 1024, '\r\n\r\n');
    for (let i = 0; i < 160 && connection.isOpen; i++) { // 10 MB of pings
      peer!.write(ping);
      await new Promise((r) => setImmediate(r));
      maxQueued = Math.max(maxQueued, connection.queuedBytes);
    }
    await new Promise((r) => setTimeout(r, 100));
    maxQueued = Math.max(maxQueued, connection.queuedBytes);
    assert.ok(maxQueued <= MAX_QUEUED_FOR_PONG + 2, `queued ${maxQueued} bytes (an unbounded queue holds megabytes)`);
    connection.dispose();
    peer!.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    await resources.check();
  });

  describe('through the built CLI', () => {
    const runs: CliRun[] = [];
    afterEach(() => { for (const run of runs.splice(0)) run.kill(); });
    const cli = (args: string[], env: Record<string, string> = { LYNC_PASSWORD: ALICE.password }): CliRun => {
      const run = new CliRun(args, env);
      runs.push(run);
      return run;
    };
    const tcp = (): string[] => ['--server', `127.0.0.1:${pool.addresses.tcp.port}`, '--transport', 'tcp', '--username', ALICE.login];

    it('3+6. a pre-registration 403 whose reason holds ESC/BEL sequences fails at once (Rejected), and no control character reaches the terminal (text, --json, --verbose)', async () => {
      const reason = 'Forbidden \u001b]0;pwned\u0007\u001b[2J\u009b31m';
      for (const extra of [['--verbose'], ['--json', '--verbose']]) {
        pool.failNext({ method: 'REGISTER', status: 403, reason, diagnostics: '1000;reason="bad \u001b[31m user"' });
        const run = cli(['--uri', ALICE.uri, ...tcp(), '--no-chat', ...extra]);
        assert.equal(await run.exitCode(), 1, run.output);
        assert.match(run.stdout, /Rejected|rejected/, run.output);
        for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
          assert.doesNotMatch(text, /[\u0007\u001b\u009b]/, `${name} holds a raw control character:\n${JSON.stringify(text)}`);
        }
      }
    });

    it('4. a URI sip.js cannot parse is refused before any socket is opened, and the CLI exits', async () => {
      for (const uri of ['sip:al ice@contoso.com', 'sip:a<b@contoso.com', 'sip:alice@contoso.com;;']) {
        const before = pool.connections().length;
        const run = cli(['--uri', uri, ...tcp(), '--json', '--no-chat']);
        assert.equal(await run.exitCode(), 1, run.output);
        assert.equal(run.lines.find(isError)?.code, 'InvalidSettings', run.output);
        assert.equal(pool.connections().length, before, 'no connection was opened');
      }
    });

    it('6. --ca that is not a certificate file, and a garbage --pfx, get clear InvalidSettings errors', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
      writeFileSync(join(dir, 'notes.txt'), 'this is not a certificate\n');
      writeFileSync(join(dir, 'garbage.pfx'), Buffer.from('definitely not PKCS#12'));
      const ca = cli(['--uri', ALICE.uri, '--server', `127.0.0.1:${pool.addresses.tls.port}`, '--ca', join(dir, 'notes.txt'), '--json', '--no-chat']);
      assert.equal(await ca.exitCode(), 1, ca.output);
      const caError = ca.lines.find(isError);
      assert.equal(caError?.code, 'InvalidSettings', ca.output);
      assert.match(String(caError?.message), /notes\.txt is not a CA certificate file/);
      const pfx = cli(['--uri', 'sip:pchat-bot@contoso.com', '--application', '--pfx', join(dir, 'garbage.pfx'), '--gruu', 'sip:pchat-bot@contoso.com;gruu', '--proxy', `127.0.0.1:${pool.addresses.tls.port}`, '--ca', CA_FILE, '--json', '--once'], { LYNC_PFX_PASSPHRASE: 'x' });
      assert.equal(await pfx.exitCode(), 1, pfx.output);
      const pfxError = pfx.lines.find(isError);
      assert.equal(pfxError?.code, 'InvalidSettings', pfx.output);
      assert.match(String(pfxError?.message), /PFX/);
    });
  });

  it('4. ChatConnection: an unparseable URI is InvalidSettings at once, with no socket or timer left behind', async () => {
    const resources = await trackResources();
    const c = aliceConnection(pool, { createEndpoint: () => new UserEndpoint({ userUri: 'sip:al ice@contoso.com', server: `127.0.0.1:${pool.addresses.tcp.port}`, transport: 'tcp', credential: { password: 'x' } }) });
    await assert.rejects(c.connection.connect(), (e: LyncError) => e.code === 'InvalidSettings');
    assert.equal(c.connection.status.phase, 'Error');
    c.connection.dispose();
    await resources.check();
  });

  it('7. the TLS secure context is built once and reused while the trust settings are unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-'));
    const a = buildTlsOptions({ caFile: CA_FILE }, 'pool0.contoso.com').secureContext;
    const b = buildTlsOptions({ caFile: CA_FILE }, 'pool0.contoso.com').secureContext;
    assert.ok(a && a === b, 'same settings: the same context');
    const copy = join(dir, 'other.pem');
    writeFileSync(copy, `${CA_FILE ? '' : ''}`);
    assert.throws(() => buildTlsOptions({ caFile: copy }, 'pool0.contoso.com'), (e: LyncError) => e.code === 'InvalidSettings');
    const c = buildTlsOptions({ caFile: CA_FILE, ca: '' }, 'pool0.contoso.com').secureContext;
    assert.equal(c, a, 'an empty extra CA changes nothing');
  });

  it('sip.js exceptions on malformed input: a request it cannot take is answered 400 and logged at warn with its escaped start line; an unparseable response is dropped; the session stays up', async () => {
    const capture = captureLogger();
    const c = aliceConnection(pool, { logger: capture.logger });
    await c.connection.connect();
    const conn = pool.connections().find((x) => x.userUri === ALICE.uri && x.open)!;
    const from = pool.messageLog.at(-1)?.seq ?? 0;
    conn.send('BYE p:p SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKbad1\r\nFrom: <sip:x@contoso.com>;tag=1\r\nTo: <sip:alice@contoso.com>\r\nCall-ID: bad-1\r\nCSeq: 1 BYE\r\nX-Evil: \u001b[2J\r\n\r\n');
    conn.send('SIP/2.0 200 \u001b]0;x\u0007\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKbad2\r\nCSeq:\r\n\r\n');
    await new Promise((r) => setTimeout(r, 300));
    const answers = pool.messageLog.filter((m) => m.seq > from && m.direction === 'in' && /^SIP\/2\.0 400 /.test(m.firstLine));
    assert.equal(answers.length, 1, 'the identifiable request got a 400, the response nothing');
    assert.match(answers[0].text, /^Call-ID: bad-1\r?$/m);
    assert.ok(capture.has(/^warn .*malformed SIP message.*BYE p:p SIP\/2\.0/), capture.lines.filter((l) => l.startsWith('warn')).join('\n'));
    assert.ok(!capture.lines.some((l) => l.startsWith('warn') && /[\u0007\u001b]/.test(l)), 'warn lines are escaped');
    assert.equal(c.connection.status.phase, 'Connected');
    await c.connection.disconnect();
    c.connection.dispose();
  });
});
