import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(__dirname, '..', '..', '..', '..', 'dist');

/** The source files a development bundle was built from (its linked source map; `npm run build` writes it). */
function bundledSources(bundle: string): string[] {
  const map = join(dist, `${bundle}.map`);
  assert.ok(existsSync(map), `${map} is missing: run npm run build (the test lanes do) before this test`);
  return (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources.map((s) => s.replace(/^(\.\.\/)+/, ''));
}

describe('Lazy bundles (esbuild.mjs: the extension loads core.ts and roomPanel.ts on first use)', () => {
  it('dist/extension.js requires dist/core.js and dist/roomPanel.js instead of containing their code', () => {
    const sources = bundledSources('extension.js');
    assert.ok(sources.includes('src/extension/extension.ts'), 'read the source map of dist/extension.js');
    assert.deepEqual(sources.filter((s) => s === 'src/extension/core.ts' || s === 'src/extension/rooms/roomPanel.ts'), []);
    const code = readFileSync(join(dist, 'extension.js'), 'utf8');
    assert.match(code, /require\("\.\/core\.js"\)/);
    assert.match(code, /require\("\.\/roomPanel\.js"\)/);
  });

  it('dist/core.js and dist/roomPanel.js each hold their module', () => {
    assert.ok(bundledSources('core.js').includes('src/extension/core.ts'));
    assert.ok(bundledSources('roomPanel.js').includes('src/extension/rooms/roomPanel.ts'));
  });
});
