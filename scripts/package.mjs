// `npm run package`: production bundle → lync-persistent-chat.vsix (@vscode/vsce), then checks the
// VSIX holds only what users need (dist/, media/, README, CHANGELOG, LICENSE, the manifest), every
// file the extension loads at run time (derived by scripts/packageFiles.mjs from the manifest, the
// bundles' lazy loads and the paths they name), every image its README shows, no node_modules and
// no native code, and is under 450 KB. With `--target <vsce target>` (e.g. linux-x64, darwin-arm64,
// win32-x64) it builds lync-persistent-chat-<target>.vsix instead: the same, plus koffi and that one
// platform's binary for Kerberos single sign-on (scripts/packageTarget.mjs), checked to load from the
// extracted VSIX when the target is this machine's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeFiles } from './packageFiles.mjs';
import { nativeProblems, stageKoffi } from './packageTarget.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targetAt = process.argv.indexOf('--target');
const target = targetAt > 0 ? process.argv[targetAt + 1] ?? '' : undefined;
const out = join(root, target ? `lync-persistent-chat-${target}.vsix` : 'lync-persistent-chat.vsix');
/** A per-platform VSIX carries koffi's binary (about 1.1 MB uncompressed) on top. */
const MAX_BYTES = (target ? 1024 : 450) * 1024;

/** What may be in the VSIX (vsce's own files, and the extension folder's allowed content). */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls\.json$/,
  /^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/dist\/[^/]+\.js$/,
  /^extension\/media\//,
  ...(target ? [/^extension\/dist\/koffi\//] : []),
];

/** @param {string} command @param {string[]} args */
function run(command, args) {
  console.log(`package: ${[command, ...args].join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`${command} ${args[0]} failed (exit ${r.status ?? r.signal})`);
}

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`package: FAILED: ${message}`);
  process.exit(1);
}

// Reads a zip's central directory (no zip library needed for a listing): the end-of-central-directory
// record gives the directory's offset and entry count; each entry carries its name and sizes.
/** @param {string} file */
function zipEntries(file) {
  const zip = readFileSync(file);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) fail(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) fail(`${file}: corrupt central directory`);
    const compressed = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size, compressed });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
rmSync(out, { force: true });
run('npm', ['run', 'package:build']);
const unstage = target !== undefined ? stageKoffi(root, target) : () => undefined;
// --no-dependencies: everything is bundled into dist/ by esbuild, node_modules stays out.
// --no-rewrite-relative-links: the README's images ship in the VSIX (.vscodeignore) and stay relative
// to the extension folder, where VS Code resolves them: they render offline and whatever the
// repository's URL, instead of depending on a URL built from package.json's `repository`.
// --allow-missing-repository: the project has no public repository yet; set `repository` in
// package.json when it has one (nothing in the VSIX depends on it).
run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', ...(target ? ['--target', target] : []), '--out', out]);

const entries = zipEntries(out);
console.log('\npackage: contents');
for (const e of entries) console.log(`  ${String(e.size).padStart(8)}  ${e.name}`);
const problems = [
  ...entries.filter((e) => e.name.includes('node_modules/')).map((e) => `${e.name}: node_modules must not be packaged`),
  ...(target ? nativeProblems(target, entries) : entries.filter((e) => e.name.endsWith('.node')).map((e) => `${e.name}: native module`)),
  ...entries.filter((e) => !ALLOWED.some((re) => re.test(e.name))).map((e) => `${e.name}: not dist/, media/, README, CHANGELOG, LICENSE or the manifest`),
];
// Every file the extension loads at run time, derived from the production bundles just built.
const needed = runtimeFiles(root);
unstage();
console.log(`\npackage: loaded at run time (${needed.size} files)`);
for (const [file, why] of needed) {
  const shipped = entries.some((e) => e.name === `extension/${file}`);
  console.log(`  ${shipped ? 'ok     ' : 'MISSING'}  ${file}  (${why})`);
  if (!shipped) problems.push(`${file}: loaded at run time (${why}) but not in the VSIX (.vscodeignore)`);
}
// Every image the README shows: relative ones must be in the VSIX, others must be https.
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const images = [...readme.matchAll(/!\[[^\]]*\]\(\s*<?([^\s)>]+)/g), ...readme.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)/gi)].map((m) => m[1]);
for (const src of images) {
  if (/^[a-z][\w+.-]*:/i.test(src)) {
    if (!/^https:/i.test(src)) problems.push(`README image ${src}: not https, VS Code will not show it`);
  } else if (!entries.some((e) => e.name === `extension/${src.replace(/^\.\//, '')}`)) {
    problems.push(`README image ${src}: not in the VSIX (add it to .vscodeignore), its README page would show it broken`);
  }
}
for (const name of ['extension/dist/cli.js', 'extension/dist/sim.js']) {
  if (entries.some((e) => e.name === name)) problems.push(`${name}: the CLI and the demo pool run from a checkout, not from the extension`);
}
// only a binary for this machine can be loaded here (a glibc Linux, macOS or Windows host)
const probed = target === `${process.platform}-${process.arch}`;
if (probed) problems.push(...loadsFromVsix(out));
const bytes = statSync(out).size;
const kb = (bytes / 1024).toFixed(1);
if (bytes >= MAX_BYTES) problems.push(`${kb} KB is not under ${MAX_BYTES / 1024} KB`);
console.log(`\npackage: ${out}: ${kb} KB, ${entries.length} files, ${images.length} README images`);
if (problems.length) fail(`\n  ${problems.join('\n  ')}`);
console.log(target
  ? `package: OK (${target}: every run-time file and README image shipped, no node_modules, only ${target}'s koffi binary${probed ? ', which loads' : ''}; under ${MAX_BYTES / 1024} KB)`
  : 'package: OK (every run-time file and README image shipped, no node_modules, no native modules, under 450 KB)');

/**
 * The koffi of the extracted VSIX loads in a fresh Node, with no node_modules above it (what the
 * installed extension does on first Kerberos use).
 * @param {string} vsix @returns {string[]}
 */
function loadsFromVsix(vsix) {
  const dir = mkdtempSync(join(tmpdir(), 'vsix-'));
  try {
    const unzip = spawnSync('unzip', ['-q', vsix, 'extension/dist/koffi/*', '-d', dir]);
    if (unzip.status !== 0) return [`unzip ${vsix} failed`];
    const probe = spawnSync(process.execPath, ['-e', `const k = require(${JSON.stringify(join(dir, 'extension', 'dist', 'koffi', 'index.cjs'))}); console.log(typeof k.load)`], { encoding: 'utf8', cwd: dir });
    console.log(`package: koffi from the VSIX: ${probe.status === 0 ? 'loads' : 'does not load'}`);
    return probe.status === 0 && probe.stdout.trim() === 'function' ? [] : [`koffi in the VSIX does not load: ${probe.stderr.split('\n')[0]}`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

