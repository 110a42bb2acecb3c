import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SimulatedLyncPool } from '../../simulator/pool';
import { BenchResult, interleaved } from './harness';

const ROUNDS = 8;
const WARMUP = 1;
const repoRoot = join(__dirname, '..', '..', '..');
const CLI = join(repoRoot, 'dist', 'cli.js');

/** ms from spawn until `predicate` matches a stdout line (then the child is stopped), or until exit. */
function timeChild(args: string[], env: NodeJS.ProcessEnv, predicate?: (line: string) => boolean): Promise<number> {
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

/**
 * Cold CLI: a fresh `node dist/cli.js` from process start to the chat endpoint's Established (JSON
 * state line), against the pool over loopback TCP, interleaved with bare `node -e 0` (process start
 * to exit). Target (issue 14): ≤ 2 × bare node + the warm connect time measured by the connect bench.
 */
export async function coldCliBenches(pool: SimulatedLyncPool, warmConnectMs: number | undefined): Promise<BenchResult[]> {
  const env = { ...process.env, LYNC_PASSWORD: 'secret' };
  const args = [CLI, '--uri', 'sip:alice@contoso.com', '--server', `127.0.0.1:${pool.addresses.tcp.port}`, '--transport', 'tcp', '--username', 'CONTOSO\\alice', '--json'];
  const established = (line: string) => /"type":"state"/.test(line) && /"endpoint":"chat"/.test(line) && /"state":"Established"/.test(line);
  const { value, baseline } = await interleaved(ROUNDS, WARMUP, () => timeChild(args, env, established), () => timeChild(['-e', '0'], env));
  const budget = 2 * baseline + (warmConnectMs ?? 0);
  return [{
    name: 'COLD CLI: process start → chat Established (node dist/cli.js, loopback TCP)', value, unit: 'ms',
    baseline, baselineName: 'bare node start', ratio: value / baseline,
    target: warmConnectMs === undefined ? '≤ 2× bare node + warm connect (run with connect)' : `≤ ${budget.toFixed(0)} ms (2× node + warm connect ${warmConnectMs.toFixed(1)} ms)`,
    pass: warmConnectMs === undefined ? undefined : value <= budget,
  }];
}
