import { join } from 'node:path';
import * as esbuild from 'esbuild';

/** The repository root, from out/test/<dir>/ (tsc output) or out/test/bench/ (the bench bundle). */
export const repoRoot = join(__dirname, '..', '..', '..');

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const grammarTransform = require(join(repoRoot, 'scripts', 'sipjsGrammar.cjs')) as {
  transformSipjsGrammar(source: string): string;
  sipjsGrammarPlugin(): esbuild.Plugin;
};

export interface SipjsMessage { headers: Record<string, unknown[]>; parseHeader(name: string, idx?: number): unknown }
export interface SipjsBundle {
  Core: { Parser: { parseMessage(text: string, logger: unknown): SipjsMessage | undefined } };
  Grammar: { parse(input: string, rule: string): unknown };
}

export const quietSipjsLogger = { error() {}, warn() {}, log() {}, debug() {} };

/** sip.js bundled the way esbuild.mjs bundles it, with or without the grammar transform, loaded. */
export async function bundleSipjs(dir: string, name: string, transformed: boolean): Promise<SipjsBundle> {
  const outfile = join(dir, `${name}.js`);
  await esbuild.build({
    stdin: { contents: "export { Core, Grammar } from 'sip.js';", resolveDir: repoRoot, loader: 'js' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'silent',
    plugins: transformed ? [grammarTransform.sipjsGrammarPlugin()] : [],
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as SipjsBundle;
}
