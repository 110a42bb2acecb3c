import { SaxesParser } from 'saxes';
import { LyncError } from './errors';

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

/** An element's attributes by local name (prefixes dropped), without xmlns declarations, on a map with no prototype. */
export type XmlAttrs = Readonly<Record<string, string>>;

/** What a streaming reader receives: each element's start (depth: the root is 1), its character data, its end. */
export interface XmlSink {
  /**
   * True while the sink only reads attributes by name: the next elements' maps are then the parser's
   * own (no prototype either, but not copied), unless a prefix or an xmlns declaration needs rewriting.
   */
  readonly rawAttributes?: boolean;
  open(name: string, attrs: XmlAttrs, depth: number): void;
  /** Text and CDATA, in document order, of the innermost open element. */
  text(chunk: string): void;
  close(depth: number): void;
}

/** Attribute maps without Object.prototype (no inherited `constructor` etc.) that V8 keeps in fast mode. */
const Attrs = function Attrs(this: Record<string, string>) { /* empty */ } as unknown as new () => Record<string, string>;
Attrs.prototype = Object.create(null);

export function refuse(message: string): LyncError {
  return new LyncError('ProtocolError', `Refused XML: ${message}`);
}

/** XML names are ASCII-prefixed in practice; `a:b` → `b`. */
export function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** The attributes by local name (prefixes dropped), without xmlns declarations, on a map with no prototype. */
function localAttrs(own: XmlAttrs): Record<string, string> {
  const attrs = new Attrs();
  for (const name in own) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    attrs[localName(name)] = own[name];
  }
  return attrs;
}

function checkSize(text: string, maxBytes: number): void {
  // A UTF-16 unit is at least one UTF-8 byte and at most three: count bytes only when it matters.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    throw refuse(`the document is larger than ${maxBytes} bytes.`);
  }
}

/**
 * Reads one XML document and hands its elements to `sink` as it goes, with no tree in between.
 * Refuses any DOCTYPE, undefined entities (only the five predefined ones and character references
 * are expanded), and documents beyond the size, depth or element-count limits, before the sink
 * sees what is past a limit; every refusal is a LyncError('ProtocolError'). Element names reach
 * the sink as local names.
 */
export function streamXml(text: string, sink: XmlSink, limits: Partial<XmlLimits> = {}): void {
  const { maxBytes, maxDepth, maxElements } = { ...DEFAULT_XML_LIMITS, ...limits };
  checkSize(text, maxBytes);
  const parser = new SaxesParser({ xmlns: false, position: false });
  let depth = 0;
  let count = 0;
  let rooted = false;
  // Seven handlers at most: saxes stores each one as a property of the parser, and an eighth turns its
  // parser objects into slow dictionary mode (measured: ~5x slower, for every saxes parser in the
  // process). With no error handler saxes throws; the catch below wraps it.
  parser.on('doctype', () => {
    throw refuse('a DOCTYPE is not allowed.');
  });
  let attrs = new Attrs();
  let raw = false;
  let qualified = false;
  parser.on('opentagstart', () => {
    raw = sink.rawAttributes === true;
    qualified = false;
    if (!raw) attrs = new Attrs();
  });
  parser.on('attribute', ({ name, value }) => {
    if (raw) {
      if (name === 'xmlns' || name.includes(':')) qualified = true;
      return;
    }
    if (name === 'xmlns' || name.startsWith('xmlns:')) return;
    attrs[localName(name)] = value;
  });
  parser.on('opentag', (tag) => {
    if (++count > maxElements) throw refuse(`more than ${maxElements} elements.`);
    if (depth >= maxDepth) throw refuse(`elements nested deeper than ${maxDepth}.`);
    rooted = true;
    const own = tag.attributes as XmlAttrs;
    sink.open(localName(tag.name), raw ? (qualified ? localAttrs(own) : own) : attrs, ++depth);
  });
  parser.on('text', (chunk) => {
    if (depth > 0) sink.text(chunk);
  });
  parser.on('cdata', (chunk) => {
    if (depth > 0) sink.text(chunk);
  });
  parser.on('closetag', () => {
    sink.close(depth--);
  });
  try {
    parser.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).close();
  } catch (error) {
    throw LyncError.is(error) ? error : refuse(error instanceof Error ? error.message : String(error));
  }
  if (!rooted) throw refuse('no root element.');
}

