import { Core } from 'sip.js';
import { escapeLine } from '../common/escape';
import { Logger } from '../common/logger';
import { headerParam, RawSipMessage } from './message/rawMessage';
import { parseSipjsMessage } from './message/sipjsMessage';

/**
 * What sip.js cannot take. Its parser refuses some messages our framer accepts (a reason phrase
 * with control characters, an empty CSeq) and its core throws on others (`BYE p:p SIP/2.0`). Such
 * input is logged at warn with its (escaped) start line; a request we can still identify is
 * answered 400, anything else is dropped. A response whose only fault is its reason phrase is
 * read with the phrase cleaned, so e.g. a 403 ends the sign-in at once instead of by timeout.
 */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

export function parseIncoming(raw: RawSipMessage, sipLogger: Core.Logger): Core.IncomingRequestMessage | Core.IncomingResponseMessage | undefined {
  const parse = (text: string) => {
    try {
      return parseSipjsMessage(text, sipLogger);
    } catch {
      return undefined;
    }
  };
  let message = parse(raw.text);
  if (!message && !raw.isRequest) {
    // Control characters in the reason phrase or a header value (e.g. ms-diagnostics): read it with them replaced.
    const end = raw.text.indexOf('\r\n\r\n');
    const head = end < 0 ? raw.text : raw.text.slice(0, end);
    if (HAS_CONTROL.test(head.replace(/\r\n/g, '')) || /^SIP\/2\.0 \d{3} /.test(head)) {
      const lines = head.split('\r\n').map((line) => line.replace(CONTROL, '?'));
      // RFC 3261 §25.1 Reason-Phrase: reserved / unreserved / escaped / UTF-8 / SP / HTAB — nothing else survives
      lines[0] = lines[0].replace(/^(SIP\/2\.0 \d{3} )(.*)$/, (_, status: string, reason: string) => status + reason.replace(/[^A-Za-z0-9 \t;/?:@&=+$,\-_.!~*'()%\u00a0-\uffff]/g, '?'));
      message = parse(lines.join('\r\n') + (end < 0 ? '' : raw.text.slice(end)));
    }
  }
  return message;
}

/** Logs the rejected message and, for an identifiable request (not ACK), returns a 400 to send. */
export function rejectMalformed(raw: RawSipMessage, why: string, logger: Logger): string | undefined {
  logger.warn(`malformed SIP message (${escapeLine(why).slice(0, 200)}): ${escapeLine(raw.startLine).slice(0, 200)}`);
  if (!raw.isRequest || raw.method === 'ACK') return undefined;
  const vias = raw.headerAll('via');
  const from = raw.header('from');
  const to = raw.header('to');
  const callId = raw.header('call-id');
  const cseq = raw.header('cseq');
  if (!vias.length || !from || !to || !callId || !cseq || !/^\s*\d+\s+\S+\s*$/.test(cseq)) return undefined;
  const safe = (v: string) => v.replace(CONTROL, '');
  return [
    'SIP/2.0 400 Bad Request',
    ...vias.map((v) => `Via: ${safe(v)}`),
    `From: ${safe(from)}`,
    `To: ${safe(to)}${headerParam(to, 'tag') === undefined ? ';tag=malformed' : ''}`,
    `Call-ID: ${safe(callId)}`,
    `CSeq: ${safe(cseq)}`,
    'Content-Length: 0',
    '', '',
  ].join('\r\n');
}
