/**
 * XML for the chat server: parsing goes through the product's safe parser
 * (src/persistentChat/xccos/xml.ts: no DOCTYPE, no entities beyond the predefined ones, size and
 * depth limits); this module adds the 64 KiB XCCOS limit, child lookups and attribute writing.
 */
import { XmlElement, escapeAttr, escapeXml, parseXml } from '../../src/common/xml';

export type { XmlElement };
export { escapeXml };

/** Largest XCCOS body the chat server accepts (bytes of UTF-8). */
export const MAX_XCCOS_BYTES = 64 * 1024;

/** Parses an XCCOS body; throws LyncError('ProtocolError') on a DTD, unknown entity, oversize or malformed XML. */
export function parseXccosXml(text: string): XmlElement {
  return parseXml(text, { maxBytes: MAX_XCCOS_BYTES });
}

/** First direct child with this name (local name, as the parser reports it). */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** Builds ` name="value"` pairs (escaped), skipping undefined values. */
export function attrs(values: Record<string, string | number | bigint | boolean | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
}
