// Fails when l10n/bundle.l10n.json (the English of every vscode.l10n.t message, the file translators
// start from) is not what `npm run l10n` exports from src/extension now: a new or changed message
// must be exported before it lands.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'l10n-check-'));
try {
  const cli = join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'export', '--outDir', out, join(root, 'src', 'extension')], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`l10n: the export failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  /** @param {string} file @returns {Record<string, string>} */
  const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
  const fresh = read(join(out, 'bundle.l10n.json'));
  const committed = read(join(root, 'l10n', 'bundle.l10n.json'));
  const missing = Object.keys(fresh).filter((k) => !(k in committed));
  const stale = Object.keys(committed).filter((k) => !(k in fresh));
  if (missing.length || stale.length) {
    for (const k of missing) console.error(`l10n: not in l10n/bundle.l10n.json: ${JSON.stringify(k)}`);
    for (const k of stale) console.error(`l10n: no longer in the code: ${JSON.stringify(k)}`);
    console.error('l10n: run `npm run l10n` and commit l10n/bundle.l10n.json');
    process.exit(1);
  }
  console.log(`l10n: ${Object.keys(fresh).length} messages, l10n/bundle.l10n.json up to date`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
