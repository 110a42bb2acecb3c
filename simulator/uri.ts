/** SIP URI helpers shared by the pool's files. */
import { uriOfNameAddr } from '../src/sip/message/rawMessage';

/** `sip:user@host` in lower case, without display name, parameters or port (sips: → sip:). */
export function aorOf(uriOrNameAddr: string): string {
  const bare = uriOfNameAddr(uriOrNameAddr).split(';')[0].split('?')[0];
  const withScheme = /^sips?:/i.test(bare) ? bare.replace(/^sips:/i, 'sip:') : `sip:${bare}`;
  return withScheme.replace(/:\d+$/, '').toLowerCase();
}
