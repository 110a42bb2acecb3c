/**
 * The bench's side of poolWorker.ts: starts the simulated pool in a worker thread and drives it over
 * the worker's message port. The client under test stays on the main thread, so pool and client
 * each have a core, as a client and a real server on two machines do.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PoolAddresses, PoolOptions } from '../../simulator/pool';
import type { PoolThreadReply, PoolThreadRequest, PoolWorkerData } from './poolThreadProtocol';

export interface BurstHandle {
  /** process.hrtime.bigint() when the rendered burst's writes went out (the clock is the same on every thread). */
  releasedAt: bigint;
  /** The pool thread's CPU time to render, sign, store and log the burst before releasing it, ms. */
  renderMs: number;
  /** Resolves when the pool has read the burst's answers, with its thread's CPU time for the whole burst, ms. */
  settled: Promise<number>;
}

type Waiter = { match: (reply: PoolThreadReply) => boolean; resolve: (reply: PoolThreadReply) => void; reject: (error: Error) => void };

export class PoolThread {
  private readonly waiters: Waiter[] = [];
  private failure: Error | undefined;
  private nextId = 1;

  private constructor(private readonly worker: Worker, readonly addresses: PoolAddresses) {
    worker.on('message', (reply: PoolThreadReply) => this.dispatch(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`pool worker exited (${code})`)));
  }

  /** Starts the pool (the same options as SimulatedLyncPool.start) in a worker thread. */
  static start(options: PoolOptions): Promise<PoolThread> {
    // The bench bundle runs poolWorker.bundle.js beside it; tsc's out/ has poolWorker.js.
    const bundled = join(__dirname, 'poolWorker.bundle.js');
    const worker = new Worker(existsSync(bundled) ? bundled : join(__dirname, 'poolWorker.js'), { workerData: { options } satisfies PoolWorkerData });
    return new Promise((resolve, reject) => {
      const early = (error: Error) => reject(error);
      worker.once('error', early);
      worker.once('exit', (code) => reject(new Error(`pool worker exited (${code}) before it listened`)));
      worker.once('message', (reply: PoolThreadReply) => {
        worker.off('error', early);
        worker.removeAllListeners('exit');
        if (reply.type === 'started') resolve(new PoolThread(worker, reply.addresses));
        else reject(new Error(`pool worker: ${reply.type === 'failed' ? reply.message : reply.type}`));
      });
    });
  }

  /**
   * Posts `count` grpchats as `asUser` into `room` with the pool's postBurst (rendered, signed,
   * stored, then each connection's share in one write); resolves once the writes are released.
   */
  async burst(asUser: string, room: string, count: number, prefix: string): Promise<BurstHandle> {
    const id = this.nextId++;
    const settled = this.expect((r) => r.type === 'settled' && r.id === id).then((r) => (r as Extract<PoolThreadReply, { type: 'settled' }>).activeMs);
    settled.catch(() => undefined);
    const released = this.expect((r) => r.type === 'released' && r.id === id);
    this.post({ type: 'burst', id, asUser, room, count, prefix });
    const reply = await released as Extract<PoolThreadReply, { type: 'released' }>;
    return { releasedAt: BigInt(reply.releasedAt), renderMs: reply.renderMs, settled };
  }

  async stop(): Promise<void> {
    if (this.failure) return void await this.worker.terminate();
    const stopped = this.expect((r) => r.type === 'stopped');
    this.post({ type: 'stop' });
    try {
      await stopped;
    } finally {
      await this.worker.terminate();
    }
  }

  private post(request: PoolThreadRequest): void {
    this.worker.postMessage(request);
  }

  private expect(match: (reply: PoolThreadReply) => boolean): Promise<PoolThreadReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }

  private dispatch(reply: PoolThreadReply): void {
    if (reply.type === 'failed') return this.fail(new Error(`pool worker: ${reply.message}`));
    const index = this.waiters.findIndex((w) => w.match(reply));
    if (index >= 0) this.waiters.splice(index, 1)[0].resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}
