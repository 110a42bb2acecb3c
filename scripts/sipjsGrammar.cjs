// Build-time, output-identical transform of sip.js 0.21.2's generated (Peggy) SIP grammar.
//
// Why: the generated `peg$parse` declares its ~400 constants (literals, regexes, expectation objects,
// ~100 action closures), decodes its ~235 bytecode tables (`peg$decode`) and re-creates ~20 helper
// closures on EVERY call; sip.js calls it 7-9 times per incoming message, so that set-up was most of
// the client's CPU per message. This transform moves all of it to module scope, built once. The
// parse state (input, options, positions, failure bookkeeping) becomes module-level variables that
// `peg$parse` sets on entry, exactly as the original's locals were initialised, and clears on exit.
// The parser never re-enters itself (its actions only build URI/NameAddrHeader objects), and a guard
// throws if it ever did. The bytecode itself, which the shipped size-mode interpreter walked at ~4 µs
// per input character, is compiled into one function per rule (scripts/peggyBytecode.cjs).
// test/protocol/sipjsGrammar.test.ts parses a corpus of real and simulated messages with the original
// and the transformed grammar and requires identical results.
//
// The transform applies to exactly one file, recognised by its SHA-256: if sip.js changes (another
// version, another Peggy), the build fails here with instructions rather than shipping an unchecked
// rewrite. No runtime patching: the transformed text only ever exists inside the bundle.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { compileRules, BytecodeError } = require('./peggyBytecode.cjs');

const EXPECTED_SHA256 = '66f6eabdcec39bfe90b9dbf3104e42af6169a6f4f5a1773694fce36c0262ab03';
const GRAMMAR_PATH = /[\\/]sip\.js[\\/]lib[\\/]grammar[\\/]pegjs[\\/]dist[\\/]grammar\.js$/;
const SIPJS_FILE = /[\\/]node_modules[\\/]sip\.js[\\/]/;

class GrammarTransformError extends Error {}

/** @param {string} why @returns {never} */
function fail(why) {
  throw new GrammarTransformError(
    `sip.js grammar transform: ${why}. The transform was written for sip.js 0.21.2's ` +
    'lib/grammar/pegjs/dist/grammar.js (sha256 ' + EXPECTED_SHA256.slice(0, 12) + '…). If sip.js was upgraded, ' +
    're-check the generated peg$parse, update scripts/sipjsGrammar.cjs and its hash, and run test/protocol/sipjsGrammar.test.ts.');
}

/** Index of `needle` in `text`, which must occur exactly once. @param {string} text @param {string} needle */
function once(text, needle) {
  const at = text.indexOf(needle);
  if (at < 0) fail(`expected text not found: ${JSON.stringify(needle.slice(0, 60))}`);
  if (text.indexOf(needle, at + 1) >= 0) fail(`expected text found twice: ${JSON.stringify(needle.slice(0, 60))}`);
  return at;
}

/** Cuts `[from, to)` (both located by unique anchors) out of `text`. @param {string} text @param {string} fromNeedle @param {string} toNeedle */
function slice(text, fromNeedle, toNeedle) {
  const from = once(text, fromNeedle);
  const to = once(text, toNeedle);
  if (to <= from) fail(`"${fromNeedle.slice(0, 30)}" does not precede "${toNeedle.slice(0, 30)}"`);
  return text.slice(from, to);
}

/** The per-call state of peg$parse, with the value each call starts from (as the original's locals). */
const STATE = [
  ['peg$source', 'options.grammarSource'],
  ['peg$startRuleIndex', '119'],
  ['peg$currPos', '0'],
  ['peg$savedPos', '0'],
  ['peg$posDetailsCache', '[{ line: 1, column: 1 }]'],
  ['peg$maxFailPos', '0'],
  ['peg$maxFailExpected', '[]'],
  ['peg$silentFails', '0'],
  ['peg$result', 'undefined'],
];

/**
 * A bounded memo in front of the parser: a SIP dialog repeats the same From, To, Call-ID, Contact and
 * start line in every message. The grammar is a pure function of (startRule, input) — `options.data`
 * and the returned tree are all it produces — so a hit hands back a deep copy (same prototypes, same
 * internal sharing) of what the first parse produced; callers may mutate their copy freely. Failed
 * parses and unusual calls (grammarSource set, long inputs) are not memoised.
 */
const MEMO = `
const peg$memo = new Map();
const peg$MEMO_ENTRIES = 512;
const peg$MEMO_INPUT_CHARS = 1024;
function peg$copy(value, seen) {
    if (typeof value !== "object" || value === null) return value;
    let copy = seen.get(value);
    if (copy !== undefined) return copy;
    if (Array.isArray(value)) {
        copy = new Array(value.length);
        seen.set(value, copy);
        for (let i = 0; i < value.length; i++) copy[i] = peg$copy(value[i], seen);
        return copy;
    }
    copy = Object.create(Object.getPrototypeOf(value));
    seen.set(value, copy);
    for (const key of Object.keys(value)) {
        if (key === "__proto__") Object.defineProperty(copy, key, { value: peg$copy(value[key], seen), enumerable: true, writable: true, configurable: true });
        else copy[key] = peg$copy(value[key], seen);
    }
    return copy;
}
function peg$parse(input, options) {
    if (options === undefined || options === null || typeof input !== "string" || input.length > peg$MEMO_INPUT_CHARS
        || options.grammarSource !== undefined || Object.keys(options).some((key) => key !== "startRule" && key !== "data")) {
        return peg$parseOnce(input, options);
    }
    const key = (options.startRule === undefined ? "" : String(options.startRule)) + "\\0" + input;
    let hit = peg$memo.get(key);
    if (hit === undefined) {
        const result = peg$parseOnce(input, options);
        hit = peg$copy({ result, data: options.data }, new Map());
        if (peg$memo.size >= peg$MEMO_ENTRIES) peg$memo.delete(peg$memo.keys().next().value);
        peg$memo.set(key, hit);
        return result;
    }
    const copy = peg$copy(hit, new Map());
    options.data = copy.data;
    return copy.result;
}`;

/**
 * A JS string literal as the generator writes them (\", \\, \xHH, \uHHHH escapes only), as its value.
 * @param {string} text
 */
function stringLiteral(text) {
  if (!/^"(?:[^"\\]|\\(?:["\\]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}))*"$/.test(text)) fail(`unexpected string literal ${text.slice(0, 40)}`);
  return text.slice(1, -1).replace(/\\(["\\]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/g, (/** @type {string} */ _, /** @type {string} */ escape) =>
    escape.length === 1 ? escape : String.fromCharCode(parseInt(escape.slice(1), 16)));
}

/**
 * The bytecode interpreter replaced by compiled rules (scripts/peggyBytecode.cjs): the bytecode table
 * leaves `tables`, the interpreter (`peg$decode`, `peg$parseRule`) leaves `helpers`, and `rules` is one
 * function per rule, called by index as the interpreter was.
 * @param {string} tables @param {string} helpers
 */
function compileInterpreter(tables, helpers) {
  const nl = '\n';
  const tableStart = once(tables, '    const peg$bytecode = [' + nl);
  const tableEnd = tables.indexOf(nl + '    ];' + nl, tableStart);
  if (tableEnd < 0) fail('the bytecode table has no end');
  const bytecode = tables.slice(tableStart + '    const peg$bytecode = ['.length + 1, tableEnd).split(nl).map((/** @type {string} */ line) => {
    const match = /^ {8}peg\$decode\(("(?:[^"\\]|\\.)*")\),?$/.exec(line);
    if (!match) fail(`unexpected bytecode entry ${line.slice(0, 40)}`);
    // peg$decode, as the generated file defines it
    return stringLiteral(match[1]).split('').map((/** @type {string} */ ch) => ch.charCodeAt(0) - 32);
  });
  const interpreter = once(helpers, '    function peg$decode(s) {' + nl);
  const interpreterText = helpers.slice(interpreter);
  if (!interpreterText.startsWith('    function peg$decode(s) {' + nl + '        return s.split("").map((ch) => ch.charCodeAt(0) - 32);' + nl + '    }' + nl + '    function peg$parseRule(index) {' + nl)
    || !interpreterText.endsWith('        return stack[0];' + nl + '    }' + nl)) fail('the bytecode interpreter changed');
  let rules;
  try {
    rules = compileRules(bytecode, 'peg$rule');
  } catch (error) {
    if (error instanceof BytecodeError) fail(`the bytecode does not compile: ${error.message}`);
    throw error;
  }
  return {
    tables: tables.slice(0, tableStart) + tables.slice(tableEnd + nl.length + '    ];'.length + nl.length),
    helpers: helpers.slice(0, interpreter) + '    function peg$parseRule(index) {' + nl + '        return peg$rules[index]();' + nl + '    }' + nl,
    rules,
  };
}

/**
 * Returns the transformed module text. Throws GrammarTransformError unless `source` is exactly the
 * file this transform was written for.
 * @param {string} source
 * @returns {string}
 */
function transformSipjsGrammar(source) {
  const hash = crypto.createHash('sha256').update(source).digest('hex');
  if (hash !== EXPECTED_SHA256) fail(`the file's sha256 is ${hash}, not the expected one`);
  const nl = '\n';
  const head = slice(source, 'import { NameAddrHeader }', 'function peg$parse(input, options) {');
  const prologue = [
    'function peg$parse(input, options) {',
    '    options = options !== undefined ? options : {};',
    '    const peg$FAILED = {};',
    '    const peg$source = options.grammarSource;',
    '',
  ].join(nl);
  if (source.slice(head.length, head.length + prologue.length) !== prologue) fail('the start of peg$parse changed');
  const startRuleIndices = slice(source, '    const peg$startRuleIndices = {', '    let peg$startRuleIndex = 119;' + nl);
  const interpreted = slice(source, '    const peg$consts = [' + nl, '    let peg$currPos = 0;' + nl);
  const locals = slice(source, '    let peg$currPos = 0;' + nl, '    if (options.startRule !== undefined) {' + nl);
  const expectedLocals = [
    '    let peg$currPos = 0;',
    '    let peg$savedPos = 0;',
    '    const peg$posDetailsCache = [{ line: 1, column: 1 }];',
    '    let peg$maxFailPos = 0;',
    '    let peg$maxFailExpected = [];',
    '    let peg$silentFails = 0;',
    '    let peg$result;',
    '',
  ].join(nl);
  if (locals !== expectedLocals) fail('the parse state declared by peg$parse changed');
  const startRule = slice(source, '    if (options.startRule !== undefined) {' + nl, '    function text() {' + nl);
  const { tables, helpers, rules } = compileInterpreter(interpreted, slice(source, '    function text() {' + nl, '    options.data = {}; // Object'));
  const tail = source.slice(once(source, '    options.data = {}; // Object'));
  const tailParts = tail.split(nl);
  // options.data = {}; / function list(...) { / return ...; / } / peg$result = ...; ... / } / export const parse = peg$parse;
  if (tailParts[1] !== '    function list(head, tail) {' || tailParts[2] !== '        return [head].concat(tail);' || tailParts[3] !== '    }') fail('the list() helper changed');
  const listFn = tailParts.slice(1, 4).join(nl) + nl;
  const run = [tailParts[0], ...tailParts.slice(4)].join(nl);
  const runEnd = once(run, nl + '}' + nl + 'export const parse = peg$parse;');
  const runBody = run.slice(0, runEnd + 1);
  const moduleTail = run.slice(runEnd + 3);
  if (moduleTail.trim() !== 'export const parse = peg$parse;') fail('the module no longer ends with `export const parse = peg$parse;`');
  // The hoisted code may only use the parse state through the names we turn into module variables.
  for (const name of ['input', 'options']) {
    if (new RegExp(`\\b(let|const|var)\\s+${name.replace('$', '\\$')}\\b`).test(tables + helpers)) fail(`${name} is redeclared inside the hoisted code`);
  }
  const stateNames = STATE.map(([name]) => name);
  const out = [
    head.trimEnd(),
    '// --- hoisted out of peg$parse by scripts/sipjsGrammar.cjs (build time, output-identical) ---',
    'const peg$FAILED = {};',
    startRuleIndices.trimEnd().replace(/^ {4}/, ''),
    `let input, options, ${stateNames.join(', ')};`,
    'let peg$active = false;',
    helpers.trimEnd(),
    listFn.trimEnd(),
    tables.trimEnd(),
    rules,
    'function peg$parseOnce(input$, options$) {',
    '    if (peg$active) throw new Error("sip.js grammar: re-entrant parse (scripts/sipjsGrammar.cjs assumes none)");',
    '    peg$active = true;',
    '    input = input$;',
    '    options = options$;',
    '    try {',
    '    options = options !== undefined ? options : {};',
    ...STATE.map(([name, init]) => `    ${name} = ${init};`),
    startRule.trimEnd(),
    runBody.trimEnd(),
    '    } finally {',
    '        peg$active = false;',
    '        input = undefined;',
    '        options = undefined;',
    '        peg$posDetailsCache = undefined;',
    '        peg$maxFailExpected = undefined;',
    '        peg$result = undefined;',
    '    }',
    '}',
    MEMO,
    moduleTail,
  ].join(nl);
  return out;
}

/**
 * The esbuild plugin: transforms the grammar as esbuild loads it, and fails the build if a bundle
 * that includes sip.js did not go through the transform (a moved or renamed file).
 * @returns {import('esbuild').Plugin}
 */
function sipjsGrammarPlugin() {
  return {
    name: 'sipjs-grammar',
    setup(build) {
      let transformed = 0;
      let sawSipjs = false;
      build.onStart(() => { transformed = 0; sawSipjs = false; });
      build.onLoad({ filter: GRAMMAR_PATH }, async (args) => {
        const source = await fs.promises.readFile(args.path, 'utf8');
        try {
          const contents = transformSipjsGrammar(source);
          transformed++;
          return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
        } catch (error) {
          if (error instanceof GrammarTransformError) return { errors: [{ text: error.message }] };
          throw error;
        }
      });
      build.onResolve({ filter: /.*/ }, (args) => {
        if (SIPJS_FILE.test(args.importer) || args.path === 'sip.js') sawSipjs = true;
        return undefined;
      });
      build.onEnd((result) => {
        if (sawSipjs && transformed === 0 && result.errors.length === 0) {
          return { errors: [{ text: 'sip.js grammar transform: the bundle includes sip.js but its grammar (lib/grammar/pegjs/dist/grammar.js) was never loaded; see scripts/sipjsGrammar.cjs.' }] };
        }
        return undefined;
      });
    },
  };
}

module.exports = { transformSipjsGrammar, sipjsGrammarPlugin, GrammarTransformError, EXPECTED_SHA256 };
