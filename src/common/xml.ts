import { refuse, streamXml, XmlAttrs, XmlLimits, XmlSink } from './xmlStream';

export { DEFAULT_XML_LIMITS } from './xmlStream';
export type { XmlLimits } from './xmlStream';

/** One parsed element: local names only (prefixes dropped), attributes without xmlns declarations. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own character data (text and CDATA directly inside it, not its descendants'). */
  readonly text: string;
}

interface Building {
  name: string;
  attrs: XmlAttrs;
  children: XmlElement[];
  text: string;
}

/** Shared by every leaf: most elements have no children, and a retained empty array per element costs GC time. */
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

/** Builds the immutable element tree of what it is fed (a whole document, or one element's subtree). */
export class TreeSink implements XmlSink {
  private readonly stack: Building[] = [];
  /** The outermost element, once it has closed. */
  root: XmlElement | undefined;

  open(name: string, attrs: XmlAttrs): void {
    this.stack.push({ name, attrs, children: NO_CHILDREN, text: '' });
  }

  text(chunk: string): void {
    this.stack[this.stack.length - 1].text += chunk;
  }

  close(): void {
    const done = this.stack.pop() as Building;
    Object.freeze(done.attrs);
    if (done.children !== NO_CHILDREN) Object.freeze(done.children);
    const element: XmlElement = Object.freeze(done);
    const parent = this.stack[this.stack.length - 1];
    if (!parent) this.root = element;
    else if (parent.children === NO_CHILDREN) parent.children = [element];
    else parent.children.push(element);
  }
}

/**
 * Parses one XML document into an immutable element tree. Refuses any DOCTYPE, undefined entities
 * (only the five predefined ones and character references are expanded), and documents beyond the
 * size, depth or element-count limits; every refusal is a LyncError('ProtocolError').
 */
export function parseXml(text: string, limits: Partial<XmlLimits> = {}): XmlElement {
  const tree = new TreeSink();
  streamXml(text, tree, limits);
  if (!tree.root) throw refuse('no root element.');
  return tree.root;
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
