// The commands README.md shows, and how scripts/readme-check.mjs runs each. New commands in the
// README are picked up by themselves; only one that cannot run as written needs a rule below.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Code spans outside fenced blocks that are commands (a command word and at least one argument). */
const INLINE_COMMAND = /^(npm|npx|node|lync-pchat|bash|git)\s+\S/;
const FENCE_LANGS = new Set(['sh', 'bash', 'shell', 'console']);

/**
 * A command the README shows: its runnable text, its `&&` steps, its line, and whether it is in a fenced block.
 * @typedef {{ text: string, steps: string[], line: number, inBlock: boolean }} ReadmeCommand
 */

/**
 * Every command in README.md, in order: each line of a ```sh block and each inline `npm …`-like code
 * span. `a && b` becomes steps; `[optional parts]` are dropped (they document arguments);
 * a trailing `# comment` is dropped.
 * @param {string} markdown
 * @returns {ReadmeCommand[]}
 */
export function readmeCommands(markdown) {
  /** @type {ReadmeCommand[]} */
  const commands = [];
  const lines = markdown.split('\n');
  /** @type {string | undefined} the open fence's language */
  let fence;
  /** @type {{ text: string, line: number } | undefined} a command going on over the next line */
  let pending;
  lines.forEach((raw, i) => {
    const opening = /^\s*```\s*([\w-]*)/.exec(raw);
    if (opening) {
      fence = fence === undefined ? opening[1].toLowerCase() : undefined;
      return;
    }
    if (fence !== undefined) {
      if (!FENCE_LANGS.has(fence)) return;
      const text = raw.replace(/\s{2,}#.*$/, '').trim();
      if (!text || text.startsWith('#')) return;
      // A line ending in `\` or `|` goes on: one command over several lines.
      const open = pending ? `${pending.text} ${text.replace(/\\$/, '').trim()}` : text.replace(/\\$/, '').trim();
      if (/(\\|\|)$/.test(text)) { pending = { text: open, line: pending?.line ?? i + 1 }; return; }
      commands.push(command(open, pending?.line ?? i + 1, true));
      pending = undefined;
      return;
    }
    for (const match of raw.matchAll(/`([^`]+)`/g)) {
      const text = match[1].trim();
      if (INLINE_COMMAND.test(text)) commands.push(command(text, i + 1, false));
    }
  });
  return commands;
}

/** @param {string} text @param {number} line @param {boolean} inBlock @returns {ReadmeCommand} */
function command(text, line, inBlock) {
  const runnable = text.replace(/\s*\[[^\]]*\]/g, '').trim();
  return { text: runnable, steps: runnable.split(/\s+&&\s+/), line, inBlock };
}

/**
 * Commands that cannot run here, each with the reason. Keep this list short: a command a newcomer
 * can run on their own machine should run here too (with --demo where it needs a server).
 */
export const SKIP = [
  // contoso.com is the documentation's example pool: these need a real Lync / Skype for Business
  // deployment (DNS, an account, a trusted-application certificate). `lync-pchat --demo` covers the CLI.
  { re: /\bcontoso\.com\b/, reason: 'needs a real Lync pool (contoso.com is the example domain)' },
  // This check itself (it would clone and run the README again, for ever).
  { re: /readme-check/, reason: 'this check itself' },
  // The rooms subcommands' synopsis (ROOM, TEXT, QUERY are placeholders); test/protocol/cliRooms.test.ts
  // runs each subcommand of the built CLI against the simulated pool, and `lync-pchat --demo tail …` runs here.
  { re: /^lync-pchat (rooms|history|post|tail|follow|unfollow|following)\b(?!.*--demo)/, reason: 'the rooms subcommands\' synopsis (placeholders); each runs in test/protocol/cliRooms.test.ts' },
];

/**
 * Commands that run until stopped: run until their ready line, then `kill -INT` on the process the
 * command started (npm itself, for npm scripts), which must stop everything within STOP_SECONDS.
 * `probe` (optional) gets the ready line's match and checks what the command serves; `afterStop`
 * (optional) returns what is wrong once it has stopped.
 * @typedef {{
 *   re: RegExp, ready: RegExp, readySeconds: number,
 *   probe?: (ready: RegExpExecArray) => Promise<string>,
 *   afterStop?: (ready: RegExpExecArray) => Promise<string | undefined>,
 * }} LongRunning
 * @type {LongRunning[]}
 */
export const LONG_RUNNING = [
  {
    re: /^npm start\b/,
    ready: /Open (http:\/\/127\.0\.0\.1:\d+)\/ in a browser/,
    // The first `npm start` on a fresh machine installs code-server (~3 min on 2 cores).
    readySeconds: 900,
    probe: async (m) => {
      const res = await fetch(`${m[1]}/`, { signal: AbortSignal.timeout(20_000) });
      if (!res.ok) throw new Error(`${m[1]}/ answered ${res.status}`);
      return `${m[1]}/ answers ${res.status}`;
    },
    // code-server runs in its own process group: after the stop, nothing may answer there.
    afterStop: async (m) => {
      try {
        await fetch(`${m[1]}/healthz`, { signal: AbortSignal.timeout(3000) });
        return `${m[1]} still answers (code-server was left running)`;
      } catch {
        return undefined;
      }
    },
  },
  { re: /^npm run watch\b/, ready: /esbuild: watching/, readySeconds: 120 },
  { re: /^npm run sim\b/, ready: /Type help for commands\./, readySeconds: 300 },
  { re: /^(npx )?lync-pchat\b.*--demo\b.*\btail\b/, ready: /tailing .*: live messages follow|"type":"tailing"/, readySeconds: 120 },
  { re: /^(npx )?lync-pchat\b.*--demo\b/, ready: /"endpoint":"chat","state":"Established"|chat.*Established/, readySeconds: 120 },
];
export const STOP_SECONDS = 15;

/**
 * Commands run with extra arguments, and why. The whole lane already ran inside `npm test` in the
 * same clone; what the lane command itself must prove is that it builds and finds its tests from
 * a clean clone (the newcomer's "No test files found"), so its tests are listed, not run again.
 * `verify` (optional) returns what the run, started at `since` (ms), failed to do in the clone `repo`.
 * @typedef {{ re: RegExp, args: (repo: string) => string, why: string, verify?: (repo: string, since: number) => string[] }} ExtraArgs
 * @type {ExtraArgs[]}
 */
export const EXTRA_ARGS = [
  { re: /^npm run test:(unit|protocol|vsix)$/, args: () => '-- --dry-run', why: 'lists the lane (it ran in full under npm test)' },
  // The extension-host lane has no dry run, and each run starts code-server and a browser: the
  // screenshots command runs just the tests that take the README's screenshots (found in the
  // suite's source), and must write each of them.
  {
    re: /^npm run test:vscode -- --screenshots media\/screenshots$/,
    args: (repo) => `--grep '${screenshotTests(repo).grep.replace(/'/g, "'\\''")}'`,
    why: 'the tests that take the README\'s screenshots (the lane ran in full under npm test)',
    verify: (repo, since) => screenshotTests(repo).names
      .filter((name) => { try { return statSync(join(repo, 'media', 'screenshots', `${name}.png`)).mtimeMs < since; } catch { return true; } })
      .map((name) => `it did not write media/screenshots/${name}.png`),
  },
  // The bench exits 1 while any figure misses its target, and several do (README: Performance).
  // Here it must build and run from a clean clone; vsix is the figure that meets its target.
  { re: /^npm run bench$/, args: () => '-- --only vsix', why: 'the VSIX figure only (the bench exits 1 while any figure misses its target)' },
  // The defaults are sized for a real run (100,000 inputs, 100 reconnects): here each must build and run.
  { re: /^npm run fuzz$/, args: () => '-- --count 2000', why: '2,000 inputs (the default is 100,000)' },
  { re: /^npm run soak$/, args: () => '-- --cycles 5', why: '5 reconnects (the default is 100)' },
];

/** Same command as the screenshots one just run from a clean clone: not run a third time. */
export const COVERED = [
  { re: /^npm run test:vscode$/, by: 'npm run test:vscode -- --screenshots media/screenshots (the same lane command, from a clean clone)' },
  { re: /^npm run test:vscode -- --repeat \d+$/, by: 'npm test (the same lane, once; ten runs take about half an hour)' },
  { re: /^npm run test:reach\b/, by: 'npm test (its reach lane)' },
];

/** The README's screenshots and a mocha grep for the extension-host tests that take them. @param {string} repo */
export function screenshotTests(repo) {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const names = [...new Set([...readme.matchAll(/\]\((?:\.\/)?media\/screenshots\/([\w-]+)\.png\)/g)].map((m) => m[1]))];
  const suite = join(repo, 'test', 'vscode', 'suite');
  /** @type {Set<string>} */
  const titles = new Set();
  for (const name of names) {
    for (const file of readdirSync(suite).filter((f) => f.endsWith('.test.ts'))) {
      const source = readFileSync(join(suite, file), 'utf8');
      const at = source.search(new RegExp(`['"\`]${name}['"\`]`));
      if (at < 0) continue;
      const its = [...source.slice(0, at).matchAll(/\bit\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)];
      if (its.length) titles.add(its[its.length - 1][2].replace(/\\(.)/g, '$1'));
    }
  }
  if (titles.size === 0) throw new Error(`no extension-host test takes the README's screenshots (${names.join(', ')})`);
  return { names, grep: [...titles].map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') };
}

/** How long a command that finishes by itself may take. @param {string} step */
export function timeoutSeconds(step) {
  if (/^npm (ci|install)\b/.test(step)) return 600;
  if (/^npm (test|run test|run bench)\b/.test(step)) return 1200;
  return 600;
}

/** npm entry points start from a clean clone (only node_modules and the code-server cache kept). @param {string} step */
export function startsClean(step) {
  return /^npm (start|test|run)\b/.test(step);
}
