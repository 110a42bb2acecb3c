/** The messages between the bench (main thread) and the simulated pool in its worker thread (poolWorker.ts). */
import type { PoolAddresses, PoolOptions } from '../../simulator/pool';

export interface PoolWorkerData { options: PoolOptions }

export type PoolThreadRequest =
  /** Post `count` grpchats as `asUser` into `room` (texts `${prefix} 1 of count` …), each connection's share in one write. */
  | { type: 'burst'; id: number; asUser: string; room: string; count: number; prefix: string }
  | { type: 'stop' };

export type PoolThreadReply =
  | { type: 'started'; addresses: PoolAddresses }
  /**
   * The burst is rendered and its writes are going out; `releasedAt` is process.hrtime.bigint() (one
   * clock for all threads) as a string; `renderMs` the thread's CPU time to render, sign and store it.
   */
  | { type: 'released'; id: number; releasedAt: string; renderMs: number }
  /**
   * The pool has read as many messages as the burst held (the 200s to its INFOs): its thread was on a
   * CPU `activeMs` in all since the burst began (render, sign, log, write, then read, verify, match).
   */
  | { type: 'settled'; id: number; activeMs: number }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };
