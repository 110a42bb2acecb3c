import { Grammar } from 'sip.js';

/**
 * True when sip.js's own grammar accepts `text` as a SIP URI with a user and a host. Our lighter
 * checks accept values sip.js cannot parse (`sip:al ice@contoso.com`, `sip:a<b@…`, `…;;`), which
 * then failed only after the socket was open: settings are checked with this first.
 */
export function isParsableSipUri(text: string): boolean {
  const uri = Grammar.URIParse(text.trim());
  return uri !== undefined && Boolean(uri.user) && Boolean(uri.host);
}
