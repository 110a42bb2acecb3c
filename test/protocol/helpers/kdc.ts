/**
 * A real MIT Kerberos KDC (Debian's krb5-kdc) for the single sign-on tests: realm CONTOSO.COM on
 * free loopback ports, in its own temporary directory (krb5.conf, kdc.conf, database, keytab, ticket
 * caches), with users and the pool's `sip/<fqdn>` service key. Nothing outside that directory is
 * read or written: the tests point KRB5_CONFIG, KRB5CCNAME and KRB5_KTNAME at it (see `useKdc`).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './net';

export const REALM = 'CONTOSO.COM';
export const POOL_SERVICE = 'sip/pool0.contoso.com';

export interface Kdc {
  readonly dir: string;
  readonly port: number;
  /** krb5.conf of the realm (KRB5_CONFIG). */
  readonly config: string;
  /** The pool's keytab, holding the `sip/pool0.contoso.com` key (KRB5_KTNAME). */
  readonly keytab: string;
  /** Adds a user principal with this password. */
  addUser(name: string, password: string): void;
  /** Adds a service principal and writes its key to `keytab` (default: the pool's keytab). */
  addService(principal: string, keytab?: string): void;
  /** Removes a principal (a user the KDC no longer knows). */
  removePrincipal(principal: string): void;
  /** `kinit` into a new private credential cache; returns its KRB5CCNAME value. `lifetime` as kinit's -l (e.g. '90s'). */
  kinit(user: string, password: string, options?: { lifetime?: string }): string;
  /** A credential cache path with no ticket in it (a user who has not signed in to the realm). */
  emptyCache(): string;
  stop(): Promise<void>;
}

const TOOLS = ['krb5kdc', 'kdb5_util', 'kadmin.local', 'kinit', 'klist'];

/** The tool's path: on PATH, or in /usr/sbin (where Debian puts the KDC's, often not on a user's PATH). */
function tool(name: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  return join('/usr/sbin', name);
}

export function kdcAvailable(): boolean {
  return TOOLS.every((name) => existsSync(tool(name)));
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): string {
  const result = spawnSync(tool(command), args, { env, input, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

function writeConfigs(dir: string, port: number): { config: string; kdcConfig: string } {
  const config = join(dir, 'krb5.conf');
  writeFileSync(config, [
    '[libdefaults]',
    `  default_realm = ${REALM}`,
    '  dns_lookup_kdc = false',
    '  dns_lookup_realm = false',
    '  dns_canonicalize_hostname = false',
    '  rdns = false',
    '  udp_preference_limit = 1',
    '[realms]',
    `  ${REALM} = {`,
    `    kdc = 127.0.0.1:${port}`,
    '  }',
    '[domain_realm]',
    `  .contoso.com = ${REALM}`,
    `  contoso.com = ${REALM}`,
    '',
  ].join('\n'));
  const kdcConfig = join(dir, 'kdc.conf');
  writeFileSync(kdcConfig, [
    '[kdcdefaults]',
    `  kdc_ports = ${port}`,
    `  kdc_tcp_ports = ${port}`,
    '[realms]',
    `  ${REALM} = {`,
    `    database_name = ${join(dir, 'principal')}`,
    `    key_stash_file = ${join(dir, 'stash')}`,
    `    acl_file = ${join(dir, 'kadm5.acl')}`,
    '    max_life = 10h',
    '    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal',
    '  }',
    '[logging]',
    `  kdc = FILE:${join(dir, 'kdc.log')}`,
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'kadm5.acl'), '');
  return { config, kdcConfig };
}

/** Creates the realm's database and starts krb5kdc in the foreground (killed by stop()). */
export async function startKdc(): Promise<Kdc> {
  const dir = mkdtempSync(join(tmpdir(), 'kdc-'));
  const port = await freePort();
  const { config, kdcConfig } = writeConfigs(dir, port);
  const env = { ...process.env, KRB5_CONFIG: config, KRB5_KDC_PROFILE: kdcConfig };
  const keytab = join(dir, 'pool.keytab');
  let child: ChildProcess | undefined;
  let caches = 0;
  const admin = (query: string) => run('kadmin.local', ['-r', REALM, '-q', query], env);
  try {
    run('kdb5_util', ['create', '-s', '-r', REALM, '-P', 'kdc-master-key'], env);
    child = spawn(tool('krb5kdc'), ['-n', '-r', REALM], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
    await waitFor(() => canConnect(port), 10_000, `the KDC to listen (${log.slice(-500)})`);
  } catch (error) {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const kdcProcess = child;
  const exited = new Promise<void>((resolve) => kdcProcess.once('exit', () => resolve()));
  const kdc: Kdc = {
    dir, port, config, keytab,
    addUser: (name, password) => { admin(`addprinc -pw ${password} ${name}@${REALM}`); },
    addService: (principal, tab = keytab) => {
      admin(`addprinc -randkey ${principal}@${REALM}`);
      admin(`ktadd -k ${tab} ${principal}@${REALM}`);
    },
    removePrincipal: (principal) => { admin(`delprinc -force ${principal}@${REALM}`); },
    kinit: (user, password, options = {}) => {
      const cache = `FILE:${join(dir, `cc-${++caches}`)}`;
      const lifetime = options.lifetime ? ['-l', options.lifetime] : [];
      run('kinit', [...lifetime, `${user}@${REALM}`], { ...env, KRB5CCNAME: cache }, `${password}\n`);
      return cache;
    },
    emptyCache: () => `FILE:${join(dir, `cc-empty-${++caches}`)}`,
    async stop() {
      kdcProcess.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (kdcProcess.exitCode === null && kdcProcess.signalCode === null) kdcProcess.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return kdc;
}

/**
 * Makes a FILE credential cache behave as on a computer whose clock is `seconds` ahead of the KDC's:
 * MIT's cache format 4 records the KDC time offset in its header (tag 1: seconds, microseconds), and
 * the library adds it to the local clock for every request. No clock of this machine is touched.
 */
export function skewCache(cache: string, seconds: number): void {
  const file = cache.replace(/^FILE:/, '');
  const bytes = readFileSync(file);
  if (bytes.readUInt16BE(0) !== 0x0504) throw new Error(`${file} is not a version 4 credential cache`);
  const headerLength = bytes.readUInt16BE(2);
  const header = Buffer.alloc(16);
  header.writeUInt16BE(12, 0);
  header.writeUInt16BE(1, 2);
  header.writeUInt16BE(8, 4);
  header.writeInt32BE(seconds, 6);
  header.writeInt32BE(0, 10);
  writeFileSync(file, Buffer.concat([bytes.subarray(0, 2), header.subarray(0, 14), bytes.subarray(4 + headerLength)]));
}

/** The KDC's log so far (for a failing test's message). */
export function kdcLog(kdc: Kdc): string {
  const file = join(kdc.dir, 'kdc.log');
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
}

/**
 * Points this process's Kerberos library at the KDC: KRB5_CONFIG, the client's credential cache
 * and the pool's keytab (the simulator runs in the same process). Returns a function that restores
 * the environment as it was.
 */
export function useKdc(kdc: Kdc, cache: string): () => void {
  const saved = { KRB5_CONFIG: process.env.KRB5_CONFIG, KRB5CCNAME: process.env.KRB5CCNAME, KRB5_KTNAME: process.env.KRB5_KTNAME };
  process.env.KRB5_CONFIG = kdc.config;
  process.env.KRB5CCNAME = cache;
  process.env.KRB5_KTNAME = `FILE:${kdc.keytab}`;
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}
