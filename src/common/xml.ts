import { LyncError } from './errors';

/** One parsed element: local names only (prefixes dropped), attributes without xmlns declarations. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own character data (text and CDATA directly inside it, not its descendants'). */
  readonly text: string;
}

export interface XmlLimits {
  /** Largest document accepted, in UTF-8 bytes. */
  maxBytes: number;
  /** Deepest element nesting accepted (the root is depth 1). */
  maxDepth: number;
  /** Most elements accepted in one document. */
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 256 * 1024,
  maxDepth: 32,
  maxElements: 50_000,
});

/** Most attributes (xmlns declarations included) accepted on one element. */
const MAX_ATTRIBUTES = 256;

interface Building {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Attribute maps without Object.prototype (no inherited `constructor` etc.) that V8 keeps in fast mode. */
const Attrs = function Attrs(this: Record<string, string>) { /* empty */ } as unknown as new () => Record<string, string>;
Attrs.prototype = Object.create(null);

/** Shared by every leaf: most elements have no children, and a retained empty array per element costs GC time. */
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

function refuse(message: string): LyncError {
  return new LyncError('ProtocolError', `Refused XML: ${message}`);
}

function checkSize(text: string, maxBytes: number): void {
  // A UTF-16 unit is at least one UTF-8 byte and at most three: count bytes only when it matters.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    throw refuse(`the document is larger than ${maxBytes} bytes.`);
  }
}

// XML 1.0 (5th ed.) productions, as sticky regular expressions over the whole document.
const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
/** A Name; astral name characters (U+10000–U+EFFFF) as surrogate pairs. */
const NAME = `(?:[${NAME_START}]|[\\uD800-\\uDB7F][\\uDC00-\\uDFFF])(?:[${NAME_CHAR}]|[\\uD800-\\uDB7F][\\uDC00-\\uDFFF])*`;
const END_TAG_REST = /[ \t\r\n]*>/y;
const XML_DECL = /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/y;
const PI_TARGET = new RegExp(`(${NAME})(?:[ \\t\\r\\n]|\\?>)`, 'y');
const ONLY_SPACE = /^[ \t\r\n]*$/;
/** Characters XML forbids anywhere: C0 controls but tab and line ends, U+FFFE/FFFF, lone surrogates. */
const BAD_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const ENTITY_LIKE = new RegExp(`&${NAME};`, 'y');
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ATTR_SPACE = /\r\n|[\t\n\r]/g;
const LINE_END = /\r\n?/g;

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** Expands the five predefined entities and character references; anything else after `&` is refused. */
function expandReferences(raw: string, first: number): string {
  let out = '';
  let from = 0;
  for (let amp = first; amp >= 0; amp = raw.indexOf('&', from)) {
    REFERENCE.lastIndex = amp;
    const match = REFERENCE.exec(raw);
    if (!match) {
      ENTITY_LIKE.lastIndex = amp;
      throw refuse(ENTITY_LIKE.test(raw) ? 'an undefined entity (only the five predefined ones are allowed).' : 'a bare "&" (write &amp;).');
    }
    let value: string;
    if (match[1] !== undefined) value = PREDEFINED[match[1]];
    else {
      const code = match[2] !== undefined ? Number(match[2]) : parseInt(match[3], 16);
      if (!isXmlChar(code)) throw refuse('a character reference to a character XML does not allow.');
      value = String.fromCodePoint(code);
    }
    out += raw.slice(from, amp) + value;
    from = REFERENCE.lastIndex;
  }
  return out + raw.slice(from);
}

/** Refuses characters XML forbids; surrogates, when there are any, are checked in pairs by a slower pattern. */
function checkChars(raw: string, from = 0): void {
  for (let i = from; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c >= 0xfffe) throw refuse('a character XML does not allow.');
    if (c >= 0xd800 && c <= 0xdfff) {
      if (BAD_CHAR.test(raw)) throw refuse('a character XML does not allow.');
      return;
    }
  }
}

/**
 * Where `raw` first holds anything but plain characters (-1: nowhere): controls (tab and LF only when `space`),
 * `&`, `<`, `]`, CR, surrogates, U+FFFE/FFFF. One pass; most text and values need no more.
 */
function firstWork(raw: string, work: Uint8Array): number {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 128 ? work[c] === 1 : c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe)) return i;
  }
  return -1;
}

/** The ASCII characters that need work: in text (CR, `&`, `]`, controls but tab and LF) and in attribute values (every control, `&`, `<`). */
const TEXT_WORK = new Uint8Array(128);
const VALUE_WORK = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) {
  VALUE_WORK[c] = 1;
  TEXT_WORK[c] = c === 0x09 || c === 0x0a ? 0 : 1;
}
TEXT_WORK[0x26] = TEXT_WORK[0x5d] = 1;
VALUE_WORK[0x26] = VALUE_WORK[0x3c] = 1;

/** Character data between markup: line ends normalized, references expanded, `]]>` refused. */
function charData(raw: string): string {
  const work = firstWork(raw, TEXT_WORK);
  if (work < 0) return raw;
  checkChars(raw, work);
  if (raw.indexOf(']]>') >= 0) throw refuse('"]]>" in character data.');
  const text = raw.indexOf('\r') >= 0 ? raw.replace(LINE_END, '\n') : raw;
  const amp = text.indexOf('&');
  return amp < 0 ? text : expandReferences(text, amp);
}

/** An attribute value: `<` refused, each literal tab or line end (CR LF counted once) becomes a space, then references expand. */
function attributeValue(raw: string): string {
  const work = firstWork(raw, VALUE_WORK);
  if (work < 0) return raw;
  checkChars(raw, work);
  if (raw.indexOf('<') >= 0) throw refuse('"<" in an attribute value.');
  const value = raw.replace(ATTR_SPACE, ' ');
  const amp = value.indexOf('&');
  return amp < 0 ? value : expandReferences(value, amp);
}

/**
 * Parses one XML document into an element tree, read-only by type (not frozen: freezing cost a
 * third of a live message's decode). Refuses any DOCTYPE, undefined entities
 * (only the five predefined ones and character references are expanded), malformed XML, and
 * documents beyond the size, depth or element-count limits; every refusal is a LyncError('ProtocolError').
 *
 * Written here rather than over a library: no maintained JS parser both refuses DTDs and
 * malformed input and reads a 4 MB room list within 50 ms (measured on this codebase's bench:
 * saxes 80–98 ms with handlers that do nothing, ltx 60 ms and htmlparser2 98 ms without
 * well-formedness checks, fast-xml-parser 316 ms, @rgrove/parse-xml 587 ms); the test suite and
 * the fuzz target check it against saxes, which stays the reference for every verdict.
 */
export function parseXml(text: string, limits: Partial<XmlLimits> = {}): XmlElement {
  try {
    return parse(text, limits);
  } finally {
    for (const slot of viewSlots) recent[slot] = '';
    viewSlots.length = 0;
  }
}

function parse(text: string, limits: Partial<XmlLimits>): XmlElement {
  const maxBytes = limits.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes;
  const maxDepth = limits.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
  const maxElements = limits.maxElements ?? DEFAULT_XML_LIMITS.maxElements;
  checkSize(text, maxBytes);
  const end = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  XML_DECL.lastIndex = pos;
  if (text.startsWith('<?xml', pos) && XML_DECL.test(text)) pos = XML_DECL.lastIndex;

  const stack: Building[] = [];
  const rawNames: string[] = [];
  /** The written attribute names of the start tag being read. */
  const names: string[] = [];
  let root: XmlElement | undefined;
  let count = 0;

  while (pos < end) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? end : lt;
    if (textEnd > pos) {
      const raw = repeated(text, pos, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += charData(raw);
      else if (!ONLY_SPACE.test(raw)) throw refuse(root ? 'content after the root element.' : 'content before the root element.');
      if (lt < 0) break;
    }
    pos = lt + 1;
    const c = text.charCodeAt(pos);
    if (c === 0x2f /* / */) {
      const name = rawNames.pop();
      if (name === undefined || !matchesAt(text, pos + 1, name)) throw refuse('an end tag that does not match its start tag.');
      END_TAG_REST.lastIndex = pos + 1 + name.length;
      if (!END_TAG_REST.test(text)) throw refuse('an end tag that does not match its start tag.');
      pos = END_TAG_REST.lastIndex;
      close(stack.pop() as Building);
    } else if (c === 0x21 /* ! */) {
      if (text.startsWith('--', pos + 1)) {
        const dashes = text.indexOf('--', pos + 3);
        if (dashes < 0 || text.charCodeAt(dashes + 2) !== 0x3e) throw refuse('an unterminated comment or "--" inside a comment.');
        checkChars(text.slice(pos + 3, dashes));
        pos = dashes + 3;
      } else if (text.startsWith('[CDATA[', pos + 1)) {
        const top = stack[stack.length - 1];
        if (!top) throw refuse('CDATA outside the root element.');
        const close = text.indexOf(']]>', pos + 8);
        if (close < 0) throw refuse('an unterminated CDATA section.');
        const raw = text.slice(pos + 8, close);
        checkChars(raw);
        top.text += raw.indexOf('\r') >= 0 ? raw.replace(LINE_END, '\n') : raw;
        pos = close + 3;
      } else if (text.startsWith('DOCTYPE', pos + 1)) {
        throw refuse('a DOCTYPE is not allowed.');
      } else {
        throw refuse('a markup declaration outside a DTD.');
      }
    } else if (c === 0x3f /* ? */) {
      PI_TARGET.lastIndex = pos + 1;
      const target = PI_TARGET.exec(text);
      if (!target || target[1].toLowerCase() === 'xml') throw refuse('a malformed processing instruction or a misplaced XML declaration.');
      const close = text.indexOf('?>', pos + 1 + target[1].length);
      if (close < 0) throw refuse('an unterminated processing instruction.');
      checkChars(text.slice(pos, close));
      pos = close + 2;
    } else {
      if (root) throw refuse('more than one root element.');
      const nameEnd = scanName(text, pos);
      if (nameEnd === pos) throw refuse('a malformed start tag.');
      const qname = repeated(text, pos, nameEnd);
      pos = nameEnd;
      if (++count > maxElements) throw refuse(`more than ${maxElements} elements.`);
      if (stack.length >= maxDepth) throw refuse(`elements nested deeper than ${maxDepth}.`);
      const attrs = new Attrs();
      names.length = 0;
      let seen: Set<string> | undefined;
      let attributes = 0;
      let selfClosing = false;
      for (;;) {
        const spaceEnd = skipSpace(text, pos);
        const c = text.charCodeAt(spaceEnd);
        if (c === 0x3e /* > */) {
          pos = spaceEnd + 1;
          break;
        }
        if (c === 0x2f /* / */ && text.charCodeAt(spaceEnd + 1) === 0x3e) {
          pos = spaceEnd + 2;
          selfClosing = true;
          break;
        }
        // ` name = "value"`: whitespace before the name is required; values hold no `<`.
        const attrEnd = spaceEnd === pos ? spaceEnd : scanName(text, spaceEnd);
        if (attrEnd === spaceEnd) throw refuse('a malformed start tag.');
        const name = repeated(text, spaceEnd, attrEnd);
        let at = skipSpace(text, attrEnd);
        if (text.charCodeAt(at) !== 0x3d /* = */) throw refuse('a malformed attribute.');
        at = skipSpace(text, at + 1);
        const quote = text.charCodeAt(at);
        if (quote !== 0x22 && quote !== 0x27) throw refuse('an attribute value without quotes.');
        const close = text.indexOf(quote === 0x22 ? '"' : "'", at + 1);
        if (close < 0) throw refuse('an unterminated attribute value.');
        const value = attributeValue(repeated(text, at + 1, close));
        pos = close + 1;
        if (++attributes > MAX_ATTRIBUTES) throw refuse(`more than ${MAX_ATTRIBUTES} attributes on one element.`);
        const xmlns = name.charCodeAt(0) === 0x78 /* x */ && (name === 'xmlns' || name.startsWith('xmlns:'));
        const local = xmlns ? '' : localName(name);
        // A duplicate is judged on the written (qualified) name, as XML without namespaces does:
        // a short search for the few attributes elements have, a set beyond that.
        if (attributes > 8) {
          seen ??= new Set(names);
          if (seen.has(name)) throw refuse('a duplicate attribute.');
          seen.add(name);
        } else if (attributes > 1 && names.indexOf(name) >= 0) throw refuse('a duplicate attribute.');
        names.push(name);
        if (!xmlns) attrs[local] = value;
      }
      const element: Building = { name: localName(qname), attrs, children: NO_CHILDREN, text: '' };
      if (selfClosing) close(element);
      else {
        stack.push(element);
        rawNames.push(qname);
      }
    }
  }
  if (stack.length > 0) throw refuse('an element left open at the end of the document.');
  if (!root) throw refuse('no root element.');
  return root;

  function close(element: Building): void {
    const parent = stack[stack.length - 1];
    if (!parent) root = element;
    else if (parent.children === NO_CHILDREN) parent.children = [element];
    else parent.children.push(element);
  }
}

/** ASCII name characters by code: 1 may start a name, 2 may only follow. */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_NAME[c] = /[:A-Z_a-z]/.test(ch) ? 1 : /[-.0-9]/.test(ch) ? 2 : 0;
}
const NAME_START_CHAR = new RegExp(`[${NAME_START}]|[\\uD800-\\uDB7F][\\uDC00-\\uDFFF]`, 'y');
const NAME_CHAR_ANY = new RegExp(`[${NAME_CHAR}]|[\\uD800-\\uDB7F][\\uDC00-\\uDFFF]`, 'y');

/** The end of the Name starting at `from` (`from` itself when there is none). */
function scanName(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const kind = ASCII_NAME[c];
      if (kind === 1 || (kind === 2 && i > from)) {
        i++;
        continue;
      }
      return i;
    }
    if (c !== c) return i; // NaN: the end of the text
    const pattern = i === from ? NAME_START_CHAR : NAME_CHAR_ANY;
    pattern.lastIndex = i;
    if (!pattern.test(text)) return i;
    i = pattern.lastIndex;
  }
}

/**
 * Recent short strings by a hash of length and end characters: documents repeat the same names,
 * ids and values thousands of times, and reusing a string skips an allocation (and, for attribute
 * names, the lookup that makes a new string a property key). Emptied after every document, so it
 * never keeps one alive.
 */
const recent: string[] = new Array<string>(256).fill('');
/** The slots holding a slice long enough to be a view of its document (V8 copies shorter ones). */
const viewSlots: number[] = [];

function repeated(text: string, from: number, to: number): string {
  const length = to - from;
  if (length > 64 || length === 0) return text.slice(from, to);
  const slot = (length * 31 + text.charCodeAt(from) * 7 + text.charCodeAt(to - 1)) & 255;
  const known = recent[slot];
  if (known.length === length && matchesAt(text, from, known)) return known;
  if (length > 12) viewSlots.push(slot);
  return (recent[slot] = text.slice(from, to));
}

/** Whether `text` holds `part` at `from` (a loop the compiler keeps inline, unlike startsWith with a position). */
function matchesAt(text: string, from: number, part: string): boolean {
  if (from + part.length > text.length) return false;
  for (let i = 0; i < part.length; i++) {
    if (text.charCodeAt(from + i) !== part.charCodeAt(i)) return false;
  }
  return true;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) i++;
    else return i;
  }
}

/** `a:b` → `b`. */
function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

// Characters XML 1.0 cannot carry at all, even escaped (C0 controls, lone surrogates, U+FFFE/FFFF).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const TEXT_SPECIAL = /[&<>]/g;
const ATTR_SPECIAL = /[&<>"'\t\n\r]/g;
const REPLACEMENTS: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
};

function stripInvalid(text: string): string {
  NOT_XML_CHAR.lastIndex = 0;
  return NOT_XML_CHAR.test(text) ? text.replace(NOT_XML_CHAR, '') : text;
}

/** Escapes character data; characters XML cannot carry are dropped. */
export function escapeXml(text: string): string {
  return stripInvalid(text).replace(TEXT_SPECIAL, (c) => REPLACEMENTS[c]);
}

/** Escapes an attribute value (either quote style); tabs and line breaks survive as references. */
export function escapeAttr(text: string): string {
  return stripInvalid(text).replace(ATTR_SPECIAL, (c) => REPLACEMENTS[c]);
}
