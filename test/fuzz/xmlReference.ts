import { SaxesParser } from 'saxes';
import { LyncError } from '../../src/common/errors';
import { DEFAULT_XML_LIMITS, XmlElement, XmlLimits } from '../../src/common/xml';

/*
 * The reference for src/common/xml.ts: the product's former parser over saxes (a conformant,
 * maintained XML parser), kept as it was so the unit tests and the fuzz target can require the
 * same verdict and the same tree from both.
 */

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

/** XML names are ASCII-prefixed in practice; `a:b` → `b`. */
function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function checkSize(text: string, maxBytes: number): void {
  // A UTF-16 unit is at least one UTF-8 byte and at most three: count bytes only when it matters.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    throw refuse(`the document is larger than ${maxBytes} bytes.`);
  }
}

/**
 * Parses one XML document into an immutable element tree. Refuses any DOCTYPE, undefined entities
 * (only the five predefined ones and character references are expanded), and documents beyond the
 * size, depth or element-count limits; every refusal is a LyncError('ProtocolError').
 */
export function parseXmlWithSaxes(text: string, limits: Partial<XmlLimits> = {}): XmlElement {
  const { maxBytes, maxDepth, maxElements } = { ...DEFAULT_XML_LIMITS, ...limits };
  checkSize(text, maxBytes);
  const parser = new SaxesParser({ xmlns: false, position: false });
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let count = 0;

  parser.on('doctype', () => {
    throw refuse('a DOCTYPE is not allowed.');
  });
  // Seven handlers at most: saxes stores each one as a property of the parser, and an eighth
  // turns its parser objects into slow dictionary mode (measured: ~5x slower, for every saxes
  // parser in the process). With no error handler saxes throws; the catch below wraps it.
  let attrs = new Attrs();
  parser.on('opentagstart', () => {
    attrs = new Attrs();
  });
  parser.on('attribute', ({ name, value }) => {
    if (name === 'xmlns' || name.startsWith('xmlns:')) return;
    attrs[localName(name)] = value;
  });
  parser.on('opentag', (tag) => {
    if (++count > maxElements) throw refuse(`more than ${maxElements} elements.`);
    if (stack.length >= maxDepth) throw refuse(`elements nested deeper than ${maxDepth}.`);
    stack.push({ name: localName(tag.name), attrs, children: NO_CHILDREN, text: '' });
  });
  parser.on('text', (chunk) => {
    const top = stack[stack.length - 1];
    if (top) top.text += chunk;
  });
  parser.on('cdata', (chunk) => {
    const top = stack[stack.length - 1];
    if (top) top.text += chunk;
  });
  parser.on('closetag', () => {
    const done = stack.pop() as Building;
    Object.freeze(done.attrs);
    if (done.children !== NO_CHILDREN) Object.freeze(done.children);
    const element: XmlElement = Object.freeze(done);
    const parent = stack[stack.length - 1];
    if (!parent) root = element;
    else if (parent.children === NO_CHILDREN) parent.children = [element];
    else parent.children.push(element);
  });

  try {
    parser.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).close();
  } catch (error) {
    throw LyncError.is(error) ? error : refuse(error instanceof Error ? error.message : String(error));
  }
  if (!root) throw refuse('no root element.');
  return root;
}
