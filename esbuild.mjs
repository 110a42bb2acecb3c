// Bundles the extension (its shell, and the connection core it loads on first Connect), the CLI and the simulated pool. `--production` minifies (packaging); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';

// sip.js's generated grammar, with its per-call set-up hoisted to module scope (output-identical; see the file).
const { sipjsGrammarPlugin } = createRequire(import.meta.url)('./scripts/sipjsGrammar.cjs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  // sip.js's browser platform code is never reached from our Node transport.
  external: ['vscode'],
  legalComments: 'none',
  plugins: [sipjsGrammarPlugin()],
};

/**
 * dist/extension.js leaves src/extension/core.ts to dist/core.js, required on the first Connect, and
 * src/extension/rooms/roomPanel.ts to dist/roomPanel.js, required when the first room editor opens.
 */
const lazyCore = {
  name: 'lazy-core',
  setup(build) {
    build.onResolve({ filter: /^\.\/core$/ }, (args) =>
      args.importer.endsWith('lazyCore.ts') ? { path: './core.js', external: true } : undefined);
    build.onResolve({ filter: /^\.\/roomPanel$/ }, (args) =>
      args.importer.endsWith('lazyRoomPanel.ts') ? { path: './roomPanel.js', external: true } : undefined);
  },
};

/**
 * One `vscode` namespace for the whole bundle. esbuild turns each module's `import * as vscode from 'vscode'`
 * into its own __toESM(require('vscode')), a getter-by-getter copy of the hundreds of exports of the API: ~20 copies
 * in dist/extension.js made code loading 19-37 ms (median) in the extension host, 7 ms with one copy. Here every module imports one
 * virtual module that re-exports the API once (same bindings, read through the same getters).
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' });
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

// `--bench`: the bench as one bundle, so it measures the code as shipped (with the transformed grammar),
// not tsc's out/ over node_modules. Written beside the tsc output it sits with (activationProbe.js).
const benchOnly = process.argv.includes('--bench');
const benchBuild = { ...common, entryPoints: ['test/bench/main.ts'], outfile: 'out/test/bench/main.bundle.js', external: ['vscode', 'esbuild', 'playwright-core'] };
// The receive bench's simulated pool, on a worker thread of its own (test/bench/poolThread.ts starts it).
const benchPoolWorker = { ...common, entryPoints: ['test/bench/poolWorker.ts'], outfile: 'out/test/bench/poolWorker.bundle.js' };

const builds = benchOnly ? [benchBuild, benchPoolWorker] : [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', plugins: [vscodeOnce, lazyCore, sipjsGrammarPlugin()] },
  { ...common, entryPoints: ['src/extension/core.ts'], outfile: 'dist/core.js', plugins: [vscodeOnce, sipjsGrammarPlugin()] },
  { ...common, entryPoints: ['src/extension/rooms/roomPanel.ts'], outfile: 'dist/roomPanel.js', plugins: [vscodeOnce] },
  { ...common, entryPoints: ['src/extension/rooms/page/main.ts'], outfile: 'dist/roomWebview.js', platform: 'browser', target: 'es2022', format: 'iife' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The simulated pool for `lync-pchat --demo` and `npm start`; .vscodeignore keeps it out of the VSIX.
  { ...common, entryPoints: ['simulator/index.ts'], outfile: 'dist/sim.js' },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching src/ …');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (benchOnly) console.log(`esbuild: ${benchBuild.outfile}, ${benchPoolWorker.outfile} in ${Date.now() - started} ms`);
  else console.log(`esbuild: dist/extension.js, dist/core.js, dist/roomPanel.js, dist/roomWebview.js, dist/cli.js, dist/sim.js (${production ? 'production' : 'development'}) in ${Date.now() - started} ms`);
}
