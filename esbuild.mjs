// Bundles the extension, the CLI and the simulated pool. `--production` minifies (packaging); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

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
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The simulated pool for `lync-pchat --demo` and `npm start`; .vscodeignore keeps it out of the VSIX.
  { ...common, entryPoints: ['test/sim/index.ts'], outfile: 'dist/sim.js' },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching src/ …');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: dist/extension.js, dist/cli.js, dist/sim.js (${production ? 'production' : 'development'}) in ${Date.now() - started} ms`);
}
