/**
 * sip.js's incoming message objects, built the way `Core.Parser.parseMessage` builds them but with
 * the grammar run only where its answer is not already known.
 *
 * Why: sip.js runs its generated grammar on the start line and on 8-9 headers of every message. Our
 * build memoises the grammar (scripts/sipjsGrammar.cjs), so the values a dialog repeats (start line,
 * From, To, Call-ID, Content-Type, Max-Forwards) are nearly free, but three headers change in every
 * message — the Via branch, the CSeq number and the Content-Length — and each miss costs a full
 * grammar run. Each of those three is parsed here as a *template*: the changing token replaced by a
 * fixed one of the same kind (a token for a token, digits for digits), which the memo answers, and
 * the real token written back into the copy. The grammar is a pure function and treats any token
 * (or digit run) in that position alike, so the result is what the grammar gives for the real value.
 *
 * Anything unusual — folded or bare-LF lines, a second branch, a header sip.js refuses — is handed
 * to `Core.Parser.parseMessage` itself, so every failure behaves exactly as sip.js's own. The
 * protocol test `sipjsGrammar.test.ts` compares both on a corpus of real and simulated messages and
 * on generated Via/CSeq/Content-Length values.
 */
import { Core, Grammar } from 'sip.js';

export type SipjsIncoming = Core.IncomingRequestMessage | Core.IncomingResponseMessage;

const TOKEN_RUN = /^[A-Za-z0-9\-.!%*_+`'~]+/;
/** `;branch=` exactly as almost every stack writes it (no spaces around `;` or `=`). */
const BRANCH = /;branch=/gi;
const DIGITS = /^\d{1,10}/;
const STARTS_WITH_SPACE = /^\s/;
const PLACEHOLDER_BRANCH = 'z9hG4bKsipjsMessageTemplate';

/** Parses `text` as sip.js would; undefined when sip.js would refuse it (it may also throw, as sip.js does). */
export function parseSipjsMessage(text: string, logger: Core.Logger): SipjsIncoming | undefined {
  return buildSipjsMessage(text) ?? Core.Parser.parseMessage(text, logger);
}

/** The message, or undefined when this is not the plain case (the caller then asks sip.js itself). */
export function buildSipjsMessage(data: string): SipjsIncoming | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = data.slice(0, end).split('\r\n');
  const first = lines[0] as string;
  if (first.includes('\n')) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- sip.js's grammar returns an untyped data object
  const start: any = Grammar.parse(first, 'Request_Response');
  if (start === -1) return undefined;
  let message: SipjsIncoming;
  if (!start.status_code) {
    const request = new Core.IncomingRequestMessage();
    request.method = start.method;
    request.ruri = start.uri;
    message = request;
  } else {
    const response = new Core.IncomingResponseMessage();
    response.statusCode = start.status_code;
    response.reasonPhrase = start.reason_phrase;
    message = response;
  }
  message.data = data;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    // folded lines and stray CR/LF: sip.js joins and splits those its own way
    if (STARTS_WITH_SPACE.test(line) || line.includes('\n') || line.includes('\r')) return undefined;
    const colon = line.indexOf(':');
    if (colon < 0) return undefined;
    const name = line.substring(0, colon).trim().toLowerCase();
    const value = line.substring(colon + 1).trim();
    switch (name) {
      case 'via':
      case 'v':
        if (!via(message, value)) return undefined;
        break;
      case 'cseq': {
        const parsed = templated(value, 'CSeq', DIGITS, '1', (result, digits) => { result.value = parseInt(digits); return result; });
        if (parsed === undefined) return undefined;
        message.setHeader('cseq', value);
        (message.headers.CSeq as Array<{ parsed?: unknown }>)[0].parsed = parsed;
        message.cseq = parsed.value;
        if (message instanceof Core.IncomingResponseMessage) message.method = parsed.method;
        break;
      }
      case 'content-length':
      case 'l': {
        const parsed = templated(value, 'Content_Length', DIGITS, '0', (_result, digits) => parseInt(digits));
        if (parsed === undefined || DIGITS.exec(value)?.[0] !== value) return undefined;
        message.setHeader('content-length', value);
        (message.headers['Content-Length'] as Array<{ parsed?: unknown }>)[0].parsed = parsed;
        break;
      }
      default:
        if (Core.Parser.parseHeader(message, line, 0, line.length) !== true) return undefined;
    }
  }
  const bodyStart = end + 4;
  message.body = message.hasHeader('content-length')
    ? data.substr(bodyStart, Number(message.getHeader('content-length')))
    : data.substring(bodyStart);
  return message;
}

/** sip.js keeps every Via line and parses the first; the branch is the template's changing token. */
function via(message: SipjsIncoming, value: string): boolean {
  message.addHeader('via', value);
  const vias = message.headers.Via as Array<{ raw: string; parsed?: unknown }>;
  if (vias.length !== 1) return true;
  const matches = [...value.matchAll(BRANCH)];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- sip.js's grammar returns an untyped data object
  let parsed: any;
  let branch: string | undefined;
  if (matches.length === 0) {
    // no branch (an RFC 2543 stack): the value repeats, so the memo answers it as it is
    parsed = Grammar.parse(value, 'Via');
    if (parsed === -1) return false;
    branch = parsed.branch;
  } else {
    if (matches.length !== 1) return false;
    const at = (matches[0] as RegExpMatchArray).index as number + ';branch='.length;
    branch = TOKEN_RUN.exec(value.slice(at))?.[0];
    if (branch === undefined) return false;
    parsed = Grammar.parse(value.slice(0, at) + PLACEHOLDER_BRANCH + value.slice(at + branch.length), 'Via');
    if (parsed === -1 || parsed.branch !== PLACEHOLDER_BRANCH) return false;
    parsed.branch = branch;
  }
  (vias[0] as { parsed?: unknown }).parsed = parsed;
  message.via = parsed;
  message.viaBranch = branch as string;
  return true;
}

/**
 * The grammar's result for `value` by way of a template: the leading `run` of `value` replaced by
 * `placeholder` (a run of the same kind), parsed (a memo hit after the first time), then `patch`ed
 * with the real run. Undefined when `value` does not start with such a run or the template fails.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- sip.js's grammar returns an untyped data object
function templated(value: string, rule: string, run: RegExp, placeholder: string, patch: (result: any, actual: string) => any): any {
  const actual = run.exec(value)?.[0];
  if (actual === undefined) return undefined;
  const next = value.charAt(actual.length);
  if (next !== '' && /[0-9]/.test(next)) return undefined;
  const result = Grammar.parse(placeholder + value.slice(actual.length), rule);
  return result === -1 ? undefined : patch(result, actual);
}
