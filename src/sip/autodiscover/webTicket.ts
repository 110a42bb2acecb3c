/**
 * A web ticket for an Autodiscover User resource ([MS-OCDISCWS]; docs/protocol/registration.md#discovery):
 * the Web Ticket service's metadata names its Windows-authenticated endpoint
 * (`service/port name="WebTicketServiceWinNegotiate"`), a WS-Trust RequestSecurityToken is posted
 * there with HTTP authentication (httpAuth.ts), and the answer's SAML Assertion is the ticket.
 * The ticket is a secret: it is returned, never logged.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as https from 'node:https';
import { LyncError } from '../../common/errors';
import { escapeXml, parseXml, XmlElement } from '../../common/xml';
import type { TlsSettings } from '../transport/tlsOptions';
import { safeHttpsUrl } from './autodiscoverXml';
import { challengeData, chooseHttpAuthScheme, HttpCredential, offeredSchemes } from './httpAuth';
import { httpsFetch, HttpsReply } from './httpsFetch';

export const WS_TRUST_ISSUE = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue';
const METADATA_LIMITS = { maxBytes: 64 * 1024, maxDepth: 16, maxElements: 2000 };
const TOKEN_LIMITS = { maxBytes: 64 * 1024, maxDepth: 24, maxElements: 2000 };
const MAX_AUTH_LEGS = 3;

export interface WebTicketRequest {
  /** The `X-MS-WebTicketURL` of the 401. */
  service: URL;
  /** The resource the ticket is for (the User resource). */
  appliesTo: URL;
  sipUri: string;
  /** The user's SIP domain: the password only authenticates to hosts in it (a Redirect may lead elsewhere). */
  domain: string;
  credential?: HttpCredential;
  tls?: TlsSettings;
  signal?: AbortSignal;
  /** Each request's timeout, asked before each request (the caller's remaining bound). */
  timeoutMs: () => number;
  /** One line per step, for the log and the final error. */
  step: (line: string) => void;
}

/** The SAML Assertion (raw XML) the Web Ticket service issued. */
export async function requestWebTicket(request: WebTicketRequest): Promise<string> {
  const endpoint = await windowsAuthEndpoint(request);
  if (!inDomain(endpoint.hostname, request.domain)) {
    throw new LyncError('AuthenticationFailed', `the Web Ticket service ${endpoint.hostname} is not in ${request.domain}: the password is not sent there`);
  }
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const reply = await postAuthenticated(request, endpoint, agent, requestSecurityToken(endpoint, request));
    if (reply.status !== 200) throw new LyncError('AuthenticationFailed', `the Web Ticket service answered HTTP ${reply.status}${soapFault(reply.body)}`);
    const assertion = samlAssertion(reply.body);
    request.step(`Web Ticket ${endpoint.href}: ticket issued`);
    return assertion;
  } finally {
    agent.destroy();
  }
}

/** Whether `host` is `domain` or a name under it. */
export function inDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/\.$/, '');
  return h === d || h.endsWith(`.${d}`);
}

/** GET <service>/mex: the `WebTicketServiceWinNegotiate` port's address. */
async function windowsAuthEndpoint(request: WebTicketRequest): Promise<URL> {
  const mex = new URL(`${request.service.href.replace(/\/+$/, '')}/mex`);
  const reply = await httpsFetch({ url: mex, tls: request.tls, signal: request.signal, timeoutMs: request.timeoutMs() });
  if (reply.status !== 200) throw new LyncError('ProtocolError', `the Web Ticket metadata ${mex.href} answered HTTP ${reply.status}`);
  const services = parseXml(reply.body, METADATA_LIMITS).children.filter((c) => c.name === 'service');
  const port = services.flatMap((s) => s.children).find((p) => p.name === 'port' && p.attrs.name === 'WebTicketServiceWinNegotiate');
  const location = safeHttpsUrl(port?.children.find((a) => a.name === 'address')?.attrs.location);
  if (!location) throw new LyncError('ProtocolError', `the Web Ticket metadata ${mex.href} names no usable WebTicketServiceWinNegotiate address`);
  request.step(`Web Ticket metadata ${mex.href}: WebTicketServiceWinNegotiate at ${location.href}`);
  return location;
}

/** POSTs `body`, answering the service's 401 challenges on one connection; the final reply. */
async function postAuthenticated(request: WebTicketRequest, url: URL, agent: https.Agent, body: string): Promise<HttpsReply> {
  const headers = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${WS_TRUST_ISSUE}"` };
  const post = (authorization?: string) => httpsFetch({
    url, method: 'POST', body, agent, tls: request.tls, signal: request.signal, timeoutMs: request.timeoutMs(),
    headers: { ...headers, ...(authorization ? { Authorization: authorization } : {}) },
  });
  let reply = await post();
  if (reply.status !== 401) return reply;
  const offers = offeredSchemes(reply.headers.get('www-authenticate'));
  const scheme = await chooseHttpAuthScheme(offers, request.credential, url.hostname, request.step);
  if (!scheme) throw new LyncError('AuthenticationFailed', `the Web Ticket service offers ${offers.join(', ') || 'no authentication scheme'}, none this client can answer${request.credential ? '' : ' without a password'}`);
  try {
    reply = await post(scheme.initial());
    for (let leg = 0; reply.status === 401 && leg < MAX_AUTH_LEGS; leg++) {
      const data = challengeData(reply.headers.get('www-authenticate'), scheme.name);
      if (!data) throw scheme.refused?.() ?? new LyncError('AuthenticationFailed', `the Web Ticket service refused ${scheme.name} authentication (wrong user name or password?)`);
      reply = await post(scheme.respond(data));
    }
    if (reply.status === 200) scheme.finish?.(challengeData(reply.headers.get('www-authenticate'), scheme.name));
  } finally {
    scheme.dispose?.();
  }
  return reply;
}

function requestSecurityToken(endpoint: URL, request: WebTicketRequest): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing"',
    ' xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"',
    ' xmlns:auth="http://schemas.xmlsoap.org/ws/2006/12/authorization">',
    `<s:Header><wsa:Action s:mustUnderstand="1">${WS_TRUST_ISSUE}</wsa:Action>`,
    `<wsa:To s:mustUnderstand="1">${escapeXml(endpoint.href)}</wsa:To><wsa:MessageID>urn:uuid:${randomUUID()}</wsa:MessageID></s:Header>`,
    `<s:Body><wst:RequestSecurityToken Context="${randomUUID()}">`,
    '<wst:TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1</wst:TokenType>',
    '<wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>',
    `<wsp:AppliesTo><wsa:EndpointReference><wsa:Address>${escapeXml(request.appliesTo.href)}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>`,
    '<wst:Claims Dialect="urn:component:Microsoft.Rtc.WebAuthentication.2010:authclaims">',
    '<auth:ClaimType Uri="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/uri" Optional="false">',
    `<auth:Value>${escapeXml(request.sipUri)}</auth:Value></auth:ClaimType></wst:Claims>`,
    `<wst:Entropy><wst:BinarySecret>${randomBytes(32).toString('base64')}</wst:BinarySecret></wst:Entropy>`,
    '<wst:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/SymmetricKey</wst:KeyType>',
    '</wst:RequestSecurityToken></s:Body></s:Envelope>',
  ].join('');
}

/** The first SAML `Assertion` element of the answer, as raw XML (checked to parse, bounded). */
export function samlAssertion(body: string): string {
  const tree = parseXml(body, TOKEN_LIMITS);
  if (!findElement(tree, 'Assertion', 0)) throw new LyncError('ProtocolError', 'the Web Ticket service answered without a SAML Assertion');
  const raw = /<((?:[A-Za-z_][\w.-]{0,30}:)?)Assertion[\s/>][\s\S]*?<\/\1Assertion\s*>/.exec(body)?.[0];
  if (!raw) throw new LyncError('ProtocolError', 'the Web Ticket service answered with an Assertion this client cannot read');
  return raw;
}

function findElement(element: XmlElement, name: string, depth: number): XmlElement | undefined {
  if (element.name === name) return element;
  if (depth > TOKEN_LIMITS.maxDepth) return undefined;
  for (const child of element.children) {
    const found = findElement(child, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** ` (fault: …)` from a SOAP fault's reason text, bounded and single-line; '' when none. */
function soapFault(body: string): string {
  try {
    const text = findElement(parseXml(body, TOKEN_LIMITS), 'faultstring', 0)?.text ?? findElement(parseXml(body, TOKEN_LIMITS), 'Text', 0)?.text;
    return text ? ` (fault: ${text.replace(/[^\x20-\x7e]+/g, ' ').trim().slice(0, 200)})` : '';
  } catch {
    return '';
  }
}
