import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..', '..');

/** Where comments and documents may cite documents. */
const SCANNED_DIRS = ['src', 'simulator', 'test', 'scripts', 'docs'];
const SCANNED_ROOT_FILES = ['README.md', 'ARCHITECTURE.md', 'CONTRIBUTING.md', 'esbuild.mjs'];
const SKIPPED_DIRS = new Set(['node_modules']);

/** The team's working notes, which live outside the repository: a citation of one cannot be followed. */
const OUTSIDE = [
  /\b(?:lync-wire|xccos-notes|reach-notes|sipjs-notes|core-api|style-examples)(?:\.md)?\b/,
  /\.\.\/shared\/(?:protocol|tools|design|seed)\b/,
  /(?:^|[\s"'`(])\/work\/\S/,
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The anchors a Markdown file's headings make (outside fenced code; repeated ones get -1, -2…). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

/** The text of a file's comments (all of a Markdown or JSON file: prose and data that cite). */
function commentsOf(path: string, text: string): string {
  const ext = extname(path);
  if (ext === '.md' || ext === '.json') return text;
  if (['.ts', '.js', '.cjs', '.mjs', '.c'].includes(ext)) return (text.match(/\/\*[\s\S]*?\*\/|(?<!:)\/\/[^\n]*/g) ?? []).join('\n');
  if (['.sh', '.cfg'].includes(ext)) return (text.match(/#[^\n]*/g) ?? []).join('\n');
  return '';
}

/**
 * [document, anchor] of every `….md[#anchor]` cited. In Markdown, a link's text is not a citation
 * (its target is), and a bare file name is an example (a file given to a command) unless it is a path.
 */
function citedDocuments(file: string, comments: string): [string, string | undefined][] {
  const markdown = extname(file) === '.md';
  const text = markdown ? comments.replace(/\[[^\]\n]*\]\(/g, '](') : comments;
  return [...text.matchAll(/(?<![\w/.-])((?:\.{1,2}\/)*[\w-][\w./-]*\.md)(?:#([\w-]+))?/g)]
    .filter((m) => !markdown || m[1].includes('/') || text[m.index - 1] === '(')
    .map((m): [string, string | undefined] => [m[1], m[2]]);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : filesUnder(path);
    return [path];
  });
}

interface CitationReport {
  /** Citations with an anchor that were checked, e.g. `docs/protocol/sipae.md#signature-buffer`. */
  anchored: number;
  problems: string[];
}

/** Every document cited in the comments under `root` must be in the repository, and every cited anchor must exist. */
function checkCitations(root: string): CitationReport {
  const files = [...SCANNED_DIRS.flatMap((d) => filesUnder(join(root, d))), ...SCANNED_ROOT_FILES.map((f) => join(root, f)).filter(existsSync)];
  const anchorCache = new Map<string, Set<string>>();
  const problems: string[] = [];
  let anchored = 0;
  for (const file of files) {
    const where = relative(root, file).split('\\').join('/');
    const comments = commentsOf(file, readFileSync(file, 'utf8')).replace(/\bhttps?:\/\/\S+/g, '');
    for (const pattern of OUTSIDE) {
      const hit = pattern.exec(comments);
      if (hit) problems.push(`${where}: cites "${hit[0].trim()}", a document outside the repository`);
    }
    for (const [cited, anchor] of citedDocuments(file, comments)) {
      const target = [join(dirname(file), cited), join(root, cited)].find((p) => existsSync(p));
      if (!target) {
        problems.push(`${where}: cites ${cited}, which is not in the repository`);
        continue;
      }
      if (anchor === undefined) continue;
      anchored++;
      if (!anchorCache.has(target)) anchorCache.set(target, anchorsOf(readFileSync(target, 'utf8')));
      if (!anchorCache.get(target)!.has(anchor)) problems.push(`${where}: cites ${cited}#${anchor}, a section that does not exist`);
    }
  }
  return { anchored, problems };
}

describe('Documents cited in comments (docs/protocol, ARCHITECTURE.md, CONTRIBUTING.md)', () => {
  it('every cited document is in the repository and every cited section exists', () => {
    const { anchored, problems } = checkCitations(repoRoot);
    assert.ok(anchored > 20, `checked the section citations (${anchored})`);
    assert.deepEqual(problems, []);
  });

  it('reports a citation of the notes outside the repository, a missing document and a missing docs/ section', () => {
    const root = mkdtempSync(join(tmpdir(), 'citations-'));
    try {
      mkdirSync(join(root, 'src'), { recursive: true });
      mkdirSync(join(root, 'docs', 'protocol'), { recursive: true });
      writeFileSync(join(root, 'docs', 'protocol', 'sipae.md'), '# MS-SIPAE\n\n## Signature buffer\n\n```\n## Not a heading\n```\n');
      // Assembled from pieces, so that this file's own comments cite nothing.
      const md = '.md';
      const notes = ['lync', 'wire'].join('-');
      writeFileSync(join(root, 'src', 'a.ts'), [
        `/** The buffer (docs/protocol/sipae${md}#signature-buffer). */`,
        `/${'/'} MS-SIPAE over SIP (${notes}${md} §4)`,
        `const s = 'docs/gone${md}'; /${'/'} docs/protocol/sipae${md}#not-a-heading, docs/protocol/missing${md}`,
        '',
      ].join('\n'));
      const { anchored, problems } = checkCitations(root);
      assert.equal(anchored, 2);
      assert.deepEqual(problems, [
        'src/a.ts: cites "lync-wire.md", a document outside the repository',
        'src/a.ts: cites lync-wire.md, which is not in the repository',
        'src/a.ts: cites docs/protocol/sipae.md#not-a-heading, a section that does not exist',
        'src/a.ts: cites docs/protocol/missing.md, which is not in the repository',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('makes the anchors GitHub makes from headings', () => {
    assert.deepEqual([...anchorsOf('# Title\n## NTLM signature\n## Errors and retries\n## REGISTER responses\n## Errors and retries\n')],
      ['title', 'ntlm-signature', 'errors-and-retries', 'register-responses', 'errors-and-retries-1']);
    assert.equal(slug('The INFO transport (XCCOS) — over SIP'), 'the-info-transport-xccos--over-sip');
  });
});
