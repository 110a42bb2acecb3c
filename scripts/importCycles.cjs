// Lint step (npm run lint): src/ must have no import circle and no sip.js import outside src/sip.
// Hand-written (~60 lines over TypeScript's own preProcessFile) rather than a plugin: it counts
// type-only imports too (a circle of types is still a circle) and adds no dependency to the tree.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

/** The .ts files under `dir` (declaration files aside). @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Every module specifier a file imports or re-exports, type-only ones included. @param {string} file */
function importsOf(file) {
  return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** The .ts file a relative `specifier` in `from` names, if it exists. @param {string} from @param {string} specifier */
function resolveLocal(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

/**
 * Strongly connected components with more than one file, or a file importing itself (Tarjan).
 * @param {Map<string, string[]>} graph each file and the files it imports
 * @returns {string[][]}
 */
function circles(graph) {
  let index = 0;
  /** @type {string[]} */
  const stack = [];
  /** @type {Set<string>} */
  const onStack = new Set();
  /** @type {Map<string, number>} */
  const indices = new Map();
  /** @type {Map<string, number>} */
  const low = new Map();
  /** @type {string[][]} */
  const found = [];
  /** Both maps hold every node visited, the only ones read. @param {Map<string, number>} map @param {string} node */
  const of = (map, node) => /** @type {number} */ (map.get(node));
  /** @param {string} node */
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(of(low, node), of(low, next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(of(low, node), of(indices, next)));
      }
    }
    if (low.get(node) === indices.get(node)) {
      /** @type {string[]} */
      const component = [];
      let member;
      do { member = /** @type {string} node is on the stack */ (stack.pop()); onStack.delete(member); component.push(member); } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

/** The problems in `srcDir` (repo-relative paths), empty when clean. @param {string} repoRoot @param {string} [srcDir] */
function checkImports(repoRoot, srcDir = path.join(repoRoot, 'src')) {
  const files = sourceFiles(srcDir);
  const graph = new Map(files.map((file) => [file, importsOf(file).map((s) => resolveLocal(file, s)).filter((f) => f !== undefined)]));
  const rel = (/** @type {string} */ file) => path.relative(repoRoot, file).split(path.sep).join('/');
  const problems = circles(graph).map((c) => `import circle: ${c.map(rel).sort().join(' <-> ')}`);
  for (const file of files) {
    if (rel(file).startsWith('src/sip/')) continue;
    if (importsOf(file).some((s) => s === 'sip.js' || s.startsWith('sip.js/'))) problems.push(`${rel(file)} imports sip.js (only src/sip may)`);
  }
  return { files: files.length, problems };
}

module.exports = { checkImports, circles };

if (require.main === module) {
  const { files, problems } = checkImports(path.join(__dirname, '..'));
  for (const problem of problems) console.error(`error  ${problem}`);
  if (problems.length) process.exitCode = 1;
  else console.log(`imports: ${files} files in src/, no circle, sip.js only in src/sip`);
}
