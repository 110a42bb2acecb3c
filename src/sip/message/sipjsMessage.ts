/**
 * sip.js's incoming message objects, built the way `Core.Parser.parseMessage` builds them but with
 * the grammar run only for what sip.js actually reads.
 *
 * Why: sip.js runs its generated grammar on the start line and on 8-9 headers of every message, and
 * every message of a busy chat room arrives this way. Two things make that unnecessary:
 * - Within a dialog the start line, From, To, Call-ID, Content-Type and Max-Forwards repeat. The
 *   grammar is a pure function, so a value it accepted once is known to be valid; what sip.js needs
 *   of it at once (the From/To tags, the CSeq method) is remembered with it.
 * - Some parts change in every message or dialog: the Via branch and sent-by port (and Lync's
 *   ms-received-port/cid), the CSeq number, the Content-Length, the From/To tags, the Call-ID. Each
 *   such value is checked as a *template* — the changing token replaced by a fixed one of the same
 *   kind (a token for a token, digits for digits), which the grammar treats alike — and the real
 *   token is what sip.js reads (viaBranch, cseq, fromTag, toTag, callId).
 * The parsed header objects (message.from, .to, .via, each header's `parsed`) are then left to
 * sip.js's own lazy IncomingMessage.parseHeader, which runs the grammar on the real value the first
 * time anything asks; sip.js reads none of them for an in-dialog request. So what sip.js sees, when
 * it looks, is exactly what its parser would have built.
 *
 * Anything unusual — folded or bare-LF lines, a second branch, a header sip.js refuses — is handed to
 * `Core.Parser.parseMessage` itself, so every failure behaves exactly as sip.js's own. The protocol
 * test `sipjsMessage.test.ts` compares both on a corpus of real and simulated messages and on
 * generated Via/CSeq/Content-Length values.
 */
import { Core, Grammar } from 'sip.js';

export type SipjsIncoming = Core.IncomingRequestMessage | Core.IncomingResponseMessage;

const TOKEN_RUN = /^[A-Za-z0-9\-.!%*_+`'~]+/;
/** `;branch=` exactly as almost every stack writes it (no spaces around `;` or `=`). */
const BRANCH = /;branch=/gi;
const DIGITS = /^\d{1,10}/;
const STARTS_WITH_SPACE = /^\s/;
const PLACEHOLDER_BRANCH = 'z9hG4bKsipjsMessageTemplate';
const PLACEHOLDER_TAG = 'sipjsMessageTemplateTag';
const SIPAE_SCHEME = /^(?:NTLM|Kerberos|TLS-DSK)\s/i;
const QUOTED_BASE64 = /"[A-Za-z0-9+/=]*"/g;
/** `;epid=` with a token value, ending the parameter (Lync's endpoint id on From/To). */
const EPID = /;epid=[A-Za-z0-9.!%*_+`'~-]+(?=[;,]|$)/;
/** `;tag=` as every stack writes it. */
const TAG = /;tag=/gi;
/** A Call-ID of RFC 3261 `word` characters only (the common alphabet), with at most one `@`. */
const PLAIN_CALL_ID = /^[A-Za-z0-9.!%*_+`'~-]+(@[A-Za-z0-9.!%*_+`'~-]+)?$/;
/**
 * Via parts that differ per connection and are not read by sip.js: the sent-by port (1-5 digits
 * after a plain host) and Lync's ms-received-port/cid generic parameters (token values).
 */
const VIA_VARIABLE_PARTS: ReadonlyArray<[RegExp, string]> = [
  [/^(SIP\/2\.0\/[A-Za-z]+ [A-Za-z0-9.-]+:)\d{1,5}(?=[;,]|$)/, '$15060'],
  [/;ms-received-port=\d{1,5}(?=[;,]|$)/, ';ms-received-port=5060'],
  [/;ms-received-cid=[0-9A-Fa-f]{1,16}(?=[;,]|$)/, ';ms-received-cid=1'],
];

/** What the grammar said of a value it accepted: the part sip.js reads at once. */
interface Known {
  /** From/To: the tag parameter. */
  tag?: string;
  /** CSeq: the method; the start line: the method (requests) or status and reason (responses). */
  method?: string;
  status?: number;
  reason?: string;
}

/** Accepted values by `rule\0value`; bounded (a dialog repeats a handful; a flood of new ones only evicts). */
const known = new Map<string, Known>();
const KNOWN_ENTRIES = 1024;

/** `value` checked by `rule` (the grammar once, then the cache); undefined when the grammar refuses it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- sip.js's grammar returns an untyped data object
function check(rule: string, value: string, describe: (parsed: any) => Known): Known | undefined {
  const key = `${rule}\0${value}`;
  let hit = known.get(key);
  if (hit === undefined) {
    const parsed = Grammar.parse(value, rule);
    if (parsed === -1) return undefined;
    hit = describe(parsed);
    if (known.size >= KNOWN_ENTRIES) known.delete(known.keys().next().value as string);
    known.set(key, hit);
  }
  return hit;
}

const NOTHING = (): Known => ({});

/**
 * check() of `generalise(value)`, remembered under `value` as well: a value seen before is one map
 * lookup, without building its more general template again.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- sip.js's grammar returns an untyped data object
function checkGeneralised(rule: string, value: string, generalise: (value: string) => string, describe: (parsed: any) => Known): Known | undefined {
  const hit = known.get(`${rule}\0${value}`);
  if (hit !== undefined) return hit;
  const checked = check(rule, generalise(value), describe);
  if (checked !== undefined) {
    if (known.size >= KNOWN_ENTRIES) known.delete(known.keys().next().value as string);
    known.set(`${rule}\0${value}`, checked);
  }
  return checked;
}

/** sip.js's IncomingMessage.setHeader, for a name whose key (headerize) is known. */
function setHeader(message: SipjsIncoming, key: string, value: string): void {
  message.headers[key] = [{ raw: value }];
}

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
  const start = check('Request_Response', first, (p) => (p.status_code ? { status: p.status_code, reason: p.reason_phrase } : { method: p.method }));
  if (start === undefined) return undefined;
  let message: SipjsIncoming;
  if (start.status === undefined) {
    const request = new Core.IncomingRequestMessage();
    request.method = start.method as string;
    // sip.js reads the Request-URI of every request (scheme, user): parsed now, a memo hit in a dialog
    request.ruri = (Grammar.parse(first, 'Request_Response') as { uri: Core.IncomingRequestMessage['ruri'] }).uri;
    message = request;
  } else {
    const response = new Core.IncomingResponseMessage();
    response.statusCode = start.status;
    response.reasonPhrase = start.reason as string;
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
    if (!header(message, name, value, line)) return undefined;
  }
  const bodyStart = end + 4;
  // set only by header() above, under the key it gave (sip.js's hasHeader/getHeader would headerize the name again)
  const contentLength = message.headers['Content-Length']?.[0]?.raw;
  message.body = contentLength !== undefined
    ? data.substr(bodyStart, Number(contentLength))
    : data.substring(bodyStart);
  return message;
}

/** One header, as sip.js's Parser.parseHeader stores it; false when this is not the plain case. */
function header(message: SipjsIncoming, name: string, value: string, line: string): boolean {
  switch (name) {
    case 'via':
    case 'v':
      return via(message, value);
    case 'from':
    case 'f':
      return nameAddr(message, 'from', value);
    case 'to':
    case 't':
      return nameAddr(message, 'to', value);
    case 'call-id':
    case 'i':
      // a plain Call-ID is valid whatever its letters: checked as the template `x` / `x@x`
      if (check('Call_ID', PLAIN_CALL_ID.test(value) ? (value.includes('@') ? 'x@x' : 'x') : value, NOTHING) === undefined) return false;
      setHeader(message, 'Call-ID', value);
      message.callId = value;
      return true;
    case 'cseq': {
      const digits = templateRun(value, DIGITS);
      const cseq = digits === undefined ? undefined : check('CSeq', `1${value.slice(digits.length)}`, (p) => ({ method: p.method }));
      if (digits === undefined || cseq === undefined) return false;
      setHeader(message, 'CSeq', value);
      message.cseq = parseInt(digits);
      if (message instanceof Core.IncomingResponseMessage) message.method = cseq.method as string;
      return true;
    }
    case 'content-length':
    case 'l':
      if (templateRun(value, DIGITS) !== value || check('Content_Length', '0', NOTHING) === undefined) return false;
      setHeader(message, 'Content-Length', value);
      return true;
    case 'content-type':
    case 'c':
      if (check('Content_Type', value, NOTHING) === undefined) return false;
      setHeader(message, 'Content-Type', value);
      return true;
    case 'max-forwards':
      if (check('Max_Forwards', value, NOTHING) === undefined) return false;
      setHeader(message, 'Max-Forwards', value);
      return true;
    case 'www-authenticate':
    case 'proxy-authenticate': {
      // MS-SIPAE challenges (NTLM, Kerberos, TLS-DSK) carry a fresh base64 blob each time. Outside
      // Digest every parameter is a generic auth-param that the grammar checks but does not keep, so
      // the template (blobs as "x") parses to what the real value parses to; sip.js reads it on a 401.
      if (!SIPAE_SCHEME.test(value)) return Core.Parser.parseHeader(message, line, 0, line.length) === true;
      const parsed: unknown = Grammar.parse(value.replace(QUOTED_BASE64, '"x"'), name === 'www-authenticate' ? 'WWW_Authenticate' : 'Proxy_Authenticate');
      if (parsed === -1) return false;
      message.setHeader(name, value);
      (message.headers[name === 'www-authenticate' ? 'WWW-Authenticate' : 'Proxy-Authenticate'] as Array<{ parsed?: unknown }>)[0].parsed = parsed;
      return true;
    }
    default:
      // Contact, Record-Route, Refer-To (rare, not per message) and the
      // headers sip.js never parses: exactly as sip.js stores them
      return Core.Parser.parseHeader(message, line, 0, line.length) === true;
  }
}

/** sip.js keeps every Via line and reads the first one's branch; the branch is the template's changing token. */
function via(message: SipjsIncoming, value: string): boolean {
  const vias = (message.headers.Via ??= []);
  vias.push({ raw: value });
  if (vias.length !== 1) return true;
  const found = onlyMatch(value, BRANCH);
  let branch: string | undefined;
  if (found === NONE) {
    // no branch (an RFC 2543 stack): the value repeats, so it is checked as it is
    const checked = check('Via', value, (p) => ({ tag: p.branch }));
    if (checked === undefined) return false;
    branch = checked.tag;
  } else {
    if (found === SEVERAL) return false;
    const at = found + ';branch='.length;
    branch = TOKEN_RUN.exec(value.slice(at))?.[0];
    if (branch === undefined) return false;
    const checked = checkGeneralised('Via', value.slice(0, at) + PLACEHOLDER_BRANCH + value.slice(at + branch.length), (template) => {
      for (const [part, placeholder] of VIA_VARIABLE_PARTS) template = template.replace(part, placeholder);
      return template;
    }, (p) => ({ tag: p.branch }));
    if (checked === undefined || checked.tag !== PLACEHOLDER_BRANCH) return false;
  }
  lazy(message, 'via');
  message.viaBranch = branch as string;
  return true;
}

/** From or To: the raw value, the tag sip.js reads at once, the NameAddrHeader left to its lazy parse. */
function nameAddr(message: SipjsIncoming, field: 'from' | 'to', value: string): boolean {
  const tag = taggedName(field === 'from' ? 'From' : 'To', value);
  if (tag === false) return false;
  setHeader(message, field === 'from' ? 'From' : 'To', value);
  lazy(message, field);
  if (field === 'from') message.fromTag = tag as string;
  else message.toTag = tag as string;
  return true;
}

/**
 * A From/To value checked with its tag as the template's changing token; the real tag (undefined
 * without one), or false when the grammar refuses the value.
 */
function taggedName(rule: 'From' | 'To', value: string): string | undefined | false {
  const found = onlyMatch(value, TAG);
  if (found >= 0) {
    const at = found + ';tag='.length;
    const tag = TOKEN_RUN.exec(value.slice(at))?.[0];
    if (tag !== undefined) {
      // Lync's endpoint id (a generic parameter, new for every endpoint) is a template part too
      const checked = checkGeneralised(rule, value.slice(0, at) + PLACEHOLDER_TAG + value.slice(at + tag.length),
        (template) => template.replace(EPID, ';epid=x'), (p) => ({ tag: p.getParam('tag') }));
      if (checked !== undefined && checked.tag === PLACEHOLDER_TAG) return tag;
    }
  }
  // no tag, an unusual one or two: checked as it is
  const checked = check(rule, value, (p) => ({ tag: p.getParam('tag') }));
  return checked === undefined ? false : checked.tag;
}

const NONE = -1;
const SEVERAL = -2;

/** Where the one match of the global `pattern` in `value` starts; NONE or SEVERAL (what matchAll would count, without its arrays). */
function onlyMatch(value: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  const first = pattern.exec(value);
  const second = first ? pattern.exec(value) : null;
  pattern.lastIndex = 0;
  if (!first) return NONE;
  return second ? SEVERAL : first.index;
}

/** The leading run of `value` matching `run`, unless the run goes on past what `run` takes. */
function templateRun(value: string, run: RegExp): string | undefined {
  const actual = run.exec(value)?.[0];
  if (actual === undefined || /^[0-9]/.test(value.charAt(actual.length))) return undefined;
  return actual;
}

/**
 * `message[field]` as sip.js's parser would have set it (the header parsed by its rule), computed by
 * sip.js's own IncomingMessage.parseHeader the first time it is read; an assignment replaces it.
 */
function lazy(message: SipjsIncoming, field: LazyField): void {
  Object.defineProperty(message, field, LAZY_FIELDS[field]);
}

type LazyField = 'from' | 'to' | 'via';

/** The accessor `lazy` puts on a message for `field`: built once per field, not per message. */
function lazyDescriptor(field: LazyField): PropertyDescriptor {
  const headerName = field === 'via' ? 'Via' : field;
  const settle = (target: SipjsIncoming, value: unknown) =>
    Object.defineProperty(target, field, { value, writable: true, enumerable: true, configurable: true });
  return {
    configurable: true,
    enumerable: true,
    get(this: SipjsIncoming) {
      const parsed: unknown = this.parseHeader(headerName);
      settle(this, parsed);
      return parsed;
    },
    set(this: SipjsIncoming, value: unknown) {
      settle(this, value);
    },
  };
}

const LAZY_FIELDS: Readonly<Record<LazyField, PropertyDescriptor>> = {
  from: lazyDescriptor('from'),
  to: lazyDescriptor('to'),
  via: lazyDescriptor('via'),
};
