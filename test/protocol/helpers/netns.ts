/**
 * A user's machine in a Linux network namespace: its own loopback, a resolver (/etc/netns/NS/resolv.conf)
 * pointing at a real DNS server (dnsmasq) started inside it, and processes (the simulated pool, the
 * built CLI) started inside it unchanged with `ip netns exec`. Needs root, iproute2 and dnsmasq
 * (scripts/install-system-deps.sh test). Every process is ended by its own id, the namespace and its
 * /etc/netns folder removed, by `dispose()`.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, waitFor } from './net';

/** The namespace's DNS server address; the pool listens on 127.0.0.1 (the namespace's own loopback). */
export const NETNS_DNS = '127.0.0.53';
const DNSMASQ = ['/usr/sbin/dnsmasq', '/usr/bin/dnsmasq'].find((p) => existsSync(p));

/** Whether this machine can run the namespace tests (root, `ip`, dnsmasq). */
export function netnsAvailable(): boolean {
  if (process.getuid?.() !== 0 || !DNSMASQ) return false;
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface DnsRecords {
  /** dnsmasq `--srv-host` values: `_sip._tls.contoso.com,pool0.contoso.com,443`. */
  srv?: string[];
  /** dnsmasq `--host-record` values: `sip.contoso.com,127.0.0.1`. */
  hosts?: string[];
  /** Domains answered locally only (unknown names: NXDOMAIN), e.g. `contoso.com`. */
  local?: string[];
}

/** A process started inside the namespace, its output kept. */
export class NsProcess {
  output = '';
  readonly exited: Promise<void>;
  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (c: string) => { this.output += c; });
    child.stderr?.setEncoding('utf8').on('data', (c: string) => { this.output += c; });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(killer);
  }
}

/** dnsmasq's arguments: in the foreground on NETNS_DNS:53, serving only `records`, logging every query. */
function dnsmasqArgs(records: DnsRecords): string[] {
  return [
    '--keep-in-foreground', '--no-resolv', '--no-hosts', '--no-poll', '--pid-file=', '--user=root', '--log-queries', '--log-facility=-',
    `--listen-address=${NETNS_DNS}`, '--bind-interfaces', '--port=53',
    ...(records.local ?? []).map((d) => `--local=/${d}/`),
    ...(records.srv ?? []).map((s) => `--srv-host=${s}`),
    ...(records.hosts ?? []).map((h) => `--host-record=${h}`),
  ];
}

async function awaitDnsmasq(dns: NsProcess): Promise<NsProcess> {
  await waitFor(() => /started, version/.test(dns.output) || !dns.running, 10_000, 'dnsmasq to start');
  if (!dns.running) throw new Error(`dnsmasq did not start:\n${dns.output}`);
  return dns;
}

/**
 * The named namespace this process runs in (`ip netns identify`), when it was started inside one with
 * `ip netns exec` and its resolver is NETNS_DNS: a process already inside (e.g. an extension host
 * under test/vscode/runner/reach.ts) serves its own DNS with startDnsHere.
 */
export function currentNamespace(): string | undefined {
  if (!netnsAvailable()) return undefined;
  try {
    const name = execFileSync('ip', ['netns', 'identify', String(process.pid)], { encoding: 'utf8' }).trim();
    return name && readFileSync('/etc/resolv.conf', 'utf8').includes(`nameserver ${NETNS_DNS}`) ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * dnsmasq serving `records`, started from a process that is already inside a namespace made by
 * NetNamespace (see currentNamespace()): stop it (NsProcess.stop) before starting another.
 */
export function startDnsHere(records: DnsRecords): Promise<NsProcess> {
  if (!currentNamespace()) throw new Error('not inside a network namespace whose resolver is the test DNS server: refusing to start dnsmasq here');
  const child = spawn(DNSMASQ ?? 'dnsmasq', dnsmasqArgs(records), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  return awaitDnsmasq(new NsProcess(child));
}

export class NetNamespace {
  private readonly processes: NsProcess[] = [];
  private constructor(readonly name: string) {}

  /** A new namespace with loopback up and a resolver pointing at NETNS_DNS (and an /etc/hosts of its own). */
  static create(prefix = 'lyncpc'): NetNamespace {
    const ns = new NetNamespace(`${prefix}-${process.pid}-${Math.floor(Math.random() * 1e6)}`);
    execFileSync('ip', ['netns', 'add', ns.name]);
    try {
      execFileSync('ip', ['netns', 'exec', ns.name, 'ip', 'link', 'set', 'lo', 'up']);
      mkdirSync(ns.etcDir, { recursive: true });
      writeFileSync(join(ns.etcDir, 'resolv.conf'), `nameserver ${NETNS_DNS}\noptions timeout:1 attempts:1\n`);
      writeFileSync(join(ns.etcDir, 'hosts'), '127.0.0.1 localhost\n::1 localhost\n');
    } catch (error) {
      ns.removeNamespace();
      throw error;
    }
    return ns;
  }

  /** The command prefix that runs a program inside the namespace. */
  get wrap(): string[] {
    return ['ip', 'netns', 'exec', this.name];
  }

  /** Starts `command args` inside the namespace. */
  spawn(command: string, args: readonly string[], env: Record<string, string> = {}): NsProcess {
    const [ip, ...prefix] = this.wrap;
    const child = spawn(ip, [...prefix, command, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new NsProcess(child);
    this.processes.push(proc);
    return proc;
  }

  /** dnsmasq in the foreground on NETNS_DNS:53, serving only `records`, logging every query. */
  startDns(records: DnsRecords): Promise<NsProcess> {
    return awaitDnsmasq(this.spawn(DNSMASQ ?? 'dnsmasq', dnsmasqArgs(records)));
  }

  /** A DNS server that receives every query on NETNS_DNS:53 and never answers (a dead or filtered resolver). */
  async startSilentDns(): Promise<NsProcess> {
    const script = `require('node:dgram').createSocket('udp4').on('message', () => {}).bind(53, '${NETNS_DNS}', () => console.log('listening'))`;
    const dns = this.spawn(process.execPath, ['-e', script]);
    await waitFor(() => dns.output.includes('listening') || !dns.running, 10_000, 'the silent DNS server to start');
    if (!dns.running) throw new Error(`the silent DNS server did not start:\n${dns.output}`);
    return dns;
  }

  /**
   * The simulated pool (`npm run sim`, compiled to out/) on 127.0.0.1 inside the namespace; `extra`
   * are more `npm run sim` options (e.g. `--autodiscover-port 443 --autodiscover-host 127.0.0.2`).
   */
  async startPool(tlsPort: number, tcpPort = 5060, extra: readonly string[] = []): Promise<NsProcess> {
    const pool = this.spawn(process.execPath, [join(repoRoot, 'out', 'simulator', 'main.js'), '--tls-port', String(tlsPort), '--tcp-port', String(tcpPort), ...extra]);
    await waitFor(() => pool.output.includes(`TLS  127.0.0.1:${tlsPort}`) || !pool.running, 15_000, 'the simulated pool to start');
    if (!pool.running) throw new Error(`the simulated pool did not start:\n${pool.output}`);
    return pool;
  }

  /**
   * An HTTPS server on `host`:443 with the Autodiscover certificate (simulator/pki/web.pem) that
   * answers every request 200 with `contentType` and `body`: an Autodiscover service gone wrong.
   */
  async startHttpsAnswering(host: string, contentType: string, body: string): Promise<NsProcess> {
    const pki = join(repoRoot, 'simulator', 'pki');
    const script = `const fs = require('node:fs');
      require('node:https').createServer({ key: fs.readFileSync(${JSON.stringify(join(pki, 'web-key.pem'))}), cert: fs.readFileSync(${JSON.stringify(join(pki, 'web.pem'))}) },
        (req, res) => { res.writeHead(200, { 'Content-Type': ${JSON.stringify(contentType)} }); res.end(${JSON.stringify(body)}); })
        .listen(443, ${JSON.stringify(host)}, () => console.log('listening'));`;
    const server = this.spawn(process.execPath, ['-e', script]);
    await waitFor(() => server.output.includes('listening') || !server.running, 10_000, 'the HTTPS server to start');
    if (!server.running) throw new Error(`the HTTPS server did not start:\n${server.output}`);
    return server;
  }

  /**
   * A TCP server on `host`:`port` that accepts every connection and never sends a byte (a hung web
   * server); it prints `accepted` for each connection.
   */
  async startSilentTcp(host: string, port: number): Promise<NsProcess> {
    const script = `const kept = []; require('node:net').createServer((s) => { kept.push(s); console.log('accepted'); }).listen(${port}, ${JSON.stringify(host)}, () => console.log('listening'))`;
    const server = this.spawn(process.execPath, ['-e', script]);
    await waitFor(() => server.output.includes('listening') || !server.running, 10_000, 'the silent TCP server to start');
    if (!server.running) throw new Error(`the silent TCP server did not start:\n${server.output}`);
    return server;
  }

  /** Stops every process started here (each by its own id), then removes the namespace. */
  async dispose(): Promise<void> {
    await Promise.all(this.processes.splice(0).map((p) => p.stop()));
    this.removeNamespace();
  }

  private get etcDir(): string {
    return join('/etc/netns', this.name);
  }

  private removeNamespace(): void {
    try {
      execFileSync('ip', ['netns', 'del', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    rmSync(this.etcDir, { recursive: true, force: true });
  }
}
