// Runs every test lane in order and prints one closing line: "N passed, N failed[, N skipped]".
// `npm test` has already type-checked, linted, bundled and compiled the tests (pretest).
// Prerequisites (system packages, code-server) are installed by the repo's own scripts; under
// CI=true a missing prerequisite fails the run instead of skipping anything.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

function prerequisites() {
  for (const [script, ...args] of [['install-system-deps.sh', 'test'], ['install-code-server.sh']]) {
    const r = spawnSync('bash', [join(root, 'scripts', script), ...args], { stdio: 'inherit', cwd: root });
    if (r.status !== 0) {
      console.error(`test: prerequisite script ${script} failed (exit ${r.status}).`);
      process.exit(1);
    }
  }
}

/**
 * limitMin: a lane still running after this is stopped and fails (the whole suite must stay < 20 min).
 * @typedef {{ name: string, limitMin: number, cmd: string[] }} Lane
 * @typedef {{ name: string, code: number | null, passed: number, failed: number, skipped: number, seconds: number }} LaneResult
 */
/** @type {Lane[]} */
const lanes = [
  { name: 'unit', limitMin: 3, cmd: ['npx', 'mocha', '--config', '.mocharc.json', 'out/test/unit/**/*.test.js'] },
  { name: 'protocol', limitMin: 8, cmd: ['npx', 'mocha', '--config', '.mocharc.json', 'out/test/protocol/**/*.test.js', 'out/simulator/**/*.test.js', 'out/test/fuzz/**/*.test.js'] },
  { name: 'vscode', limitMin: 10, cmd: ['node', 'out/test/vscode/runner/run.js'] },
  // Sign-in by DNS discovery and through the Access Edge in the extension host: the vscode lane run inside a network namespace (root).
  { name: 'reach', limitMin: 5, cmd: ['node', 'out/test/vscode/runner/reach.js'] },
  // The workbench started the way `npm start` does, from a fresh and from a copied-then-moved checkout.
  { name: 'demo', limitMin: 6, cmd: ['npx', 'mocha', '--config', '.mocharc.json', 'out/test/vscode/demo/**/*.test.js'] },
  // What users install: `npm run package` in a copy of the checkout, the VSIX installed with code-server's
  // --install-extension, used in the workbench (one package build, one workbench).
  { name: 'vsix', limitMin: 5, cmd: ['npx', 'mocha', '--config', '.mocharc.json', 'out/test/vscode/vsix/**/*.test.js'] },
].filter((lane) => only.length === 0 || only.includes(lane.name));

/** @param {Lane} lane @returns {Promise<LaneResult>} */
function run(lane) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${lane.name} tests ===`);
    const child = spawn(lane.cmd[0], lane.cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    let out = '';
    /** @type {string | undefined} */
    let problem;
    const stop = (/** @type {string} */ why) => {
      problem = why;
      try { if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    };
    const limit = setTimeout(() => stop(`still running after ${lane.limitMin} min`), lane.limitMin * 60_000);
    /** @type {NodeJS.Timeout | undefined} */
    let lingering;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
      // mocha runs with exit: false, so a lane that leaves a socket or timer open never exits: name it.
      if (!lingering && /^\s*\d+ passing/m.test(out)) {
        lingering = setTimeout(() => stop('finished, but something it opened (a socket, server or timer) kept it from exiting for 30 s'), 30_000);
      }
    });
    child.on('close', (code) => {
      clearTimeout(limit);
      clearTimeout(lingering);
      if (problem) console.log(`test: the ${lane.name} lane ${problem}: stopped, counted as a failure.`);
      const count = (/** @type {RegExp} */ re) => [...out.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
      resolve({
        name: lane.name,
        code: problem ? 1 : code,
        passed: count(/^\s*(\d+) passing/gm),
        failed: count(/^\s*(\d+) failing/gm),
        skipped: count(/^\s*(\d+) pending/gm),
        seconds: Math.round((Date.now() - started) / 1000),
      });
    });
  });
}

prerequisites();
/** @type {LaneResult[]} */
const results = [];
for (const lane of lanes) results.push(await run(lane));

console.log('\n=== summary ===');
for (const r of results) {
  console.log(`${r.name.padEnd(9)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped  ${r.seconds} s  (exit ${r.code})`);
}
const total = (/** @type {'passed' | 'failed' | 'skipped'} */ k) => results.reduce((n, r) => n + r[k], 0);
// A lane that crashed without reporting a failure still fails the run.
const crashed = results.filter((r) => r.code !== 0 && r.failed === 0).length;
const skipped = total('skipped');
if (process.env.CI === 'true' && skipped > 0) console.log(`CI=true: ${skipped} skipped test(s) count as failures.`);
const failed = total('failed') + crashed + (process.env.CI === 'true' ? skipped : 0);
console.log(`${total('passed')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || results.some((r) => r.code !== 0) ? 1 : 0);
