/**
 * `npm run sim`: the simulated Lync Server 2013 pool in the foreground, with a command prompt.
 * Prints its addresses, users and rooms; runs until `quit`, Ctrl-C or SIGTERM.
 */
import * as net from 'node:net';
import { join } from 'node:path';
import * as readline from 'node:readline';
import { LyncError } from '../src/common/errors';
import type { PoolOptions } from './config';
import { describeRooms, describeUsers, HELP, runCommand } from './console';
import { SimulatedLyncPool } from './pool';

const USAGE = `usage: npm run sim -- [options]
  --tls-port N        TLS port (default 5061 if free, else a free port)
  --tcp-port N        TCP port (default 5060 if free, else a free port)
  --ntlm-version 3|4  MS-SIPAE version offered (default 4)
  --digest            Digest authentication instead of NTLM (nothing is signed)
  --only-kerberos     offer only Kerberos (a pool with NTLM turned off: ticket holders sign in, KRB5_KTNAME = its keytab)
  --only-tls-dsk      offer only TLS-DSK (certificate sign-in; nobody can sign in here)
  --lync2010          Lync 2010: no persistentChatConfiguration in provisioning
  --director          also start a Director that answers REGISTER with 301
  --edge              also start an Access Edge (sip.<domain>, TLS port 443 if free, else a free port) relaying remote users
  --edge-port N       the Access Edge's TLS port (implies --edge)
  --autodiscover-port N  also start Lync Autodiscover + Web Ticket over HTTPS on N (0: a free port)
  --autodiscover-host A  its listening address (default 127.0.0.1)
  --autodiscover-redirect  its root answers with a Redirect link
  --catalogue FILE    chat catalogue JSON (default simulator/catalogue.default.json)
  --log FILE          append the message log to FILE
  --verbose           print every SIP message
  --help`;

export function parseArgs(argv: readonly string[]): PoolOptions & { help?: boolean } {
  const options: PoolOptions & { help?: boolean } = {};
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new LyncError('InvalidSettings', `${flag} needs a value`);
    return v;
  };
  const port = (text: string, flag: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new LyncError('InvalidSettings', `${flag}: not a port: ${text}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--tls-port': options.tlsPort = port(value(i, arg), arg); i++; break;
      case '--tcp-port': options.tcpPort = port(value(i, arg), arg); i++; break;
      case '--ntlm-version': {
        const v = value(i, arg);
        if (v !== '3' && v !== '4') throw new LyncError('InvalidSettings', '--ntlm-version must be 3 or 4');
        options.ntlmVersion = v === '3' ? 3 : 4;
        i++;
        break;
      }
      case '--digest': options.auth = 'digest'; break;
      case '--only-kerberos': options.auth = 'kerberos'; break;
      case '--only-tls-dsk': options.auth = 'tls-dsk'; break;
      case '--lync2010': options.lync2010 = true; break;
      case '--director': options.director = true; break;
      case '--edge': options.edge = true; break;
      case '--edge-port': options.edge = true; options.edgeTlsPort = port(value(i, arg), arg); i++; break;
      case '--autodiscover-port': options.autodiscover = true; options.autodiscoverPort = port(value(i, arg), arg); i++; break;
      case '--autodiscover-host': options.autodiscoverHost = value(i, arg); i++; break;
      case '--autodiscover-redirect': options.autodiscoverRedirect = true; break;
      case '--catalogue': options.cataloguePath = value(i, arg); i++; break;
      case '--log': options.logFile = value(i, arg); i++; break;
      case '--verbose': options.verbose = true; break;
      case '--help': case '-h': options.help = true; break;
      default: throw new LyncError('InvalidSettings', `unknown option ${arg}`);
    }
  }
  return options;
}

/** `preferred` when nothing listens there, else 0 (a free port). */
export function portOrFree(host: string, preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(0));
    probe.listen(preferred, host, () => probe.close(() => resolve(preferred)));
  });
}

export function banner(pool: SimulatedLyncPool): string {
  const a = pool.addresses;
  const c = pool.config;
  const lines = [
    `Simulated Lync Server 2013 pool ${c.fqdn} (${c.auth === 'ntlm' ? `NTLM, MS-SIPAE v${c.ntlmVersion}` : 'Digest'}${c.lync2010 ? ', Lync 2010 mode' : ''})`,
    `  TLS  ${a.tls.host}:${a.tls.port}   (certificate for ${c.fqdn}, 127.0.0.1; trust ${join(c.pkiDir, 'ca.pem')})`,
    `  TCP  ${a.tcp.host}:${a.tcp.port}`,
  ];
  if (a.edgeTls) lines.push(`  Edge TLS ${a.edgeTls.host}:${a.edgeTls.port} (Access Edge ${c.edgeFqdn}: remote users, relayed to the pool; trust the same CA)`);
  if (a.directorTls && a.directorTcp) lines.push(`  Director TLS ${a.directorTls.host}:${a.directorTls.port}, TCP ${a.directorTcp.port} (301 to the pool)`);
  if (a.autodiscover) lines.push(`  Autodiscover HTTPS ${a.autodiscover.host}:${a.autodiscover.port} (lyncdiscoverinternal/lyncdiscover.${c.domain}, web ticket over NTLM)`);
  lines.push(
    `  Persistent Chat lookup: ${c.lync2010 ? `sip:ocschat@${c.domain}` : c.persistentChatPoolUri}`,
    'Users:', describeUsers(pool),
    'Rooms:', describeRooms(pool),
    'Type help for commands.',
  );
  return lines.join('\n');
}

export async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const host = options.host ?? '127.0.0.1';
  options.tlsPort ??= await portOrFree(host, 5061);
  options.tcpPort ??= await portOrFree(host, 5060);
  if (options.edge) options.edgeTlsPort ??= await portOrFree(host, 443);
  const pool = await SimulatedLyncPool.start(options);
  console.log(banner(pool));

  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'sim> ', terminal: process.stdin.isTTY });
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    rl.close();
    await pool.stop();
    console.log('pool stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // one command at a time, in order (restart is asynchronous)
  let queue: Promise<void> = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      if (stopping) return;
      const out = await runCommand(pool, line);
      if (out === 'quit') return stop(0);
      if (out) console.log(out);
      rl.prompt();
    });
  });
  // Ctrl-D at a terminal quits; without a terminal (stdin closed or /dev/null) the pool keeps running
  rl.on('close', () => { if (process.stdin.isTTY) void stop(0); });
  rl.prompt();
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`sim: ${LyncError.from(error).message}`);
    if (LyncError.is(error, 'InvalidSettings')) console.error(USAGE);
    process.exit(1);
  });
}

export { HELP };
