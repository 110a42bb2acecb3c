// @ts-check
// Bundles the extension (its shell, and the modules it loads on first use), the CLI and the simulated pool.
// `--production` minifies (packaging); `--watch` rebuilds on change; `--bench` bundles the bench instead.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

// sip.js's generated grammar, with its per-call set-up hoisted to module scope (output-identical; see the file).
/** @type {typeof import('./scripts/sipjsGrammar.cjs')} */
const { sipjsGrammarPlugin } = createRequire(import.meta.url)('./scripts/sipjsGrammar.cjs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
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
  // koffi (the FFI Kerberos uses) is a native module: required at run time, and only when Kerberos is used.
  external: ['vscode', 'koffi'],
  legalComments: 'none',
  plugins: [sipjsGrammarPlugin()],
};

/**
 * A module the extension loads on first use, bundled on its own: `entry` → `outfile`.
 * @typedef {{ entry: string, outfile: string }} LazyModule
 */

/**
 * The lazy modules. src/extension/lazyCore.ts requires core.ts on the first Connect, and
 * src/extension/rooms/lazyRoomPanel.ts requires roomPanel.ts when the first room editor opens, so activation
 * parses neither.
 */
const lazy = {
  core: { entry: 'src/extension/core.ts', outfile: 'dist/core.js' },
  roomPanel: { entry: 'src/extension/rooms/roomPanel.ts', outfile: 'dist/roomPanel.js' },
};

/**
 * Leaves `modules` out of the bundle being built: any import that resolves to one of their entry files,
 * whoever imports it, becomes `require('./<its outfile>')` relative to this bundle's outfile. The build
 * fails if one of them still ends up inside the bundle (imported in a way this plugin does not see).
 * @param {LazyModule[]} modules
 * @returns {esbuild.Plugin}
 */
function leaveOut(modules) {
  const entries = new Map(modules.map((m) => [resolve(m.entry).replace(/\.ts$/, ''), m]));
  return {
    name: 'leave-out-lazy',
    setup(build) {
      const outdir = dirname(build.initialOptions.outfile ?? fail('leaveOut needs an outfile'));
      build.initialOptions.metafile = true;
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const lazyModule = entries.get(resolve(args.resolveDir, args.path).replace(/\.ts$/, ''));
        return lazyModule && { path: `./${relative(outdir, lazyModule.outfile)}`, external: true };
      });
      build.onEnd((result) => ({
        errors: modules.filter((m) => result.metafile && m.entry in result.metafile.inputs)
          .map((m) => ({ text: `${m.entry} must stay in ${m.outfile}, not be inlined into ${build.initialOptions.outfile}` })),
      }));
    },
  };
}

/** @param {string} why @returns {never} */
function fail(why) {
  throw new Error(`esbuild.mjs: ${why}`);
}

/**
 * One `vscode` namespace for the whole bundle. esbuild turns each module's `import * as vscode from 'vscode'`
 * into its own __toESM(require('vscode')), a getter-by-getter copy of the hundreds of exports of the API: ~20 copies
 * in dist/extension.js made code loading 19-37 ms (median) in the extension host, 7 ms with one copy. Here every module imports one
 * virtual module that re-exports the API once (same bindings, read through the same getters).
 * @type {esbuild.Plugin}
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' });
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * One bundle: `entry` → `outfile`, with `options` (plugins, banner…) over the common ones.
 * @param {string} entry @param {string} outfile @param {esbuild.BuildOptions} [options]
 * @returns {esbuild.BuildOptions}
 */
function bundle(entry, outfile, options = {}) {
  return { ...common, entryPoints: [entry], outfile, ...options };
}

// `--bench`: the bench as one bundle, so it measures the code as shipped (with the transformed grammar),
// not tsc's out/ over node_modules. Written beside the tsc output it sits with (activationProbe.js).
const benchOnly = process.argv.includes('--bench');
const benchBuilds = [
  bundle('test/bench/main.ts', 'out/test/bench/main.bundle.js', { external: ['vscode', 'koffi', 'esbuild', 'playwright-core'] }),
  // The receive bench's simulated pool, on a worker thread of its own (test/bench/poolThread.ts starts it).
  bundle('test/bench/poolWorker.ts', 'out/test/bench/poolWorker.bundle.js'),
];

const builds = benchOnly ? benchBuilds : [
  bundle('src/extension/extension.ts', 'dist/extension.js', { plugins: [vscodeOnce, leaveOut([lazy.core, lazy.roomPanel]), sipjsGrammarPlugin()] }),
  bundle(lazy.core.entry, lazy.core.outfile, { plugins: [vscodeOnce, sipjsGrammarPlugin()] }),
  bundle(lazy.roomPanel.entry, lazy.roomPanel.outfile, { plugins: [vscodeOnce] }),
  bundle('src/cli/main.ts', 'dist/cli.js', { banner: { js: '#!/usr/bin/env node' } }),
  // The room editor's page: browser code, loaded by the room panel's webview.
  bundle('src/extension/rooms/page/main.ts', 'dist/roomWebview.js', { platform: 'browser', target: 'es2022', format: 'iife', plugins: [] }),
  // The simulated pool for `lync-pchat --demo` and `npm start`; .vscodeignore keeps it out of the VSIX.
  bundle('simulator/index.ts', 'dist/sim.js'),
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching src/ …');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  const mode = benchOnly ? '' : ` (${production ? 'production' : 'development'})`;
  console.log(`esbuild: ${builds.map((b) => b.outfile).join(', ')}${mode} in ${Date.now() - started} ms`);
}
