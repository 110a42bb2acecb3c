/**
 * XML for the chat server: parsing goes through the product's safe parser
 * (src/persistentChat/xccos/xml.ts: no DOCTYPE, no entities beyond the predefined ones, size and
 * depth limits); this module adds the 64 KiB XCCOS limit, child lookups and attribute writing.
 */
import { XmlElement, escapeAttr as escapeAttrChecked, escapeXml as escapeXmlChecked, parseXml } from '../../src/common/xml';

export type { XmlElement };

// Text that needs no escaping at all (no markup characters, controls, surrogates or non-characters)
// skips the full check, whose Unicode-aware pattern costs more than the rest of a grpchat together.
const PLAIN_TEXT = /^[^&<>\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]*$/;
const PLAIN_ATTR = /^[^&<>"'\x00-\x1F\uD800-\uDFFF\uFFFE\uFFFF]*$/;

/** Escapes character data (src/common/xml's escapeXml; the same text, faster when nothing needs escaping). */
export function escapeXml(text: string): string {
  return PLAIN_TEXT.test(text) ? text : escapeXmlChecked(text);
}

function escapeAttr(text: string): string {
  return PLAIN_ATTR.test(text) ? text : escapeAttrChecked(text);
}

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
  let out = '';
  for (const name in values) {
    const value = values[name];
    if (value !== undefined) out += ` ${name}="${escapeAttr(String(value))}"`;
  }
  return out;
}
