/** The built CLI as a child process (the plain command or a room subcommand), its JSON lines read as they arrive. */
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './net';

export const CLI = join(repoRoot, 'dist', 'cli.js');
/** Bounds on each wait for the child (generous: the machine may be busy); never a timing assertion. */
export const WAIT_MS = 15_000;

export interface CliLine { type: string; [key: string]: unknown }

/** `node dist/cli.js …` as a child process, its stdout read as JSON lines (when --json), stderr kept, stdin optional. */
export class CliRun {
  readonly lines: CliLine[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private listeners: Array<() => void> = [];

  /** `wrap`: a command the CLI runs under, e.g. `['ip', 'netns', 'exec', NS]` (it must exec node in place). */
  constructor(args: string[], env: Record<string, string | undefined>, stdin?: string, wrap: readonly string[] = []) {
    const base = { ...process.env };
    delete base.LYNC_PASSWORD;
    // Each run its own config folder unless the test names one: what a run remembers (followed
    // rooms, the pool) never leaks into another test or into this machine's user's folder.
    const ownConfig = env.XDG_CONFIG_HOME === undefined ? mkdtempSync(join(tmpdir(), 'lync-pchat-config-')) : undefined;
    if (ownConfig) base.XDG_CONFIG_HOME = ownConfig;
    // stdin is never a terminal (a pipe holding `stdin`, or nothing): the CLI must never wait for a password prompt.
    const [command, ...prefix] = [...wrap, process.execPath];
    this.child = spawn(command, [...prefix, CLI, ...args], { cwd: repoRoot, env: { ...base, ...env }, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (stdin !== undefined) this.child.stdin?.end(stdin);
    let partial = '';
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      partial += chunk;
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      for (const text of complete.filter((l) => l.trim())) {
        try {
          this.lines.push(JSON.parse(text) as CliLine);
        } catch {
          this.lines.push({ type: 'not-json', text });
        }
      }
      this.notify();
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      if (ownConfig) rmSync(ownConfig, { recursive: true, force: true });
      this.notify();
      resolve({ code, signal });
    }));
  }

  get output(): string {
    return `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }

  /** The first line `match` accepts; fails with everything printed so far if none comes in time or the CLI exits first. */
  async waitForLine(match: (line: CliLine) => boolean, what: string, timeoutMs = WAIT_MS): Promise<CliLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) assert.fail(`lync-pchat exited (${this.child.exitCode ?? this.child.signalCode}) before printing ${what}\n${this.output}`);
      if (Date.now() > deadline) assert.fail(`lync-pchat printed no ${what} within ${timeoutMs} ms\n${this.output}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.listeners.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** The exit code, waiting at most WAIT_MS (then the child is killed and the test fails). */
  async exitCode(): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), WAIT_MS); });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.kill();
      assert.fail(`lync-pchat did not exit within ${WAIT_MS} ms\n${this.output}`);
    }
    assert.equal(result.signal, null, `lync-pchat ended by signal ${result.signal}\n${this.output}`);
    return result.code;
  }

  /** Ctrl-C: the CLI signs out and exits. */
  interrupt(): void {
    this.child.kill('SIGINT');
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    listeners.forEach((l) => l());
  }
}

export const isState = (endpoint: string, state: string) => (l: CliLine): boolean => l.type === 'state' && l.endpoint === endpoint && l.state === state;
export const isError = (l: CliLine): boolean => l.type === 'error';
