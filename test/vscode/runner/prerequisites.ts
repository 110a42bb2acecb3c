import { spawnSync } from 'child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'fs';
import { dirname, join } from 'path';

/** Where things are: the repository, the cached code-server, the Debian browser. */
export interface HarnessPaths {
  repoRoot: string;
  codeServerDir: string;
  /** code-server's Node entry point. */
  codeServerEntry: string;
  /** The Node 24 binary code-server's native modules were built for. */
  codeServerNode: string;
}

const PACKAGE_NAME = 'lync-persistent-chat';
const INSTALL_SCRIPT = 'scripts/install-code-server.sh';

/** The repository root: the nearest folder above this file with our package.json, else the cwd. */
export function findRepoRoot(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) return dir;
  }
  return process.cwd();
}

function readPackageName(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/** The pinned version is written once, in the install script; read it from there. */
export function codeServerVersion(repoRoot: string): string {
  const script = readFileSync(join(repoRoot, INSTALL_SCRIPT), 'utf8');
  const match = /^CODE_SERVER_VERSION=([\w.-]+)/m.exec(script);
  if (!match) throw new Error(`${INSTALL_SCRIPT} does not pin CODE_SERVER_VERSION`);
  return match[1];
}

export function harnessPaths(repoRoot = findRepoRoot()): HarnessPaths {
  const codeServerDir = join(repoRoot, '.vscode-test', `code-server-${codeServerVersion(repoRoot)}`);
  return {
    repoRoot,
    codeServerDir,
    codeServerEntry: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    codeServerNode: join(codeServerDir, 'node'),
  };
}

export function codeServerInstalled(paths: HarnessPaths): boolean {
  return missingPart(paths) === undefined;
}

/** What exactly is wrong with the cached code-server (same checks as scripts/vscode-host.mjs), or undefined. */
export function missingPart(paths: HarnessPaths): string | undefined {
  if (!existsSync(paths.codeServerEntry)) return `${paths.codeServerEntry} is missing`;
  if (!existsSync(join(paths.codeServerDir, '.complete'))) return `its install did not finish (no ${join(paths.codeServerDir, '.complete')})`;
  if (existsSync(paths.codeServerNode)) return undefined;
  let link: string | undefined;
  try { link = lstatSync(paths.codeServerNode).isSymbolicLink() ? readlinkSync(paths.codeServerNode) : undefined; } catch { /* absent */ }
  return link === undefined
    ? `${paths.codeServerNode} (the Node it runs on) is missing`
    : `${paths.codeServerNode} links to ${link}, which does not exist (was .vscode-test/ moved or copied?)`;
}

/** Installs code-server with the repo's script when the cache is missing; returns a problem or undefined. */
export function ensureCodeServer(paths: HarnessPaths): string | undefined {
  if (codeServerInstalled(paths)) return undefined;
  const result = spawnSync('bash', [join(paths.repoRoot, INSTALL_SCRIPT)], { cwd: paths.repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) return `${INSTALL_SCRIPT} failed (exit ${String(result.status ?? result.signal)})`;
  const after = missingPart(paths);
  return after === undefined ? undefined : `${INSTALL_SCRIPT} succeeded, but code-server is still not usable: ${after}`;
}

const CHROMIUM_CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

/** The Debian Chromium binary (CHROMIUM_PATH overrides), or undefined. */
export function findChromium(): string | undefined {
  const override = process.env.CHROMIUM_PATH;
  if (override) return existsSync(override) ? override : undefined;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}
