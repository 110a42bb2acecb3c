import { Grammar, URI } from 'sip.js';

/**
 * True when sip.js's own grammar accepts `text` as a SIP URI with a user and a host. Our lighter
 * checks accept values sip.js cannot parse (`sip:al ice@contoso.com`, `sip:a<b@…`, `…;;`), which
 * then failed only after the socket was open: settings are checked with this first.
 */
export function isParsableSipUri(text: string): boolean {
  const uri = Grammar.URIParse(text.trim());
  return uri !== undefined && Boolean(uri.user) && Boolean(uri.host);
}

/** An address as a SIP host: an IPv6 literal in brackets (Via, Contact). */
export function bracketIpv6(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** URIs parsed once per string, at most 64 kept (a stack uses a handful; never grows unbounded). */
export class ParsedUris {
  private readonly parsed = new Map<string, URI | undefined>();

  get(text: string): URI | undefined {
    if (!this.parsed.has(text)) {
      if (this.parsed.size >= 64) this.parsed.clear();
      this.parsed.set(text, Grammar.URIParse(text));
    }
    return this.parsed.get(text);
  }
}
