/**
 * npm run soak -- --cycles N: N forced reconnects (every connection reset by a proxy between the
 * client and the simulated pool), each waited back to chat Established. Prints RSS, heap, open
 * file descriptors and active handles at the start, after 100 cycles and at the end.
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ChatConnection } from '../../src/persistentChat/chatConnection';
import { SimulatedLyncPool } from '../../simulator/pool';
import { aliceEndpoint } from '../protocol/helpers/pool';
import { SipProxy } from '../protocol/helpers/proxy';

function sample(label: string): { rss: number; heap: number; fds: number; handles: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const s = { rss: m.rss, heap: m.heapUsed, fds: readdirSync('/proc/self/fd').length, handles: process.getActiveResourcesInfo().length };
  console.log(`${label.padEnd(16)} RSS ${(s.rss / 1048576).toFixed(1)} MB  heap ${(s.heap / 1048576).toFixed(1)} MB  fds ${s.fds}  handles ${s.handles}`);
  return s;
}

function until(connection: ChatConnection, phase: string, ms: number): Promise<void> {
  if (connection.status.phase === phase) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`not ${phase} within ${ms} ms (now ${connection.status.phase}: ${connection.status.lastError?.message ?? ''})`)); }, ms);
    const sub = connection.onStatusChanged((s) => { if (s.phase === phase) { clearTimeout(timer); sub.dispose(); resolve(); } });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { cycles: { type: 'string', default: '100' } } });
  const cycles = Number(values.cycles);
  const pool = await SimulatedLyncPool.start({ tlsPort: 0, tcpPort: 0 });
  pool.log.clear();
  const proxy = await SipProxy.start(pool.addresses.tcp);
  const connection = new ChatConnection({
    userUri: 'sip:alice@contoso.com',
    createEndpoint: () => aliceEndpoint(pool, 'tcp', { server: `127.0.0.1:${proxy.port}` }),
    reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
    watchNetwork: false,
  });
  await connection.connect();
  const start = sample('start');
  let at100 = start;
  let failed = 0;
  const began = Date.now();
  for (let i = 1; i <= cycles; i++) {
    proxy.resetAll();
    try {
      await until(connection, 'Reconnecting', 10_000).catch(() => undefined);
      await until(connection, 'Connected', 30_000);
    } catch (error) {
      failed++;
      console.log(`cycle ${i}: ${(error as Error).message}`);
    }
    if (i % 50 === 0) pool.log.clear(); // the pool's own message log is not the client's memory
    if (i === 100) at100 = sample('after 100');
  }
  const end = sample(`after ${cycles}`);
  console.log(`${cycles} cycles in ${((Date.now() - began) / 1000).toFixed(0)} s, ${cycles - failed} back to Established; RSS growth after cycle 100: ${((end.rss - at100.rss) / 1048576).toFixed(1)} MB, heap ${((end.heap - at100.heap) / 1048576).toFixed(1)} MB, fds ${end.fds - start.fds}, handles ${end.handles - start.handles}`);
  await connection.disconnect();
  connection.dispose();
  await proxy.stop();
  await pool.stop();
  return failed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => { console.error(error); process.exitCode = 2; });
