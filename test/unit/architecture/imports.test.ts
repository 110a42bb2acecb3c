import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkImports } = require(join(repoRoot, 'scripts', 'importCycles.cjs')) as {
  checkImports(root: string, src?: string): { files: number; problems: string[] };
};

describe('Architecture of src/ (scripts/importCycles.cjs, run by npm run lint)', () => {
  it('src/ has no import circle and imports sip.js only inside src/sip', () => {
    const { files, problems } = checkImports(repoRoot);
    assert.ok(files > 50, `read src/ (${files} files)`);
    assert.deepEqual(problems, []);
  });

  it('reports a circle (type-only imports count) and a sip.js import above src/sip', () => {
    const root = mkdtempSync(join(tmpdir(), 'imports-'));
    try {
      mkdirSync(join(root, 'src', 'endpoint'), { recursive: true });
      writeFileSync(join(root, 'src', 'endpoint', 'a.ts'), "import type { B } from './b';\nexport interface A { b?: B }\n");
      writeFileSync(join(root, 'src', 'endpoint', 'b.ts'), "import { Core } from 'sip.js';\nimport type { A } from './a';\nexport interface B { a?: A; c?: typeof Core }\n");
      assert.deepEqual(checkImports(root).problems, ['import circle: src/endpoint/a.ts <-> src/endpoint/b.ts', 'src/endpoint/b.ts imports sip.js (only src/sip may)']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
