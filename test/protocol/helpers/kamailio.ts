import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, waitFor } from './net';

export interface KamailioRegistrar {
  tcpPort: number;
  tlsPort: number;
  stop(): Promise<void>;
}

export function kamailioAvailable(): boolean {
  return spawnSync('kamailio', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** Starts a real Kamailio (Debian package) as a Digest registrar on free loopback ports. */
export async function startKamailio(options: { password: string; qop?: 0 | 1 }): Promise<KamailioRegistrar> {
  const dir = mkdtempSync(join(tmpdir(), 'kamailio-'));
  const tcpPort = await freePort();
  const tlsPort = await freePort();
  const pki = join(repoRoot, 'simulator', 'pki');
  const fill = (text: string) => text
    .replaceAll('@@TCP_PORT@@', String(tcpPort)).replaceAll('@@TLS_PORT@@', String(tlsPort))
    .replaceAll('@@PASSWORD@@', options.password).replaceAll('@@QOP@@', String(options.qop ?? 1))
    .replaceAll('@@TLS_CFG@@', join(dir, 'tls.cfg'))
    .replaceAll('@@KEY@@', join(pki, 'server-key.pem')).replaceAll('@@CERT@@', join(pki, 'server.pem'));
  const src = join(repoRoot, 'test', 'kamailio');
  writeFileSync(join(dir, 'kamailio.cfg'), fill(readFileSync(join(src, 'kamailio.cfg'), 'utf8')));
  writeFileSync(join(dir, 'tls.cfg'), fill(readFileSync(join(src, 'tls.cfg'), 'utf8')));
  const pidFile = join(dir, 'kamailio.pid');
  const child = spawn('kamailio', ['-f', join(dir, 'kamailio.cfg'), '-DD', '-E', '-Y', dir, '-P', pidFile, '-m', '64', '-M', '8'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d: Buffer) => { log += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitFor(async () => (await canConnect(tcpPort)) && (await canConnect(tlsPort)), 10_000, 'Kamailio to listen');
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`Kamailio did not start: ${(error as Error).message}\n${log.slice(-2000)}`);
  }
  return {
    tcpPort,
    tlsPort,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}
