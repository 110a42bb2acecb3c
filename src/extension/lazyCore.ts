import type * as Core from './core';

let core: typeof Core | undefined;

/**
 * core.ts, loaded on first use (dist/core.js beside dist/extension.js, a lazy bundle declared in esbuild.mjs;
 * out/src/extension/core.js in tests).
 */
export function loadCore(): typeof Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose: activation stays light
  core ??= require('./core') as typeof Core;
  return core;
}
