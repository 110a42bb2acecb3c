// The files an extension loads at run time, derived from the extension itself rather than listed by
// hand, so scripts/package.mjs can fail when the VSIX lacks one (a .vscodeignore that forgot a new
// lazy bundle, webview bundle or media file). Derived from:
//   - the manifest: `main`, `browser`, `icon`, `l10n` and every path under `contributes` (view
//     icons, walkthrough pages…); a folder stands for every file in it;
//   - the bundles, starting from `main`: each relative require() or import() (a lazy bundle such
//     as dist/core.js), followed into the bundles it names;
//   - the string literals of those bundles: a file under a folder the manifest or a bundle lives in
//     (media/, dist/) whose every path segment is a literal there, as in
//     joinPath(extensionUri, 'media', 'room') then joinPath(media, 'room.css'), or
//     asWebviewUri(joinPath(extensionUri, 'dist', 'page.js'));
//   - inside the files found so far: a stylesheet's url(…) and a Markdown page's images.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix } from 'node:path';

/** @type {typeof import('typescript')} */
const ts = createRequire(import.meta.url)('typescript');

/** Manifest keys VS Code reads files from (not `bin`, `scripts`…: npm's, not the extension's). */
const MANIFEST_KEYS = ['main', 'browser', 'icon', 'l10n', 'contributes'];
/** A relative path: segments of word characters, dots and dashes, at least one slash. */
const PATH_LIKE = /^(?:\.\/)?[\w.@-]+(?:\/[\w.@-]+)+\/?$/;
const NOT_SCANNED = new Set(['node_modules', '.git']);

/**
 * Every file under `dir` (relative to root, posix separators).
 * @param {string} root @param {string} dir @returns {string[]}
 */
function filesUnder(root, dir) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [dir];
  return readdirSync(full).filter((name) => !NOT_SCANNED.has(name)).flatMap((name) => filesUnder(root, posix.join(dir, name)));
}

/** @param {string} path */
function normalise(path) {
  return posix.normalize(path.replace(/^\.\//, '')).replace(/\/$/, '');
}

/**
 * Path-like strings anywhere in `value` (the manifest's objects and arrays, walked).
 * @param {unknown} value @param {string[]} [found] @returns {string[]}
 */
function manifestPaths(value, found = []) {
  if (typeof value === 'string') {
    if (PATH_LIKE.test(value) || /^\.\/[\w.@-]+$/.test(value)) found.push(normalise(value));
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) manifestPaths(item, found);
  }
  return found;
}

/**
 * The string literals of a JavaScript file, and the relative specifiers it require()s or import()s.
 * @param {string} text @param {string} name
 */
function scanScript(text, name) {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  /** @type {string[]} */
  const literals = [];
  /** @type {string[]} */
  const loads = [];
  /** @param {import('typescript').Node} node */
  const visit = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.push(node.text);
    if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      const loader = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
      const specifier = /** @type {import('typescript').StringLiteralLike} */ (node.arguments[0]).text;
      if (loader && /^\.\.?\//.test(specifier)) loads.push(specifier);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, loads };
}

/**
 * Where Node finds `specifier` required from `from` (a file that does not exist yet keeps its name).
 * @param {string} root @param {string} from @param {string} specifier
 */
function resolveLoad(root, from, specifier) {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const tries = [base, `${base}.js`, `${base}.json`, `${base}.node`, `${base}/index.js`];
  return tries.find((p) => existsSync(join(root, p)) && statSync(join(root, p)).isFile()) ?? base;
}

/**
 * Relative references inside a stylesheet (url(…)) or a Markdown page (images), resolved.
 * @param {string} root @param {string} file @returns {string[]}
 */
function referencesIn(root, file) {
  const patterns = file.endsWith('.css') ? [/url\(\s*["']?([^"')\s]+)/g]
    : file.endsWith('.md') ? [/!\[[^\]]*\]\(\s*<?([^\s)>]+)/g, /<img\b[^>]*\bsrc=["']([^"']+)/gi] : [];
  if (!patterns.length || !existsSync(join(root, file))) return [];
  const text = readFileSync(join(root, file), 'utf8');
  return patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]))
    .filter((ref) => !/^([a-z][\w+.-]*:|#|\/)/i.test(ref))
    .map((ref) => posix.normalize(posix.join(posix.dirname(file), ref.replace(/[?#].*$/, ''))));
}

/**
 * What the manifest names: a Map from path to why (a folder stands for its files).
 * @param {string} root @param {Record<string, unknown>} manifest
 */
function fromManifest(root, manifest) {
  /** @type {Map<string, string>} */
  const needed = new Map([['package.json', 'the manifest']]);
  for (const key of MANIFEST_KEYS) {
    for (const path of manifestPaths(manifest[key])) {
      const files = filesUnder(root, path);
      if (files.length > 1 || (files.length === 1 && files[0] !== path)) {
        for (const file of files) if (!needed.has(file)) needed.set(file, `in ${path}/, named by package.json ${key}`);
      } else if (!needed.has(path)) {
        needed.set(key === 'main' || key === 'browser' ? resolveLoad(root, '', path) : path, `package.json ${key}`);
      }
    }
  }
  // %key% placeholders in the manifest are filled from package.nls.json when VS Code reads it.
  if (/"%[\w.-]+%"/.test(JSON.stringify(manifest))) needed.set('package.nls.json', 'the English of the manifest\'s %key% strings');
  return needed;
}

/**
 * Follows the bundles in `needed` into the bundles they load (added to `needed`); returns their literals' path segments.
 * @param {string} root @param {Map<string, string>} needed
 */
function followBundles(root, needed) {
  /** @type {Set<string>} */
  const segments = new Set();
  const queue = [...needed.keys()].filter((p) => p.endsWith('.js'));
  for (const bundle of queue) {
    if (!existsSync(join(root, bundle))) continue;
    const { literals, loads } = scanScript(readFileSync(join(root, bundle), 'utf8'), bundle);
    for (const literal of literals) for (const segment of literal.split('/')) if (segment) segments.add(segment);
    for (const specifier of loads) {
      const file = resolveLoad(root, bundle, specifier);
      if (needed.has(file)) continue;
      needed.set(file, `require('${specifier}') in ${bundle}`);
      if (file.endsWith('.js')) queue.push(file);
    }
  }
  return segments;
}

/** @param {string} root @param {string} path */
function isFolder(root, path) {
  return existsSync(join(root, path)) && statSync(join(root, path)).isDirectory();
}

/**
 * The files the extension at `root` loads at run time: a Map from each path (relative to root,
 * posix separators) to why it is needed.
 * @param {string} root
 */
export function runtimeFiles(root) {
  const needed = fromManifest(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  const segments = followBundles(root, needed);
  // Files the bundles name by path: under the folders found so far, every segment a literal.
  const folders = new Set([...needed.keys()].map((p) => p.split('/')[0]).filter((top) => isFolder(root, top)));
  for (const folder of folders) {
    for (const file of filesUnder(root, folder)) {
      if (!needed.has(file) && file.split('/').every((s) => segments.has(s))) needed.set(file, 'named by path literals in the bundles');
    }
  }
  for (const file of [...needed.keys()]) {
    for (const ref of referencesIn(root, file)) if (!needed.has(ref)) needed.set(ref, `referenced by ${file}`);
  }
  return needed;
}
