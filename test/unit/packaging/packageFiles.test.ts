import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

interface PackageFilesModule {
  runtimeFiles(root: string): Map<string, string>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- scripts/packageFiles.mjs (from out/test/unit/packaging) has no typings; the interface above is its contract
const { runtimeFiles } = require(join(__dirname, '..', '..', '..', '..', 'scripts', 'packageFiles.mjs')) as PackageFilesModule;

/** An extension folder made of `files` (relative path → content). */
function extension(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lync-package-files-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const MANIFEST = JSON.stringify({
  main: './dist/extension.js',
  bin: { tool: './dist/cli.js' },
  icon: 'media/icon.png',
  contributes: {
    viewsContainers: { activitybar: [{ id: 'x', title: 'X', icon: 'media/x.svg' }] },
    walkthroughs: [{ steps: [{ description: 'Open a room/folder', media: { markdown: 'media/walkthrough/step.md' } }] }],
  },
});

describe('packageFiles: the files an extension loads at run time, derived from the manifest and the bundles', () => {
  const roots: string[] = [];
  const derive = (files: Record<string, string>) => {
    const root = extension(files);
    roots.push(root);
    return [...runtimeFiles(root).keys()].sort();
  };
  after(() => { for (const root of roots) rmSync(root, { recursive: true, force: true }); });

  it('follows main into the bundles it require()s lazily, and those into theirs, but not into bundles only npm names (bin)', () => {
    const files = derive({
      'package.json': MANIFEST,
      'dist/extension.js': 'let c; exports.load = () => (c ??= require("./core.js")); const fs = require("fs");',
      'dist/core.js': 'exports.panel = () => require("./panel");',
      'dist/panel.js': '',
      'dist/cli.js': 'require("./core.js")',
      'media/icon.png': '', 'media/x.svg': '', 'media/walkthrough/step.md': 'Step',
    });
    assert.deepEqual(files.filter((f) => f.startsWith('dist/')), ['dist/core.js', 'dist/extension.js', 'dist/panel.js']);
  });

  it('names a required bundle that does not exist, so a package without it fails', () => {
    const files = derive({ 'package.json': MANIFEST, 'dist/extension.js': 'require("./gone.js")' });
    assert.ok(files.includes('dist/gone.js'), files.join(', '));
  });

  it('takes the files a bundle names by path literals (joinPath(extensionUri, …), a webview bundle in dist/), past a regular expression holding quotes', () => {
    const files = derive({
      'package.json': MANIFEST,
      'dist/extension.js': [
        'const escape = (t) => t.replace(/["\'&<>]/g, "");',
        'const media = vscode.Uri.joinPath(extensionUri, "media", "room");',
        'const page = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "roomView.js"));',
        'const css = join(media, `room.css`);',
      ].join('\n'),
      'dist/roomView.js': '', 'dist/sim.js': '', 'dist/extension.js.map': '{}',
      'media/room/room.css': 'body { background: url("./dots.svg"); }',
      'media/room/dots.svg': '', 'media/room/unused.png': '', 'media/screenshots/shot.png': '',
      'media/icon.png': '', 'media/x.svg': '', 'media/walkthrough/step.md': '',
    });
    for (const file of ['dist/roomView.js', 'media/room/room.css', 'media/room/dots.svg']) assert.ok(files.includes(file), `${file} not derived: ${files.join(', ')}`);
    for (const file of ['dist/sim.js', 'dist/extension.js.map', 'media/room/unused.png', 'media/screenshots/shot.png']) assert.ok(!files.includes(file), `${file} derived: ${files.join(', ')}`);
  });

  it('takes the manifest\'s icons and walkthrough pages with the images those pages show, and nothing npm alone uses', () => {
    const files = derive({
      'package.json': MANIFEST,
      'dist/extension.js': '',
      'media/icon.png': '', 'media/x.svg': '', 'media/walkthrough/step.md': '![Sign in](signin.png)\n<img src="https://example.com/a.png">',
      'media/walkthrough/signin.png': '', 'media/walkthrough/other.png': '',
    });
    assert.deepEqual(files, ['dist/extension.js', 'media/icon.png', 'media/walkthrough/signin.png', 'media/walkthrough/step.md', 'media/x.svg', 'package.json']);
  });
});
