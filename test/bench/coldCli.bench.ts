import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedLyncPool } from '../../simulator/pool';
import { BenchResult, interleaved } from './harness';

const ROUNDS = 8;
const WARMUP = 1;
const repoRoot = join(__dirname, '..', '..', '..');

/**
 * ms from spawn until `predicate` matches a stdout line (then `onMatch` runs and the child is
 * stopped), or until exit.
 */
export function timeChild(args: string[], env: NodeJS.ProcessEnv, predicate?: (line: string) => boolean, onMatch?: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let done = false;
    const timer = setTimeout(() => { child.kill(); reject(new Error(`cold CLI did not reach Established in 60 s:\n${out}`)); }, 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!done && predicate && out.split('\n').some(predicate)) {
        done = true;
        const ms = elapsed();
        onMatch?.();
        clearTimeout(timer);
        child.once('exit', () => resolve(ms));
        child.kill('SIGINT');
      }
    });
    child.stderr.resume();
    child.once('exit', () => {
      if (done) return;
      clearTimeout(timer);
      if (predicate) reject(new Error(`cold CLI exited before Established:\n${out}`));
      else resolve(elapsed());
    });
  });
}

/** The CLI's `--json` line for the chat endpoint reaching Established. */
export const chatEstablished = (line: string): boolean =>
  /"type":"state"/.test(line) && /"endpoint":"chat"/.test(line) && /"state":"Established"/.test(line);

/** `node <cli>` signing alice in over TCP at 127.0.0.1:`port`, its config folder under `configHome`. */
export function cliSignIn(cli: string, port: number, configHome: string): { args: string[]; env: NodeJS.ProcessEnv } {
  return {
    args: [cli, '--uri', 'sip:alice@contoso.com', '--server', `127.0.0.1:${port}`, '--transport', 'tcp', '--username', 'CONTOSO\\alice', '--json'],
    env: { ...process.env, LYNC_PASSWORD: 'secret', XDG_CONFIG_HOME: configHome },
  };
}

/**
 * Cold CLI: a fresh `node dist/cli.js` (`cli`: the production build, as packaged) from process start to the chat endpoint's Established (JSON
 * state line), against the pool over loopback TCP, interleaved with bare `node -e 0` (process start
 * to exit); from the second run on, with the pool memory the first left, as a user's every start
 * after the first. Target (issue 14): ≤ 2 × bare node + the warm connect time measured by the connect bench.
 */
export async function coldCliBenches(pool: SimulatedLyncPool, cli: string, warmConnectMs: number | undefined): Promise<BenchResult[]> {
  // Its own config folder: the bench leaves no pool memory in the user's; the warm-up run fills it.
  const configHome = mkdtempSync(join(tmpdir(), 'lync-pchat-bench-'));
  const { args, env } = cliSignIn(cli, pool.addresses.tcp.port, configHome);
  const { value, baseline } = await interleaved(ROUNDS, WARMUP, () => timeChild(args, env, chatEstablished), () => timeChild(['-e', '0'], env))
    .finally(() => rmSync(configHome, { recursive: true, force: true }));
  const budget = 2 * baseline + (warmConnectMs ?? 0);
  return [{
    name: 'COLD CLI: process start → chat Established (node dist/cli.js as packaged, loopback TCP)', value, unit: 'ms',
    baseline, baselineName: 'bare node start', ratio: value / baseline,
    target: warmConnectMs === undefined ? '≤ 2× bare node + warm connect (run with connect)' : `≤ ${budget.toFixed(0)} ms (2× node + warm connect ${warmConnectMs.toFixed(1)} ms)`,
    pass: warmConnectMs === undefined ? undefined : value <= budget,
  }];
}
