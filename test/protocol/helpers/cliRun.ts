import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './net';

export const CLI = join(repoRoot, 'dist', 'cli.js');
/** A bound on each wait for the child (the machine may be busy); never a timing assertion. */
const WAIT_MS = 30_000;

export interface CliLine { type: string; [key: string]: unknown }

/** `node dist/cli.js …` as a child process: stdout as JSON lines (when --json), stderr kept, stdin optional. */
export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(args: string[], env: Record<string, string | undefined>, stdin?: string) {
    const base = { ...process.env };
    delete base.LYNC_PASSWORD;
    this.child = spawn(process.execPath, [CLI, ...args], { cwd: repoRoot, env: { ...base, ...env }, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (stdin !== undefined) this.child.stdin?.end(stdin);
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { this.stdout += chunk; });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get output(): string {
    return `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }

  get lines(): CliLine[] {
    return this.stdout.split('\n').filter((l) => l.trim()).map((text) => {
      try {
        return JSON.parse(text) as CliLine;
      } catch {
        return { type: 'not-json', text };
      }
    });
  }

  async waitFor(match: (line: CliLine) => boolean, what: string): Promise<CliLine> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (this.child.exitCode !== null) assert.fail(`lync-pchat exited (${this.child.exitCode}) before printing ${what}\n${this.output}`);
      if (Date.now() > deadline) assert.fail(`lync-pchat printed no ${what}\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The exit code, waiting a bounded time (then the child is killed and the test fails). */
  async exitCode(): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), WAIT_MS); });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.kill();
      assert.fail(`lync-pchat did not exit\n${this.output}`);
    }
    return result.code;
  }

  interrupt(): void {
    this.child.kill('SIGINT');
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
