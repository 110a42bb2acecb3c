import type { XmlElement } from '../../common/xml';

/** Reports a record a tolerant decoder skipped (or repaired), in words fit for a debug log. */
export type OnIgnored = (reason: string) => void;

export interface DecodeOptions {
  onIgnored?: OnIgnored;
  /** The time used when a record carries none (default: now). */
  now?: () => Date;
}

export function sameName(a: string, b: string): boolean {
  return a === b || (a.length === b.length && a.toLowerCase() === b.toLowerCase());
}

/**
 * The first non-empty value among `names`; an exact attribute name wins, otherwise a
 * case-insensitive match (servers and versions disagree on chanUri / chanuri).
 */
export function attr(element: XmlElement, ...names: string[]): string | undefined {
  return attrOf(element.attrs, names);
}

/** attr() on an attribute map by local name. */
export function attrOf(attrs: Readonly<Record<string, string>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = attrs[name];
    if (value !== undefined && value !== '') return value;
  }
  // One pass over the element's keys; the earliest name in `names` that matches wins.
  let best = names.length;
  let found: string | undefined;
  for (const key in attrs) {
    const value = attrs[key];
    if (value === '') continue;
    for (let i = 0; i < best; i++) {
      if (sameName(key, names[i])) {
        best = i;
        found = value;
        break;
      }
    }
  }
  return found;
}

export function firstChild(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => sameName(c.name, name));
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => sameName(c.name, name)) : [];
}

/**
 * Every element called `name` below `root` in document order, not looking inside a match
 * (records do not nest) nor inside the elements named in `skip`.
 */
export function findAll(root: XmlElement | undefined, name: string, skip: readonly string[] = []): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (element: XmlElement) => {
    for (const child of element.children) {
      if (sameName(child.name, name)) found.push(child);
      else if (!skip.some((s) => sameName(child.name, s))) walk(child);
    }
  };
  if (root) walk(root);
  return found;
}

/** A short excerpt of an element for onIgnored reasons (never the whole subtree). */
export function describe(element: Pick<XmlElement, 'name' | 'attrs'>): string {
  const attrs = Object.entries(element.attrs).map(([k, v]) => `${k}="${v.length > 60 ? `${v.slice(0, 60)}…` : v}"`);
  return `<${[element.name, ...attrs].join(' ')}>`;
}

/** A non-negative decimal integer attribute value, or undefined. */
export function parseCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** 'true' / 'false' in any case (also 1 / 0), else undefined. */
export function parseBoolean(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}
