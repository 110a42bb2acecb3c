/**
 * The simulated pool on a thread of its own (its own isolate and event loop, as a real server on
 * its own machine), so a bench measures the client and not the pool sharing its thread. Driven over
 * the worker's message port by poolThread.ts: started → addresses; burst → released, settled; stop.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { SimulatedLyncPool } from '../../simulator/pool';
import type { PoolThreadReply, PoolThreadRequest, PoolWorkerData } from './poolThreadProtocol';

/**
 * This thread's CPU time so far, ms: Linux's /proc/thread-self/schedstat (ns on CPU), so time the
 * thread waited for a core on a busy machine is not counted; elsewhere the event loop's busy time.
 */
function threadBusyMs(): () => number {
  try {
    const read = () => Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
    const start = read();
    if (Number.isFinite(start)) return () => read() - start;
  } catch {
    // not Linux
  }
  const since = performance.eventLoopUtilization();
  return () => performance.eventLoopUtilization(since).active;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('poolWorker.ts runs as a worker thread (see poolThread.ts)');
  const send = (reply: PoolThreadReply) => port.postMessage(reply);
  const pool = await SimulatedLyncPool.start((workerData as PoolWorkerData).options);
  /** The burst whose answers the pool is still reading. */
  let pending: { id: number; left: number; busyMs: () => number } | undefined;
  pool.onMessage((entry) => {
    if (!pending || entry.direction !== 'in' || --pending.left > 0) return;
    send({ type: 'settled', id: pending.id, activeMs: pending.busyMs() });
    pending = undefined;
  });
  port.on('message', (request: PoolThreadRequest) => {
    void (async () => {
      try {
        if (request.type === 'burst') {
          const busyMs = threadBusyMs();
          const texts = Array.from({ length: request.count }, (_, i) => `${request.prefix} ${i + 1} of ${request.count}`);
          let releasedAt = 0n;
          let renderMs = 0;
          pending = { id: request.id, left: request.count, busyMs };
          pool.postBurst(request.asUser, request.room, texts, { beforeWrite: () => { renderMs = busyMs(); releasedAt = process.hrtime.bigint(); } });
          send({ type: 'released', id: request.id, releasedAt: String(releasedAt), renderMs });
        } else if (request.type === 'stop') {
          await pool.stop();
          send({ type: 'stopped' });
          port.close();
        }
      } catch (error) {
        send({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) });
      }
    })();
  });
  send({ type: 'started', addresses: pool.addresses });
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies PoolThreadReply);
});
