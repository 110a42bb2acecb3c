import { readFileSync } from 'node:fs';
/** One measured figure beside the baseline it is judged against. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The baseline's figure, in the same unit. */
  baseline: number;
  baselineName: string;
  /** Our time ÷ the baseline's time (1.5 = 50 % slower than the baseline). */
  ratio: number;
  /** The goal in words, e.g. "≥ 50000/s". */
  target?: string;
  pass?: boolean;
}

export interface MeasureOptions {
  iterations: number;
  warmup: number;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Runs `fn` `warmup` times, then times `iterations` runs with the monotonic clock. */
export async function measure(fn: () => unknown | Promise<unknown>, { iterations, warmup }: MeasureOptions): Promise<{ perOpMs: number; opsPerSec: number }> {
  if (!(iterations > 0)) throw new Error('measure() needs at least one iteration.');
  for (let i = 0; i < warmup; i++) {
    const result = fn();
    if (isThenable(result)) await result;
  }
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const result = fn();
    if (isThenable(result)) await result;
  }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  const perOpMs = totalMs / iterations;
  return { perOpMs, opsPerSec: perOpMs > 0 ? 1000 / perOpMs : Infinity };
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(abs >= 1 ? 2 : 3);
}

/** One aligned line per figure: name, value, baseline, ratio, target, PASS/FAIL. */
export function printResults(results: readonly BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    `${format(r.value)} ${r.unit}`,
    `${r.baselineName} ${format(r.baseline)} ${r.unit}`,
    `×${r.ratio.toFixed(2)}`,
    r.target ? `target ${r.target}` : '',
    r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = rows.reduce((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), [] as number[]);
  for (const row of rows) {
    console.log(row.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd());
  }
}

export function median(values: readonly number[]): number {
  if (!values.length) throw new Error('median() of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * CPU time this thread has run, ms, from Linux's /proc/thread-self/schedstat (process.cpuUsage()
 * would add the pool's worker thread); undefined elsewhere. Meant for windows of many milliseconds.
 */
export function threadCpuMs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** Wall time of one awaited call, ms (monotonic clock). */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Rounds of two async paths, interleaved (ours, then the baseline) so both see the same machine
 * load; the first `warmup` rounds are dropped. Returns the median of each.
 */
export async function interleaved(rounds: number, warmup: number, ours: () => Promise<number>, baseline: () => Promise<number>): Promise<{ value: number; baseline: number }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds + warmup; i++) {
    const x = await ours();
    const y = await baseline();
    if (i >= warmup) { a.push(x); b.push(y); }
  }
  return { value: median(a), baseline: median(b) };
}
