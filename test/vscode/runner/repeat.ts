/**
 * `run.js --repeat N`: runs the whole extension-host lane N times in a row, each in a fresh
 * code-server and browser (a child `run.js` with the same options), and reports every failure
 * with its run number and test name, then one summary line. The proof that the lane is
 * deterministic is N passes in a row, not a retry.
 */
import { spawn } from 'child_process';

export interface RunFailure {
  /** The full test title (suites › test), or what failed outside a test. */
  test: string;
  /** The first line of the error. */
  error: string;
}

export interface RunResult {
  run: number;
  code: number;
  seconds: number;
  passing: number;
  failures: RunFailure[];
}

/** The failures mocha's spec reporter lists after "N failing", plus any runner-level FAILED line. */
export function failuresIn(output: string): RunFailure[] {
  const failures: RunFailure[] = [];
  const section = output.split(/^\s*\d+ failing\s*$/m)[1] ?? '';
  for (const block of section.split(/^(?=\s{2}\d+\) )/m).filter((b) => /^\s{2}\d+\) /.test(b))) {
    const lines = block.split('\n');
    const title: string[] = [];
    let i = 0;
    for (; i < lines.length; i++) {
      const part = lines[i].replace(/^\s{2}\d+\) /, '').trim();
      if (!part) continue;
      if (part.endsWith(':')) {
        title.push(part.slice(0, -1));
        i++;
        break;
      }
      title.push(part);
    }
    const error = lines.slice(i).map((l) => l.trim()).find((l) => l.length > 0) ?? '(no message)';
    failures.push({ test: title.join(' › '), error });
  }
  for (const match of output.matchAll(/^vscode: (FAILED.*)$/gm)) failures.push({ test: '(runner)', error: match[1] });
  return failures;
}

/** Runs `node <script> <args>` N times; resolves with the exit code for the whole series. */
export async function repeatRuns(times: number, script: string, args: string[]): Promise<number> {
  const results: RunResult[] = [];
  for (let run = 1; run <= times; run++) {
    process.stdout.write(`\nvscode: ---- run ${run} of ${times} ----\n`);
    const started = Date.now();
    const { code, output } = await runOnce(script, args);
    const result: RunResult = {
      run, code, seconds: Math.round((Date.now() - started) / 1000),
      passing: Number(/^\s*(\d+) passing/m.exec(output)?.[1] ?? 0),
      failures: failuresIn(output),
    };
    if (code !== 0 && result.failures.length === 0) result.failures.push({ test: '(runner)', error: `exit ${code} without a reported failure` });
    results.push(result);
    for (const f of result.failures) process.stdout.write(`vscode: run ${run} FAILED: ${f.test}: ${f.error}\n`);
    if (code === 130 || code === 143) {
      process.stdout.write(`vscode: run ${run} was interrupted: no further runs\n`);
      break;
    }
  }
  process.stdout.write('\nvscode: ---- repeat summary ----\n');
  for (const r of results) {
    process.stdout.write(`vscode: run ${String(r.run).padStart(2)}: ${r.code === 0 ? 'passed' : 'FAILED'}, ${r.passing} passing, ${r.failures.length} failing, ${r.seconds} s\n`);
    for (const f of r.failures) process.stdout.write(`vscode:   run ${r.run}: ${f.test}: ${f.error}\n`);
  }
  const failed = results.filter((r) => r.code !== 0);
  const durations = results.map((r) => r.seconds);
  process.stdout.write(`vscode: repeat: ${results.length - failed.length} of ${results.length} runs passed` +
    `${failed.length ? ` (failed: run ${failed.map((r) => r.run).join(', ')})` : ''}; ` +
    `per run ${Math.min(...durations)}–${Math.max(...durations)} s, mean ${Math.round(durations.reduce((a, b) => a + b, 0) / durations.length)} s\n`);
  return failed.length ? 1 : 0;
}

function runOnce(script: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    // Ctrl-C reaches the child too (same process group); it stops its code-server and exits.
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

/** The arguments without `--repeat N` / `--repeat=N`, for the child runs. */
export function withoutRepeat(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repeat') { i++; continue; }
    if (argv[i].startsWith('--repeat=')) continue;
    out.push(argv[i]);
  }
  return out;
}
