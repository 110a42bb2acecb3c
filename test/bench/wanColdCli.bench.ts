import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedLyncPool } from '../../simulator/pool';
import { chatEstablished, cliSignIn, timeChild } from './coldCli.bench';
import { BenchResult, interleaved } from './harness';
import { lastSeq, sequentialRoundTrips } from './roundTrips';
import { WanRelay } from './wanRelay';

const ONE_WAY_MS = 25;
const ROUNDS = 5;
/** A cold start with the CLI's pool memory is a restart: the sign-in handshake, then the chat server (issue 25). */
const EXPECTED_ROUND_TRIPS = 4;

/**
 * Issue 25: a cold CLI (`node dist/cli.js` as packaged, a new process reading its config folder's pool memory,
 * as every run after the first) from process start to the chat endpoint's Established, over the
 * 50 ms link, interleaved with bare `node -e 0`. Target: ≤ 2 × bare node + its floor, the raw
 * socket client's restart over the same link (`rawRestartMs`, measured by the WAN bench in this
 * run). Its sequential round trips up to Established are counted at the pool and asserted.
 */
export async function wanColdCliBenches(pool: SimulatedLyncPool, cli: string, rawRestartMs: number | undefined): Promise<BenchResult[]> {
  const relay = await WanRelay.start({ host: '127.0.0.1', port: pool.addresses.tcp.port }, ONE_WAY_MS);
  const configHome = mkdtempSync(join(tmpdir(), 'lync-pchat-bench-'));
  try {
    const { args, env } = cliSignIn(cli, relay.port, configHome);
    await timeChild(args, env, chatEstablished); // the first run fills pool-memory.json
    const trips: number[] = [];
    const coldRun = async (): Promise<number> => {
      const from = lastSeq(pool);
      let to = Infinity;
      const ms = await timeChild(args, env, chatEstablished, () => { to = lastSeq(pool); });
      trips.push(sequentialRoundTrips(pool, from, to));
      return ms;
    };
    const { value, baseline } = await interleaved(ROUNDS, 1, coldRun, () => timeChild(['-e', '0'], env));
    const most = Math.max(...trips);
    if (most > EXPECTED_ROUND_TRIPS) throw new Error(`WAN cold CLI: ${most} sequential round trips to Established, ${EXPECTED_ROUND_TRIPS} expected (runs: ${trips.join(', ')})`);
    const budget = rawRestartMs === undefined ? undefined : 2 * baseline + rawRestartMs;
    return [{
      name: `WAN ${relay.rttMs} ms link: cold CLI, process start → chat Established with its pool memory, ${most} round trips (sequential)`,
      value, unit: 'ms', baseline, baselineName: 'bare node start', ratio: value / baseline,
      target: budget === undefined ? '≤ 2× bare node + raw restart (run with wan)' : `≤ ${budget.toFixed(0)} ms (2× node + raw restart ${rawRestartMs!.toFixed(1)} ms)`,
      pass: budget === undefined ? undefined : value <= budget,
    }];
  } finally {
    rmSync(configHome, { recursive: true, force: true });
    await relay.stop();
  }
}
