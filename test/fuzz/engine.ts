import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setListenerErrorReporter } from '../../src/common/events';
import { FuzzTarget } from './targets';

export const CRASH_DIR = join(__dirname, '..', '..', '..', 'test', 'fuzz', 'crashes');

/** mulberry32: a seeded PRNG, so a run can be repeated exactly. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0xff, 0x0d, 0x0a, 0x20, 0x3c, 0x3e, 0x22, 0x3a, 0x3b, 0x3d, 0x2c, 0x1b, 0x7f, 0x80, 0xc0, 0x26];
const NUMBERS = ['0', '-1', '4294967296', '2147483648', '99999999999999999999', '1e308', 'NaN', ''];
const MAX_INPUT = 128 * 1024;

/** One mutation of a seed (or, one time in ten, random bytes). */
export function mutate(seed: Buffer, seeds: Buffer[], random: () => number): Buffer {
  const pick = (n: number) => Math.floor(random() * n);
  if (random() < 0.1) {
    const out = Buffer.alloc(pick(512));
    for (let i = 0; i < out.length; i++) out[i] = pick(256);
    return out;
  }
  let data = Buffer.from(seed);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const at = pick(data.length + 1);
    switch (pick(8)) {
      case 0: if (data.length) data[Math.min(at, data.length - 1)] ^= 1 << pick(8); break;
      case 1: if (data.length) data[Math.min(at, data.length - 1)] = INTERESTING[pick(INTERESTING.length)]; break;
      case 2: data = Buffer.concat([data.subarray(0, at), Buffer.from(Array.from({ length: 1 + pick(16) }, () => pick(256))), data.subarray(at)]); break;
      case 3: data = Buffer.concat([data.subarray(0, at), data.subarray(Math.min(data.length, at + 1 + pick(64)))]); break;
      case 4: { const len = pick(256); data = Buffer.concat([data.subarray(0, at), data.subarray(at, at + len), data.subarray(at)]); break; }
      case 5: { const other = seeds[pick(seeds.length)]; const from = pick(other.length + 1); data = Buffer.concat([data.subarray(0, at), other.subarray(from, from + pick(512))]); break; }
      case 6: { const text = data.toString('latin1'); let n = 0; data = Buffer.from(text.replace(/\d+/g, (m) => (n++ === 0 || random() < 0.2 ? NUMBERS[pick(NUMBERS.length)] : m)), 'latin1'); break; }
      default: data = data.subarray(0, at);
    }
    if (data.length > MAX_INPUT) data = data.subarray(0, MAX_INPUT);
  }
  return data;
}

export interface Finding { target: string; kind: 'crash' | 'slow'; detail: string; file: string }
export interface RunResult { target: string; inputs: number; findings: Finding[]; slowestMs: number; ms: number }

/** Runs `count` inputs (or until `budgetMs`) against one target; every finding is saved as a regression input. */
export function fuzzTarget(target: FuzzTarget, seeds: Buffer[], options: { count: number; seed: number; budgetMs?: number; perInputLimitMs?: number; save?: boolean }): RunResult {
  const random = rng(options.seed);
  const findings: Finding[] = [];
  const limit = options.perInputLimitMs ?? 1000;
  const started = Date.now();
  let slowestMs = 0;
  let inputs = 0;
  const listenerErrors: unknown[] = [];
  const reporter = setListenerErrorReporter((e) => listenerErrors.push(e));
  try {
    for (; inputs < options.count; inputs++) {
      if (options.budgetMs !== undefined && inputs > seeds.length && Date.now() - started > options.budgetMs) break; // seeds always run
      const input = inputs < seeds.length ? seeds[inputs] : mutate(seeds[Math.floor(random() * seeds.length)], seeds, random);
      const t0 = performance.now();
      let crash: unknown;
      try {
        target.run(input);
      } catch (error) {
        crash = error;
      }
      if (crash === undefined && listenerErrors.length) crash = listenerErrors.shift();
      listenerErrors.length = 0;
      const ms = performance.now() - t0;
      slowestMs = Math.max(slowestMs, ms);
      if (crash !== undefined || ms > limit) {
        const kind = crash !== undefined ? 'crash' : 'slow';
        const detail = crash !== undefined ? (crash instanceof Error ? crash.stack ?? crash.message : String(crash)) : `${Math.round(ms)} ms`;
        const file = join(CRASH_DIR, `${target.name}-${kind}-${createHash('sha256').update(input).digest('hex').slice(0, 16)}.bin`);
        if (options.save !== false) {
          mkdirSync(CRASH_DIR, { recursive: true });
          writeFileSync(file, input);
        }
        findings.push({ target: target.name, kind, detail, file });
        if (findings.length >= 20) break;
      }
    }
  } finally {
    reporter.dispose();
  }
  return { target: target.name, inputs, findings, slowestMs, ms: Date.now() - started };
}

/** Saved findings for `target` (the regression inputs). */
export function savedCrashes(target: string): Buffer[] {
  if (!existsSync(CRASH_DIR)) return [];
  return readdirSync(CRASH_DIR).filter((f) => f.startsWith(`${target}-`)).map((f) => readFileSync(join(CRASH_DIR, f)));
}
