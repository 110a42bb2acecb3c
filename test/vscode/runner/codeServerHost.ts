import { ChildProcess, spawn } from 'child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, WriteStream, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { HarnessPaths, harnessPaths } from './prerequisites';
import { groupAlive, signalGroup } from './processTree';

export interface CodeServerHostOptions {
  paths?: HarnessPaths;
  /**
   * Workspace trust stays on by default: the test folder then opens untrusted (Restricted Mode),
   * as a freshly cloned repository would. `false` passes --disable-workspace-trust.
   */
  workspaceTrust?: boolean;
  /** Written to <user-data-dir>/User/settings.json over the harness defaults below. */
  userSettings?: Record<string, unknown>;
  /** Written to <workspace>/.vscode/settings.json. */
  workspaceSettings?: Record<string, unknown>;
  /** Extra files in the workspace folder: relative path → content. */
  workspaceFiles?: Record<string, string>;
  /** Added to code-server's environment (the extension host inherits it). */
  env?: Record<string, string>;
  /** Give up if /healthz does not answer within this (default 30 s). */
  startTimeoutMs?: number;
  /** Every line code-server prints (it is also kept in <tempDir>/code-server.log). */
  onOutput?: (line: string) => void;
}

/** Quiet, offline-friendly defaults for a throwaway profile. */
export const DEFAULT_TEST_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.startupPrompt': 'never',
  // The status bar still says "Restricted Mode"; the banner would only crowd the screenshots.
  'security.workspace.trust.banner': 'never',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const MAX_PORT_ATTEMPTS = 3;
const STOP_GRACE_MS = 5000;

/** A code-server (VS Code server + Node extension host) on a free loopback port with a throwaway profile. */
export class CodeServerHost {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly tempDir: string,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    readonly workspaceFolder: string,
    readonly logFile: string,
    readonly workspaceTrust: boolean,
    private readonly log: WriteStream,
  ) {
    child.once('exit', () => { this.exited = true; });
    child.once('error', (error) => {
      this.exited = true;
      log.write(`spawn failed: ${error.message}\n`);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  static async start(options: CodeServerHostOptions = {}): Promise<CodeServerHost> {
    const paths = options.paths ?? harnessPaths();
    const tempDir = mkdtempSync(join(tmpdir(), 'lync-vscode-'));
    const userDataDir = join(tempDir, 'user-data');
    const extensionsDir = join(tempDir, 'extensions');
    const workspaceFolder = join(tempDir, 'workspace');
    const logFile = join(tempDir, 'code-server.log');
    writeJson(join(userDataDir, 'User', 'settings.json'), { ...DEFAULT_TEST_USER_SETTINGS, ...options.userSettings });
    mkdirSync(extensionsDir, { recursive: true });
    mkdirSync(workspaceFolder, { recursive: true });
    if (options.workspaceSettings) writeJson(join(workspaceFolder, '.vscode', 'settings.json'), options.workspaceSettings);
    for (const [relative, content] of Object.entries(options.workspaceFiles ?? {})) {
      mkdirSync(dirname(join(workspaceFolder, relative)), { recursive: true });
      writeFileSync(join(workspaceFolder, relative), content);
    }
    const workspaceTrust = options.workspaceTrust ?? true;
    const log = createWriteStream(logFile);
    let lastError: unknown;
    for (let attempt = 1; attempt <= MAX_PORT_ATTEMPTS; attempt++) {
      const port = await freePort();
      const args = [
        paths.codeServerEntry,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--config', join(tempDir, 'config.yaml'),
        '--disable-telemetry',
        '--disable-update-check',
        ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
        // Makes the workbench honour the ?payload= (extensionDevelopmentPath/extensionTestsPath).
        '--vscode-option', 'enable-smoke-test-driver',
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
      ];
      // detached: its own process group, so stop() reaches the extension host and every helper.
      const child = spawn(paths.codeServerNode, args, { cwd: tempDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
      forwardLines(child, log, options.onOutput);
      const host = new CodeServerHost(child, port, tempDir, userDataDir, extensionsDir, workspaceFolder, logFile, workspaceTrust, log);
      try {
        await host.waitHealthy(options.startTimeoutMs ?? 30_000);
        return host;
      } catch (error) {
        lastError = error;
        await host.kill();
        if (!/EADDRINUSE/.test(readFileSync(logFile, 'utf8'))) break;
      }
    }
    log.end();
    throw new Error(`code-server did not start: ${(lastError as Error).message} (log: ${logFile})`);
  }

  /** Workbench URL opening the test workspace with a payload (see extensionTestPayload). */
  workbenchUrl(payload: ReadonlyArray<readonly [string, string]> = []): string {
    const query = `folder=${encodeURIComponent(this.workspaceFolder)}`;
    return `${this.url}/?${query}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
  }

  /** Stops code-server and everything it started, then deletes the profile unless `keep`. */
  async stop(keep = false): Promise<void> {
    await this.kill();
    await new Promise<void>((resolve) => this.log.end(resolve));
    if (!keep) rmSync(this.tempDir, { recursive: true, force: true });
  }

  /** Synchronous last resort (process 'exit' handler): SIGKILL the group. */
  killNow(): void {
    signalGroup(this.pid, 'SIGKILL');
  }

  private async kill(): Promise<void> {
    signalGroup(this.pid, 'SIGTERM');
    const deadline = Date.now() + STOP_GRACE_MS;
    while (groupAlive(this.pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(this.pid)) signalGroup(this.pid, 'SIGKILL');
    while (groupAlive(this.pid) && Date.now() < deadline + STOP_GRACE_MS) await sleep(50);
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`exited with code ${String(this.child.exitCode ?? this.child.signalCode)}`);
      try {
        const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    throw new Error(`/healthz did not answer within ${timeoutMs} ms`);
  }
}

/** The payload that loads a development extension and, optionally, runs a test index in its host. */
export function extensionTestPayload(extensionPath: string, testsPath?: string, env?: Record<string, string>): [string, string][] {
  const payload: [string, string][] = [['extensionDevelopmentPath', remoteUri(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(testsPath)]);
  payload.push(['skipWelcome', 'true']);
  if (env && Object.keys(env).length) payload.push(['extensionEnvironment', JSON.stringify(env)]);
  return payload;
}

/** A server-side path as the workbench addresses it: the authority is literally "remote". */
export function remoteUri(absolutePath: string): string {
  return `vscode-remote://remote${absolutePath}`;
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function forwardLines(child: ChildProcess, log: WriteStream, onOutput?: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      log.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onOutput?.(line);
    });
  }
}

// Ask the kernel for a free port; code-server binds it a moment later (a clash is retried).
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
