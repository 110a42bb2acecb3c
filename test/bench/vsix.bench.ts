import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchResult } from './harness';

const repoRoot = join(__dirname, '..', '..', '..');
const TARGET_KB = 450;
/** What scripts/package.mjs needs to build and package (node_modules is linked, not copied). */
// What `npm run package` reads: the manifest and its strings, the build, the sources and the whole
// scripts/ folder (the package step imports its helpers from there), the shipped l10n bundle.
const COPY = ['package.json', 'package.nls.json', 'esbuild.mjs', 'tsconfig.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media', 'l10n', 'src', 'simulator', 'scripts'];

export interface VsixBench {
  results: BenchResult[];
  notes: string[];
  /** The packaging copy: package.json + the production dist/, i.e. the extension as the VSIX installs it. */
  extensionDir: string;
  dispose(): void;
}

/**
 * VSIX size: `npm run package` (scripts/package.mjs: production build, vsce, content checks) run
 * unchanged in a copy of the repository, so the working tree's development dist/ and any VSIX in
 * it stay as they are. The figure is the size of the file it writes, against the 450 KB target.
 */
export async function vsixBenches(): Promise<VsixBench> {
  const dir = mkdtempSync(join(tmpdir(), 'lync-bench-vsix-'));
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    for (const path of COPY) {
      if (existsSync(join(repoRoot, path))) cpSync(join(repoRoot, path), join(dir, path), { recursive: true });
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const run = spawnSync(process.execPath, [join(dir, 'scripts', 'package.mjs')], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    const vsix = join(dir, 'lync-persistent-chat.vsix');
    if (!existsSync(vsix)) {
      throw new Error(`npm run package wrote no VSIX (exit ${run.status ?? run.signal}):\n${output.split('\n').slice(-20).join('\n')}`);
    }
    const kb = statSync(vsix).size / 1024;
    const notes = output.split('\n').filter((line) => /^package: (FAILED|.*\.vsix: )/.test(line)).map((line) => line.replace(dir, '<copy>'));
    if (run.status !== 0) notes.push(`npm run package exited ${run.status ?? run.signal}; see its checks above`);
    return {
      results: [{
        name: 'VSIX size (npm run package)', value: kb, unit: 'KB', baseline: TARGET_KB, baselineName: 'target', ratio: kb / TARGET_KB,
        target: `≤ ${TARGET_KB} KB`, pass: kb < TARGET_KB && run.status === 0,
      }],
      notes,
      extensionDir: dir,
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}
