// `node scripts/readme-check.mjs [--quiet] [--keep] [--only REGEX]`: the newcomer's path, as CI's main step.
// (--only: just the commands matching REGEX, after `npm ci`; for working on one command.)
// Clones this repository into a fresh folder and runs there every command README.md shows, in the
// README's order, each to success: `npm ci` once (it must print no EBADENGINE warning), each npm
// entry point (`npm start`, `npm test`, `npm run …`) from a clean clone (only node_modules and the
// code-server cache kept), long-running ones until their ready line and then `kill -INT`, which must
// stop them and everything they started. Which commands exist, and the few rules for running them,
// come from README.md and scripts/readme-commands.mjs.
// Reuses the npm cache (npm's own) and this checkout's code-server cache (hard-linked, or linked,
// into the clone's .vscode-test/ — which also proves that folder can move). Uncommitted changes
// are copied over the clone, so a local run checks the working tree. Exit 0 only if every command
// ran (or is in the skip list with its reason).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COVERED, EXTRA_ARGS, LONG_RUNNING, readmeCommands, SKIP, startsClean, STOP_SECONDS, timeoutSeconds } from './readme-commands.mjs';

/**
 * @typedef {import('./readme-commands.mjs').LongRunning} LongRunning
 * @typedef {{ step: string, status: 'ok' | 'failed' | 'skipped' | 'covered', detail: string, where: string }} Result
 * @typedef {{ ok: boolean, detail: string, output: string }} StepRun
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({ options: { quiet: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, only: { type: 'string' } } });
const say = (/** @type {string} */ line) => console.log(`readme-check: ${line}`);
const seconds = (/** @type {number} */ since) => Math.round((Date.now() - since) / 1000);

/** @param {string[]} args @param {string} [cwd] */
function git(args, cwd = root) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** A fresh clone of HEAD, plus this working tree's uncommitted changes (none in CI). @param {string} dir */
function cloneInto(dir) {
  git(['clone', '--quiet', root, dir]);
  const changed = git(['ls-files', '-z', '--modified', '--others', '--exclude-standard']).split('\0').filter(Boolean);
  const deleted = new Set(git(['ls-files', '-z', '--deleted']).split('\0').filter(Boolean));
  for (const file of changed) {
    if (deleted.has(file)) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(root, file), join(dir, file));
  }
  for (const file of deleted) rmSync(join(dir, file), { force: true });
  if (changed.length + deleted.size) say(`with ${changed.length + deleted.size} uncommitted change(s) of this working tree copied over the clone`);
}

/** This checkout's code-server (and the Node it runs on) into the clone: hard links, else links. @param {string} clone */
function shareCodeServerCache(clone) {
  const cache = join(root, '.vscode-test');
  if (!existsSync(cache)) return;
  const wanted = readdirSync(cache).filter((name) => /^(code-server|node)-[\d.]+$/.test(name));
  if (wanted.length === 0) return;
  mkdirSync(join(clone, '.vscode-test'), { recursive: true });
  for (const name of wanted) {
    const r = spawnSync('cp', ['-al', join(cache, name), join(clone, '.vscode-test', name)]);
    if (r.status !== 0) {
      rmSync(join(clone, '.vscode-test', name), { recursive: true, force: true });
      symlinkSync(join(cache, name), join(clone, '.vscode-test', name), 'dir');
    }
  }
  say(`code-server cache shared from ${cache} (${wanted.join(', ')})`);
}

/** The clone's .vscode-test/ (copied from elsewhere or installed here) works where it is: code-server's node link is relative. @param {string} clone */
function movable(clone) {
  /** @param {Result['status']} status @param {string} detail @returns {Result} */
  const result = (status, detail) => ({ step: '.vscode-test/ can be moved', status, detail, where: 'README.md: Quick start' });
  const cache = join(clone, '.vscode-test');
  const dirs = existsSync(cache) ? readdirSync(cache).filter((name) => /^code-server-\d/.test(name) && statSync(join(cache, name)).isDirectory()) : [];
  if (dirs.length === 0) return result('failed', 'no code-server in the clone after npm start and npm test');
  for (const name of dirs) {
    const node = join(cache, name, 'node');
    let link;
    try { link = readlinkSync(node); } catch { return result('failed', `${node} is not a link`); }
    if (isAbsolute(link)) return result('failed', `${node} -> ${link} is absolute: moving .vscode-test/ would break it`);
    try { accessSync(node, constants.X_OK); } catch { return result('failed', `${node} -> ${link} does not resolve to an executable`); }
  }
  return result('ok', `code-server's node is a relative link (${dirs.join(', ')})`);
}

/** Back to a fresh clone after `npm ci`: everything untracked goes except node_modules and the code-server cache. @param {string} clone */
function clean(clone) {
  git(['clean', '-fdxq', '-e', 'node_modules', '-e', '.vscode-test/code-server-*', '-e', '.vscode-test/node-*'], clone);
}

/** @type {import('node:child_process').ChildProcess | undefined} The step running now: stopped with this check (its process group is its own). */
let current;
/** @type {string | undefined} */
let workDir;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    try { if (current?.pid !== undefined) process.kill(-current.pid, 'SIGKILL'); } catch { /* already gone */ }
    if (workDir && !opts.keep) rmSync(workDir, { recursive: true, force: true });
    console.error(`readme-check: stopped (${signal})`);
    process.exit(130);
  });
}

/** `VAR=x cmd args` → `VAR=x exec cmd args`: the command replaces the shell, so kill -INT reaches it. */
const execForm = (/** @type {string} */ step) => step.replace(/^((?:\w+=\S*\s+)*)/, '$1exec ');

/**
 * Runs one step in the clone. Resolves { ok, detail, output }. With `long`, waits for its ready
 * line, probes, sends SIGINT to the command's process and requires everything to stop.
 * @param {string} step
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, long: LongRunning | undefined }} how
 * @returns {Promise<StepRun>}
 */
function runStep(step, { cwd, env, long }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('sh', ['-c', execForm(step)], { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    current = child;
    /** Signals the step's process group (`group`), or the command's own process. @param {NodeJS.Signals | 0} signal */
    const signalStep = (signal, group = true) => {
      if (child.pid === undefined) throw new Error('the step never started');
      process.kill(group ? -child.pid : child.pid, signal);
    };
    let output = '';
    let settled = false;
    let phase = long ? 'waiting for its ready line' : 'running';
    /** @type {NodeJS.Timeout[]} */
    const timers = [];
    const groupAlive = () => { try { signalStep(0); return true; } catch { return false; } };
    /** @param {boolean} ok @param {string} detail */
    const finish = async (ok, detail) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      // What the command started may take a moment to follow it (esbuild's service ends when its
      // pipe closes); still alive after that, it is ended, and for a stopped command it is a failure.
      const deadline = Date.now() + (long ? STOP_SECONDS : 5) * 1000;
      while (groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (groupAlive()) {
        try { signalStep('SIGKILL'); } catch { /* gone meanwhile */ }
        detail = `${detail}; processes it started were still running ${long ? STOP_SECONDS : 5} s later (killed)`;
        if (long) ok = false;
      }
      resolve({ ok, detail: `${detail} (${seconds(started)} s)`, output });
    };
    const onData = (/** @type {string} */ chunk) => {
      output += chunk;
      if (output.length > 400_000) output = output.slice(-200_000);
      if (!opts.quiet) process.stdout.write(chunk);
      const m = long && phase === 'waiting for its ready line' ? long.ready.exec(output) : undefined;
      if (m && long) {
        phase = 'ready';
        void (async () => {
          let probed = '';
          try {
            if (long.probe) probed = `; ${await long.probe(m)}`;
          } catch (error) {
            try { signalStep('SIGKILL'); } catch { /* gone */ }
            return finish(false, `ready, but ${error instanceof Error ? error.message : String(error)}`);
          }
          phase = 'stopping';
          const sent = Date.now();
          try { signalStep('SIGINT', false); } catch { /* already gone */ }
          timers.push(setTimeout(() => {
            try { signalStep('SIGKILL'); } catch { /* gone */ }
            finish(false, `ready, but still running ${STOP_SECONDS} s after kill -INT (killed)`);
          }, STOP_SECONDS * 1000));
          child.once('exit', (code, signal) => {
            const stoppedIn = ((Date.now() - sent) / 1000).toFixed(1);
            const exitedOk = code === 0 || code === 130 || signal === 'SIGINT';
            void (long.afterStop?.(m) ?? Promise.resolve(undefined)).then((problem) => finish(
              exitedOk && !problem,
              `ready${probed}; kill -INT stopped it in ${stoppedIn} s (${signal ?? `exit ${code}`})${problem ? `; but ${problem}` : ''}`,
            ));
          });
        })();
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    const limit = long ? long.readySeconds : timeoutSeconds(step);
    timers.push(setTimeout(() => {
      try { signalStep('SIGKILL'); } catch { /* gone */ }
      finish(false, `still ${phase} after ${limit} s (killed)`);
    }, limit * 1000));
    child.on('exit', (code, signal) => {
      if (phase === 'stopping' || phase === 'ready') return;
      setTimeout(() => {
        if (long) finish(false, `exited (${signal ?? `exit ${code}`}) before its ready line`);
        else finish(code === 0, code === 0 ? 'ok' : `failed (${signal ?? `exit ${code}`})`);
      }, 50);
    });
  });
}

/** Checks on a step's output beyond its exit status. @param {string} step @param {string} output */
function outputProblems(step, output) {
  const problems = [];
  if (/EBADENGINE/.test(output)) problems.push('npm printed EBADENGINE (a dependency does not support this Node)');
  if (/--dry-run/.test(step) || /--grep/.test(step)) {
    const passing = Number(/^\s*(\d+) passing/m.exec(output)?.[1] ?? 0);
    if (passing === 0) problems.push('it ran no test');
  }
  return problems;
}

async function main() {
  const started = Date.now();
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const commands = readmeCommands(readme);
  if (commands.length === 0) throw new Error('README.md shows no command');
  const dir = mkdtempSync(join(process.env.LYNC_README_CHECK_DIR ?? tmpdir(), 'lync-readme-check-'));
  workDir = dir;
  const clone = join(dir, 'lync-persistent-chat');
  const prefix = join(dir, 'npm-global'); // `npm link` puts lync-pchat here, as on a user's PATH
  say(`cloning ${root} into ${clone}`);
  cloneInto(clone);
  shareCodeServerCache(clone);
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, npm_config_prefix: prefix, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` };
  for (const key of Object.keys(env)) if (/^npm_(?!config_prefix$|config_cache$)/i.test(key)) delete env[key];

  /** @type {Result[]} */
  const results = [];

  /** @type {RegExpExecArray | RegExpMatchArray | undefined} the suite's closing "N passed, N failed" */
  let testSummary;
  const done = new Set();
  for (const cmd of commands) {
    for (const original of cmd.steps) {
      const where = `README.md:${cmd.line}`;
      const skip = SKIP.find((s) => s.re.test(original));
      if (skip) { results.push({ step: original, status: 'skipped', detail: skip.reason, where }); continue; }
      if (/…|\.\.\./.test(original)) {
        results.push({ step: original, status: 'failed', detail: 'has a placeholder (…): give it a runnable form, or add it to SKIP in scripts/readme-commands.mjs with the reason', where });
        continue;
      }
      const covered = COVERED.find((c) => c.re.test(original));
      if (covered) { results.push({ step: original, status: 'covered', detail: `by ${covered.by}`, where }); continue; }
      const extra = EXTRA_ARGS.find((e) => e.re.test(original));
      const step = extra ? `${original} ${extra.args(clone)}` : original;
      if (done.has(step)) continue;
      if (opts.only && !new RegExp(opts.only).test(step) && !/^npm ci\b/.test(step)) continue;
      done.add(step);
      if (startsClean(step)) clean(clone);
      const long = LONG_RUNNING.find((l) => l.re.test(step));
      say(`── ${step}   (${where}${extra ? `; ${extra.why}` : ''}${long ? '; runs until its ready line, then kill -INT' : ''})`);
      const stepStarted = Date.now();
      const r = await runStep(step, { cwd: clone, env, long });
      const problems = [...outputProblems(step, r.output), ...(extra?.verify?.(clone, stepStarted) ?? [])];
      const ok = r.ok && problems.length === 0;
      const detail = [r.detail, ...problems].join('; ');
      say(`${ok ? 'ok' : 'FAILED'}: ${step}: ${detail}`);
      if (!ok && opts.quiet) {
        // mocha's failure reports (wherever they are in a long run), then the end of the output.
        const lines = r.output.split('\n');
        const failing = lines.flatMap((line, i) => (/^\s*\d+ failing/.test(line) ? lines.slice(i, i + 30) : []));
        console.log([...failing, '…', ...lines.slice(-40)].join('\n'));
      }
      results.push({ step, status: ok ? 'ok' : 'failed', detail, where });
      // The suite's own closing line ("N passed, N failed[, N skipped]") from `npm test`, for CI's count.
      if (/\bnpm test\b/.test(step)) testSummary = [...r.output.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop() ?? testSummary;
    }
  }

  results.push(movable(clone));

  console.log('\n=== README commands (a fresh clone) ===');
  for (const r of results) console.log(`${r.status.padEnd(7)} ${r.step}  — ${r.detail} [${r.where}]`);
  const count = (/** @type {Result['status']} */ s) => results.filter((r) => r.status === s).length;
  if (opts.keep) say(`clone kept in ${clone}`);
  else rmSync(dir, { recursive: true, force: true });
  say(`${results.length} commands: ${count('ok')} ok, ${count('failed')} failed, ${count('skipped')} skipped, ${count('covered')} covered by another (reasons above), in ${seconds(started)} s`);
  // Last, one line in the form CI reads: the suite's tests, plus each README command that failed.
  const ranTests = results.some((r) => /\bnpm test\b/.test(r.step) && (r.status === 'ok' || r.status === 'failed'));
  const passed = testSummary ? Number(testSummary[1]) : 0;
  const failed = (testSummary ? Number(testSummary[2]) : 0) + count('failed') + (ranTests && !testSummary ? 1 : 0);
  if (ranTests && !testSummary) say('npm test printed no closing "N passed, N failed" line (counted as a failure)');
  console.log(`${passed} passed, ${failed} failed`);
  return count('failed') === 0 && failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(`readme-check: ${error.stack ?? error.message}`);
  process.exit(1);
});
