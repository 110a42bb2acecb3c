// Per-platform VSIX (`npm run package -- --target linux-x64`): the universal VSIX plus koffi, the FFI
// Kerberos single sign-on reaches the system's GSSAPI/SSPI through, with only that platform's binary.
// koffi's JavaScript and the binary are staged into dist/koffi (the layout koffi searches:
// build/koffi/<triplet>/koffi.node), the VSIX is built with `vsce package --target`, and the staging
// is removed. The binary comes from node_modules when npm installed it for this machine, else from
// the @koromix/koffi-<platform> package fetched with `npm pack` (the same version as koffi).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** vsce target → koffi's platform package and the triplet folder(s) of the binary inside it. */
export const TARGETS = {
  'linux-x64': { pkg: 'linux-x64', triplet: 'linux_x64' },
  'linux-arm64': { pkg: 'linux-arm64', triplet: 'linux_arm64' },
  'alpine-x64': { pkg: 'linux-x64', triplet: 'musl_x64' },
  'alpine-arm64': { pkg: 'linux-arm64', triplet: 'musl_arm64' },
  'darwin-x64': { pkg: 'darwin-x64', triplet: 'darwin_x64' },
  'darwin-arm64': { pkg: 'darwin-arm64', triplet: 'darwin_arm64' },
  'win32-x64': { pkg: 'win32-x64', triplet: 'win32_x64' },
  'win32-arm64': { pkg: 'win32-arm64', triplet: 'win32_arm64' },
};

/** koffi's run-time JavaScript (its index requires src/koffi/index.cjs, which requires src/static.cjs). */
const KOFFI_FILES = ['package.json', 'LICENSE.txt', 'index.cjs', 'src/koffi/index.cjs', 'src/koffi/src/static.cjs'];

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`package: FAILED: ${message}`);
  process.exit(1);
}

/**
 * The folder of @koromix/koffi-<pkg> at koffi's version: node_modules, or fetched into `scratch`.
 * @param {string} root @param {string} pkg @param {string} version @param {string} scratch
 */
function platformPackage(root, pkg, version, scratch) {
  const local = join(root, 'node_modules', '@koromix', `koffi-${pkg}`);
  if (existsSync(local) && JSON.parse(readFileSync(join(local, 'package.json'), 'utf8')).version === version) return local;
  const packed = spawnSync('npm', ['pack', `@koromix/koffi-${pkg}@${version}`, '--pack-destination', scratch, '--silent'], { encoding: 'utf8' });
  if (packed.status !== 0) fail(`npm pack @koromix/koffi-${pkg}@${version}: ${packed.stderr}`);
  const tarball = join(scratch, packed.stdout.trim().split('\n').at(-1) ?? '');
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', scratch]);
  if (untar.status !== 0) fail(`tar -xzf ${tarball} failed`);
  return join(scratch, 'package');
}

/**
 * Stages koffi and the target's binary into dist/koffi; returns a function removing them again.
 * @param {string} root @param {string} target
 */
export function stageKoffi(root, target) {
  const spec = TARGETS[/** @type {keyof typeof TARGETS} */ (target)];
  if (!spec) fail(`--target ${target}: one of ${Object.keys(TARGETS).join(', ')}`);
  const koffi = join(root, 'node_modules', 'koffi');
  const version = JSON.parse(readFileSync(join(koffi, 'package.json'), 'utf8')).version;
  const staged = join(root, 'dist', 'koffi');
  const scratch = mkdtempSync(join(tmpdir(), 'koffi-'));
  rmSync(staged, { recursive: true, force: true });
  for (const file of KOFFI_FILES) {
    mkdirSync(dirname(join(staged, file)), { recursive: true });
    cpSync(join(koffi, file), join(staged, file));
  }
  const binary = join(platformPackage(root, spec.pkg, version, scratch), spec.triplet, 'koffi.node');
  if (!existsSync(binary)) fail(`${binary}: no koffi binary for ${target}`);
  mkdirSync(join(staged, 'build', 'koffi', spec.triplet), { recursive: true });
  cpSync(binary, join(staged, 'build', 'koffi', spec.triplet, 'koffi.node'));
  console.log(`package: staged koffi ${version} for ${target} (${spec.triplet}/koffi.node)`);
  return () => {
    rmSync(staged, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
}

/**
 * The binary a target VSIX may hold, and only it.
 * @param {string} target @param {{ name: string }[]} entries
 */
export function nativeProblems(target, entries) {
  const spec = TARGETS[/** @type {keyof typeof TARGETS} */ (target)];
  const wanted = `extension/dist/koffi/build/koffi/${spec.triplet}/koffi.node`;
  const natives = entries.filter((e) => e.name.endsWith('.node')).map((e) => e.name);
  return [
    ...natives.filter((n) => n !== wanted).map((n) => `${n}: a binary for another platform than ${target}`),
    ...(natives.includes(wanted) ? [] : [`${wanted}: missing (Kerberos would not load)`]),
  ];
}
