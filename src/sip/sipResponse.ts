import type { Core } from 'sip.js';
import { parseRawMessage, RawSipMessage } from './message/rawMessage';

/** A final (or provisional) SIP response as the layers above src/sip see it: no sip.js types. */
export interface SipResponse {
  readonly statusCode: number;
  readonly reasonPhrase: string;
  /** First value of a header (any case), or undefined. */
  header(name: string): string | undefined;
  /** The whole message, parsed raw (every header value, the body bytes). */
  readonly raw: RawSipMessage;
}

/** Wraps sip.js's incoming response; the raw parse happens only when asked for. */
export function toSipResponse(message: Core.IncomingResponseMessage): SipResponse {
  let raw: RawSipMessage | undefined;
  return {
    statusCode: message.statusCode ?? 0,
    reasonPhrase: message.reasonPhrase ?? '',
    header: (name) => message.getHeader(name),
    get raw() { return (raw ??= parseRawMessage(message.data)); },
  };
}
