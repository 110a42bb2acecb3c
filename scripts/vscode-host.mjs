// Starts the cached code-server (VS Code server with a Node extension host) for `npm start`.
// The test harness has its own TypeScript launcher (test/vscode/runner/codeServerHost.ts) with the
// same flags; this plain-JS one lets `npm start` work without compiling the tests.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * @typedef {{ version: string, dir: string, entry: string, node: string }} CodeServerPaths
 */

/** Where the pinned code-server lives; the version is written once, in the install script. @param {string} root @returns {CodeServerPaths} */
export function codeServerPaths(root) {
  const script = readFileSync(join(root, 'scripts', 'install-code-server.sh'), 'utf8');
  const version = /^CODE_SERVER_VERSION=([\w.-]+)/m.exec(script)?.[1];
  if (!version) throw new Error('scripts/install-code-server.sh does not pin CODE_SERVER_VERSION');
  const dir = join(root, '.vscode-test', `code-server-${version}`);
  return { version, dir, entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'), node: join(dir, 'node') };
}

/** What exactly is wrong with the cached code-server, or undefined when it is complete. @param {CodeServerPaths} paths */
export function missingPart(paths) {
  if (!existsSync(paths.entry)) return `${paths.entry} is missing`;
  if (!existsSync(join(paths.dir, '.complete'))) return `its install did not finish (no ${join(paths.dir, '.complete')})`;
  if (!existsSync(paths.node)) {
    let link;
    try { link = lstatSync(paths.node).isSymbolicLink() ? readlinkSync(paths.node) : undefined; } catch { /* absent */ }
    return link === undefined
      ? `${paths.node} (the Node it runs on) is missing`
      : `${paths.node} links to ${link}, which does not exist (was .vscode-test/ moved or copied?)`;
  }
  return undefined;
}

/**
 * Installs or repairs code-server when it is not complete: first the system packages its native
 * modules build with (only those `npm start` needs), then code-server itself.
 * @param {string} root
 */
export function ensureCodeServer(root) {
  const paths = codeServerPaths(root);
  const before = missingPart(paths);
  if (before === undefined) return paths;
  console.log(`start: code-server ${paths.version} is not ready: ${before}`);
  // A cache that is complete but was moved needs only its Node link repaired, not a build.
  const build = !existsSync(paths.entry) || !existsSync(join(paths.dir, '.complete'));
  for (const [script, ...args] of [...(build ? [['install-system-deps.sh', 'start']] : []), ['install-code-server.sh']]) {
    const r = spawnSync('bash', [join(root, 'scripts', script), ...args], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`scripts/${script} failed (exit ${r.status ?? r.signal})`);
  }
  const after = missingPart(paths);
  if (after !== undefined) throw new Error(`scripts/install-code-server.sh succeeded, but code-server is still not usable: ${after}`);
  return paths;
}

/** `preferred` if it is free on 127.0.0.1, else any free port. @param {number} [preferred] */
export async function pickPort(preferred) {
  const tryPort = (/** @type {number} */ port) => /** @type {Promise<number | undefined>} */ (new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const actual = /** @type {import('node:net').AddressInfo} listening on TCP */ (server.address()).port;
      server.close(() => resolve(actual));
    });
  }));
  return (preferred ? await tryPort(preferred) : undefined) ?? (await tryPort(0));
}

/**
 * Starts code-server bound to 127.0.0.1 and resolves once /healthz answers.
 * Returns { url, port, pid, exited (a promise of the exit code), stop() }.
 * @param {{
 *   paths: CodeServerPaths, port: number, userDataDir: string, extensionsDir: string, folder?: string,
 *   configFile: string, logFile: string, workspaceTrust?: boolean, env?: Record<string, string>,
 *   onLine?: (line: string) => void,
 * }} options
 * @returns {Promise<{ url: string, port: number, pid: number | undefined, exited: Promise<number | string | null>, stop: () => Promise<void> }>}
 */
export async function startCodeServer({ paths, port, userDataDir, extensionsDir, folder, configFile, logFile, workspaceTrust = true, env = {}, onLine }) {
  const args = [
    paths.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--config', configFile,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(folder ? [folder] : []),
  ];
  // detached: its own process group, so stop() also ends the extension host and helpers.
  const child = spawn(paths.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const log = createWriteStream(logFile, { flags: 'a' });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      log.write(chunk);
      for (const line of chunk.split('\n')) if (line.trim()) onLine?.(line);
    });
  }
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = `http://127.0.0.1:${port}`;
  /** Signals code-server's process group (none if it never started: spawn then reports the error). @param {NodeJS.Signals} signal */
  const signalGroup = (signal) => { if (child.pid !== undefined) process.kill(-child.pid, signal); };
  const stop = async () => {
    try { signalGroup('SIGTERM'); } catch { /* already gone */ }
    const killer = setTimeout(() => { try { signalGroup('SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(killer);
    log.end();
  };
  const deadline = Date.now() + 30_000;
  let done = false;
  exited.then(() => { done = true; });
  // Ctrl-C / kill -INT while it starts: code-server is in its own process group, so end it too.
  /** @type {NodeJS.Signals | undefined} */
  let interrupted;
  const onSignal = (/** @type {NodeJS.Signals} */ signal) => { interrupted = signal; void stop(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!done && Date.now() < deadline) {
      try {
        if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return { url, port, pid: child.pid, exited, stop };
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  await stop();
  if (interrupted) throw new Error(`stopped (${interrupted}) while code-server was starting`);
  throw new Error(`code-server did not come up on ${url} (log: ${logFile})`);
}
