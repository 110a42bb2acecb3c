// Starts the cached code-server (VS Code server with a Node extension host) for `npm start`.
// The test harness has its own TypeScript launcher (test/vscode/runner/codeServerHost.ts) with the
// same flags; this plain-JS one lets `npm start` work without compiling the tests.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Where the pinned code-server lives; the version is written once, in the install script. */
export function codeServerPaths(root) {
  const script = readFileSync(join(root, 'scripts', 'install-code-server.sh'), 'utf8');
  const version = /^CODE_SERVER_VERSION=([\w.-]+)/m.exec(script)?.[1];
  if (!version) throw new Error('scripts/install-code-server.sh does not pin CODE_SERVER_VERSION');
  const dir = join(root, '.vscode-test', `code-server-${version}`);
  return { version, dir, entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'), node: join(dir, 'node') };
}

function installed(paths) {
  return existsSync(join(paths.dir, '.complete')) && existsSync(paths.entry) && existsSync(paths.node);
}

/** Installs code-server (and, first, the system packages its native modules build with) when missing. */
export function ensureCodeServer(root) {
  const paths = codeServerPaths(root);
  if (installed(paths)) return paths;
  for (const script of ['install-system-deps.sh', 'install-code-server.sh']) {
    const r = spawnSync('bash', [join(root, 'scripts', script)], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`scripts/${script} failed (exit ${r.status ?? r.signal})`);
  }
  if (!installed(paths)) throw new Error(`code-server is still missing at ${paths.entry}`);
  return paths;
}

/** `preferred` if it is free on 127.0.0.1, else any free port. */
export async function pickPort(preferred) {
  const tryPort = (port) => new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      server.close(() => resolve(actual));
    });
  });
  return (preferred ? await tryPort(preferred) : undefined) ?? (await tryPort(0));
}

/**
 * Starts code-server bound to 127.0.0.1 and resolves once /healthz answers.
 * Returns { url, port, pid, exited (a promise of the exit code), stop() }.
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
  const stop = async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const killer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(killer);
    log.end();
  };
  const deadline = Date.now() + 30_000;
  let done = false;
  exited.then(() => { done = true; });
  while (!done && Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok) return { url, port, pid: child.pid, exited, stop };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`code-server did not come up on ${url} (log: ${logFile})`);
}
