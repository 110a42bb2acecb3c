import * as net from 'node:net';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `check` is true (bounded); for waiting on servers, never for timing assertions. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** CI must not skip a lane silently: a missing prerequisite fails there, and skips visibly elsewhere. */
export function requirePrerequisite(ctx: Mocha.Context, available: boolean, what: string): void {
  if (available) return;
  if (process.env.CI === 'true') throw new Error(`${what} is not installed (CI=true: not skipping). Run scripts/install-system-deps.sh.`);
  console.log(`      (skipped: ${what} is not installed; run scripts/install-system-deps.sh)`);
  ctx.skip();
}
