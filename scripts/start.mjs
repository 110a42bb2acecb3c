// `npm start`: the extension in a real VS Code workbench (code-server) on 127.0.0.1, until Ctrl-C.
//   node scripts/start.mjs [--port N] [--fresh] [--verbose] [--edge]
//   (--edge: the demo user signs in from outside the office, through the simulated Access Edge)
//   (PORT=N works too; default: the port the profile was served on, first 8765; else any free port)
// The profile persists in .vscode-test/demo-user (settings, secrets) and in the browser, per address
// (workbench and extension state). --fresh deletes the first and serves on a port no earlier profile
// used, so the browser starts empty too (see demoProfile.mjs). The extension is
// linked into a fresh extensions folder on every start, so a rebuilt dist/ (npm run watch) is picked
// up by "Developer: Reload Window".
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prepareDemo } from './demo.mjs';
import { claimProfile, freshProfile, linkExtensions, profilePort, rememberPort, writeDemoSettings } from './demoProfile.mjs';
import { ensureCodeServer, pickPort, startCodeServer } from './vscode-host.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({ options: { port: { type: 'string' }, fresh: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false }, edge: { type: 'boolean', default: false } } });
const demoDir = join(root, '.vscode-test', 'demo-user');
const userDataDir = join(demoDir, 'user-data');
const extensionsDir = join(demoDir, 'extensions');
const workspaceFolder = join(demoDir, 'workspace');

/** Quiet defaults for the demo profile; the user's own later edits to these are kept. */
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The demo folder sits inside this repository; don't offer to open the repository.
  'git.openRepositoryInParentFolders': 'never',
};

/** Always: esbuild takes well under a second, and a stale dist/ after a pull or an edit would run old code. */
function build() {
  const r = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed');
}

async function main() {
  build();
  const paths = ensureCodeServer(root);
  const freshPort = opts.fresh ? freshProfile(demoDir) : undefined;
  if (opts.fresh) console.log(`start: --fresh: deleted ${demoDir}; a new address keeps the browser's stored state out too`);
  mkdirSync(workspaceFolder, { recursive: true });
  const moved = claimProfile(root, demoDir);
  const demo = await prepareDemo({ repoRoot: root, userDataDir, workspaceFolder, edge: opts.edge });
  // Defaults under the user's own edits, demo settings over both, each in the file VS Code reads it from.
  writeDemoSettings({ root, userDataDir, defaults: DEFAULT_SETTINGS, demoSettings: demo.userSettings, log: (/** @type {string} */ m) => console.log(`start: ${m}`) });
  const extensionId = linkExtensions(root, extensionsDir);
  if (moved) console.log(`start: ${moved}`);
  const port = await pickPort(Number(opts.port ?? process.env.PORT ?? freshPort ?? profilePort(demoDir) ?? 8765));
  if (port === undefined) throw new Error('no free port on 127.0.0.1');
  rememberPort(demoDir, port);
  const logFile = join(demoDir, 'code-server.log');
  const server = await startCodeServer({
    paths, port, userDataDir, extensionsDir, folder: workspaceFolder, logFile,
    configFile: join(demoDir, 'config.yaml'),
    // The demo folder is ours and empty: no Restricted Mode banner.
    workspaceTrust: false,
    env: demo.env,
    onLine: opts.verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });
  let stopping = false;
  const stop = async (/** @type {number} */ code) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstart: stopping');
    await server.stop();
    await demo.dispose();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  console.log(`\nstart: code-server ${paths.version} with ${extensionId} (profile ${demoDir}, log ${logFile})`);
  for (const note of demo.notes) console.log(`start: ${note}`);
  console.log(`\nOpen ${server.url}/ in a browser\n(Ctrl-C to stop)`);
  const code = await server.exited;
  if (!stopping) {
    console.error(`start: code-server exited unexpectedly (${code}); see ${logFile}`);
    await demo.dispose();
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`start: ${error.message}`);
  process.exit(1);
});
