import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const manifestText = readFileSync(join(repoRoot, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Record<string, unknown>;
const english = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

/** The fields of the manifest VS Code shows to users (views' `name` only: the package's `name` is an id). */
const SHOWN = new Set(['title', 'description', 'markdownDescription', 'patternErrorMessage', 'enumDescriptions', 'markdownEnumDescriptions',
  'enumItemLabels', 'category', 'contextualTitle', 'contents', 'deprecationMessage', 'markdownDeprecationMessage']);

/** Every shown string of `value` with its JSON path (`views` entries' `name` included). */
function shownStrings(value: unknown, path: string, shown: boolean): [string, string][] {
  if (typeof value === 'string') return shown ? [[path, value]] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => shownStrings(item, `${path}[${i}]`, shown));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    shownStrings(item, `${path}.${key}`, shown || SHOWN.has(key) || (key === 'name' && /\.views\.\w+\[\d+\]$/.test(path))));
}

describe('Manifest strings (package.json → package.nls.json, so the extension can be translated)', () => {
  it('every title, description, setting text, view name, welcome text and walkthrough text is a %key% placeholder', () => {
    const shown = [
      ...shownStrings(manifest.contributes, 'contributes', false),
      ...shownStrings(manifest.capabilities, 'capabilities', false),
      ['displayName', String(manifest.displayName)],
      ['description', String(manifest.description)],
    ];
    assert.ok(shown.length > 80, `found the manifest's strings (${shown.length})`);
    assert.deepEqual(shown.filter(([, text]) => !/^%[\w.]+%$/.test(text)).map(([path, text]) => `${path}: ${text}`), []);
  });

  it('package.nls.json has the English text of every placeholder and no key the manifest does not use', () => {
    const used = new Set([...manifestText.matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]));
    assert.deepEqual([...used].filter((key) => typeof english[key] !== 'string' || english[key] === ''), []);
    assert.deepEqual(Object.keys(english).filter((key) => !used.has(key)), []);
  });
});
