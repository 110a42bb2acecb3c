/**
 * Runs the extension-host suite in a real VS Code: code-server (VS Code server + Node extension
 * host) with a fresh profile and port, its workbench in headless Debian Chromium, the compiled
 * mocha suite inside the extension host. Prints the suite's output and exits with its result.
 *
 *   node out/test/vscode/runner/run.js [--grep TEXT] [--screenshots DIR] [--disable-workspace-trust]
 *        [--extension DIR] [--tests FILE] [--user-settings FILE] [--workspace-settings FILE]
 *        [--timeout SECONDS] [--keep] [--verbose] [--repeat N]
 *
 * --repeat N runs the lane N times in a row (each in a fresh code-server and browser) and reports
 * each failure with its run number and test name, then a summary line (runner/repeat.ts).
 *
 * Under CI=true a missing browser or code-server fails the run; elsewhere it is reported as skipped.
 */
import { existsSync, mkdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { parseArgs } from 'util';
import { TestEnv } from '../shared/uiProtocol';
import { CodeServerHost } from './codeServerHost';
import { inputChecks } from './inputChecks';
import { isNoise } from './logFilter';
import { codeServerVersion, ensureCodeServer, findChromium, harnessPaths } from './prerequisites';
import { PeakMemorySampler } from './processTree';
import { repeatRuns, withoutRepeat } from './repeat';
import { WorkbenchSession } from './workbenchSession';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    screenshots: { type: 'string' },
    'disable-workspace-trust': { type: 'boolean', default: false },
    extension: { type: 'string' },
    tests: { type: 'string' },
    'user-settings': { type: 'string' },
    'workspace-settings': { type: 'string' },
    timeout: { type: 'string', default: '560' }, // a hang guard under the 10 min lane limit of scripts/test.mjs
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    repeat: { type: 'string' },
  },
});

const ci = process.env.CI === 'true';
const paths = harnessPaths();
const extensionPath = resolve(opts.extension ?? paths.repoRoot);
const testsPath = resolve(opts.tests ?? join(__dirname, '..', 'suite', 'index.js'));
const screenshotsDir = opts.screenshots ? resolve(opts.screenshots) : undefined;
const timeoutSeconds = Number(opts.timeout);
if (!(timeoutSeconds > 0)) throw new Error(`--timeout must be a number of seconds, got ${opts.timeout}`);
const started = Date.now();
let stage = 'checking prerequisites';
let host: CodeServerHost | undefined;
let session: WorkbenchSession | undefined;
const memory = new PeakMemorySampler();

function say(message: string): void {
  process.stdout.write(`vscode: ${message}\n`);
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

/** A missing prerequisite: a failure under CI, a visible skip elsewhere (counted by scripts/test.mjs). */
function unavailable(problem: string): never {
  if (ci) {
    say(`FAILED: ${problem} (CI=true: a missing prerequisite is a failure)`);
    process.exit(1);
  }
  say(`SKIPPED: ${problem}`);
  process.stdout.write('\n  0 passing\n  1 pending (the extension-host suite)\n');
  process.exit(0);
}

function readJsonOption(file: string | undefined): Record<string, unknown> | undefined {
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
}

let finishing = false;
let deadline: NodeJS.Timeout | undefined;

/** The hard limit for one run, counted from after the (one-off) code-server install. */
function armDeadline(): void {
  deadline = setTimeout(() => {
    say(`FAILED: no result after ${timeoutSeconds} s while ${stage}; stopping code-server and the browser.`);
    void finish(1);
  }, timeoutSeconds * 1000);
}

/** The one way out: stop the browser and code-server (keeping the profile on failure), then exit. */
async function finish(code: number, keep = code !== 0 || opts.keep): Promise<void> {
  if (finishing) return;
  finishing = true;
  clearTimeout(deadline);
  const logs = host ? `${host.logFile}, ${session?.logFile ?? join(host.tempDir, 'workbench.log')}` : undefined;
  memory.stop();
  await session?.close().catch(() => undefined);
  await host?.stop(keep).catch(() => undefined);
  host = undefined;
  say(`exit ${code} in ${seconds(started)} s (peak RSS of code-server + extension host + browser ${memory.peakMb} MB)`);
  if (keep && logs) say(`logs kept: ${logs}`);
  process.exit(code);
}

async function main(): Promise<number> {
  const chromiumPath = findChromium();
  if (!chromiumPath) unavailable('Chromium not found at /usr/lib/chromium/chromium (install it with scripts/install-system-deps.sh, or set CHROMIUM_PATH)');
  const problem = ensureCodeServer(paths);
  if (problem) unavailable(`code-server is not available: ${problem}`);
  for (const [what, file] of [['the compiled suite', testsPath], ['the extension bundle', join(extensionPath, 'dist', 'extension.js')]]) {
    if (!existsSync(file)) throw new Error(`${what} is missing: ${file} (run npm run build && npm run compile-tests)`);
  }
  if (screenshotsDir) mkdirSync(screenshotsDir, { recursive: true });

  armDeadline();
  memory.start();
  stage = 'starting code-server';
  const hostStarted = Date.now();
  host = await CodeServerHost.start({
    paths,
    workspaceTrust: !opts['disable-workspace-trust'],
    userSettings: readJsonOption(opts['user-settings']),
    workspaceSettings: readJsonOption(opts['workspace-settings']),
    onOutput: opts.verbose ? (line) => process.stdout.write(`[code-server] ${line}\n`) : undefined,
  });
  say(`code-server ${codeServerVersion(paths.repoRoot)} up at ${host.url} in ${seconds(hostStarted)} s; workspace trust ${host.workspaceTrust ? 'on (folder untrusted)' : 'disabled'}; profile ${host.tempDir}`);

  stage = 'opening the workbench';
  const extensionEnv: Record<string, string> = { [TestEnv.color]: process.stdout.isTTY ? '1' : '0' };
  if (opts.grep) extensionEnv[TestEnv.grep] = opts.grep;
  session = await WorkbenchSession.open({
    host, chromiumPath: chromiumPath as string, extensionPath, testsPath, extensionEnv, screenshotsDir, checks: inputChecks,
    onLog: (_type, message) => {
      if (opts.verbose || !isNoise(message)) process.stdout.write(`${message}\n`);
    },
  });

  stage = 'running the suite in the extension host';
  const code = await session.exitCode;
  if (code !== 0 && screenshotsDir) await session.screenshot(join(screenshotsDir, 'failure.png')).catch(() => undefined);
  say(`suite finished: exit ${code}, ${session.uiChecksServed.length} UI checks served`);
  return code;
}

function runOnce(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void finish(signal === 'SIGINT' ? 130 : 143, false));
  }
  // Last resort if something exits the process early: never leave code-server running.
  process.once('exit', () => host?.killNow());

  main().then(
    (code) => finish(code === 0 ? 0 : 1),
    (error: Error) => {
      if (!finishing) say(`FAILED while ${stage}: ${error.message}`);
      return finish(1);
    },
  );
}

if (opts.repeat !== undefined) {
  const times = Number(opts.repeat);
  if (!Number.isInteger(times) || times < 1) throw new Error(`--repeat must be a whole number of runs, got ${opts.repeat}`);
  // Each run is a child run.js: its own code-server, browser, profile and deadline.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined); // the child stops itself; its exit ends the series
  void repeatRuns(times, __filename, withoutRepeat(process.argv.slice(2))).then((code) => process.exit(code));
} else {
  runOnce();
}
