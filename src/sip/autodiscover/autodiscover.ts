/**
 * Lync Autodiscover ([MS-OCDISCWS]; docs/protocol/registration.md#discovery), the step before DNS
 * when no server is set: `https://lyncdiscoverinternal.<domain>/?sipuri=<user@domain>`, then
 * `https://lyncdiscover.<domain>/…`; `Redirect` and `User` links followed (https only, a bounded
 * number of hops); a User resource answering 401 with `X-MS-WebTicketURL` fetched again with a
 * web ticket (webTicket.ts). Its answer's `SipClientInternalAccess` and `SipClientExternalAccess`
 * become the first servers to try. Every step is logged and kept for the final error; the whole is
 * bounded (AUTODISCOVER_BOUND_MS) and cancellable.
 */
import { LyncError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import type { TlsSettings } from '../transport/tlsOptions';
import { AutodiscoverDocument, parseAutodiscoverDocument, safeHttpsUrl, SipAccess } from './autodiscoverXml';
import type { HttpCredential } from './httpAuth';
import { httpFailureLabel, httpsFetch, HttpsReply } from './httpsFetch';
import { requestWebTicket } from './webTicket';

export const AUTODISCOVER_ACCEPT = 'application/vnd.microsoft.rtc.autodiscover+xml;v=1';
/** How long Autodiscover (both names, every hop, the web ticket) may take before DNS discovery goes on alone. */
export const AUTODISCOVER_BOUND_MS = 6_000;
/** Each HTTPS request's timeout (less when the bound is nearer). */
const REQUEST_TIMEOUT_MS = 3_000;
/** Redirect and User links followed from one starting name, the web ticket retry included. */
export const MAX_AUTODISCOVER_HOPS = 6;

export interface AutodiscoverInput {
  domain: string;
  /** `sip:alice@contoso.com` */
  sipUri: string;
  /** For the web ticket; without it a User resource that needs one is a failed step. */
  credential?: HttpCredential;
  tls?: TlsSettings;
}

export interface AutodiscoverResult {
  /** The SIP servers Autodiscover named, in the order to try them; empty when it found none. */
  servers: SipAccess[];
  /** One line per request, with its outcome. */
  lookups: string[];
}

/** The two starting URLs, internal first. */
export function autodiscoverUrls(domain: string, sipUri: string): URL[] {
  const address = encodeURIComponent(sipUri.replace(/^sips?:/i, ''));
  return ['lyncdiscoverinternal', 'lyncdiscover'].map((name) => new URL(`https://${name}.${domain}/?sipuri=${address}`));
}

/**
 * The servers Autodiscover names: `SipClientInternalAccess` then `SipClientExternalAccess`, except
 * that an `AccessLocation="External"` answer (the client is outside) gives only the external one.
 */
export function serversOf(document: AutodiscoverDocument): SipAccess[] {
  const internal = document.accessLocation === 'External' ? undefined : document.internal;
  return [internal, document.external].filter((s): s is SipAccess => s !== undefined);
}

export async function autodiscover(input: AutodiscoverInput, options: { signal?: AbortSignal; logger?: Logger } = {}): Promise<AutodiscoverResult> {
  const session = new AutodiscoverSession(input, options.signal, options.logger);
  for (const start of autodiscoverUrls(input.domain, input.sipUri)) {
    const servers = await session.walk(start);
    if (servers.length > 0) return { servers, lookups: session.lookups };
  }
  return { servers: [], lookups: session.lookups };
}

/** One Autodiscover run: its deadline, its web ticket (at most one), the lines it kept. */
class AutodiscoverSession {
  readonly lookups: string[] = [];
  private readonly deadline = Date.now() + AUTODISCOVER_BOUND_MS;
  private ticket: string | undefined;
  private ticketTried = false;

  constructor(private readonly input: AutodiscoverInput, private readonly signal: AbortSignal | undefined, private readonly logger: Logger | undefined) {}

  /** Follows links from `start` until a User document names servers; [] when this name gives none. */
  async walk(start: URL): Promise<SipAccess[]> {
    const visited = new Set<string>();
    let url = start;
    for (let hop = 0; hop < MAX_AUTODISCOVER_HOPS; hop++) {
      visited.add(url.href);
      const next = await this.step(url);
      if (Array.isArray(next)) return next;
      if (next === undefined) return [];
      if (visited.has(next.href) && next.href !== url.href) {
        this.note(url, `link loop to ${next.href}`);
        return [];
      }
      url = next;
    }
    this.note(url, `not followed (more than ${MAX_AUTODISCOVER_HOPS} hops)`);
    return [];
  }

  /** One request: the servers found, the next URL to follow, or undefined (this walk ends). */
  private async step(url: URL): Promise<SipAccess[] | URL | undefined> {
    const reply = await this.get(url);
    if (!reply) return undefined;
    if (reply.status === 401 && reply.headers.has('x-ms-webticketurl') && !this.ticketTried) return this.fetchTicket(url, reply);
    if (reply.status !== 200) return this.fail(url, `HTTP ${reply.status}`);
    const type = reply.headers.get('content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/vnd.microsoft.rtc.autodiscover+xml')) return this.fail(url, `not an Autodiscover answer (content type ${JSON.stringify(type.slice(0, 60))})`);
    let document: AutodiscoverDocument;
    try {
      document = parseAutodiscoverDocument(reply.body);
    } catch (error) {
      return this.fail(url, LyncError.from(error).message);
    }
    return this.follow(url, document);
  }

  private follow(url: URL, document: AutodiscoverDocument): SipAccess[] | URL | undefined {
    const servers = serversOf(document);
    if (servers.length > 0) {
      const named = [document.internal && `SipClientInternalAccess ${document.internal.fqdn}:${document.internal.port}`,
        document.external && `SipClientExternalAccess ${document.external.fqdn}:${document.external.port}`].filter(Boolean).join(', ');
      this.note(url, `${named}${document.accessLocation ? ` (AccessLocation ${document.accessLocation})` : ''}`);
      return servers;
    }
    if (document.redirect) {
      this.note(url, `Redirect to ${document.redirect.href}`);
      return document.redirect;
    }
    if (document.user) {
      this.note(url, `User ${document.user.href}`);
      return document.user;
    }
    return this.fail(url, 'no User or Redirect link and no SIP access');
  }

  /** Gets the web ticket the 401 asks for; the same URL is then asked again with it. */
  private async fetchTicket(url: URL, reply: HttpsReply): Promise<URL | undefined> {
    this.ticketTried = true;
    const service = safeHttpsUrl(reply.headers.get('x-ms-webticketurl'));
    if (!service) return this.fail(url, 'HTTP 401 with an unusable X-MS-WebTicketURL');
    this.note(url, `HTTP 401, web ticket from ${service.href}`);
    try {
      this.ticket = await requestWebTicket({
        service, appliesTo: url, sipUri: this.input.sipUri, domain: this.input.domain, credential: this.input.credential, tls: this.input.tls, signal: this.signal,
        timeoutMs: () => this.timeoutMs(), step: (line) => this.record(line),
      });
    } catch (error) {
      if (LyncError.is(error, 'Aborted') || this.signal?.aborted) throw cancelled();
      this.record(`Web Ticket ${service.href}: ${httpFailureLabel(error)}`);
      return undefined;
    }
    return url;
  }

  private async get(url: URL): Promise<HttpsReply | undefined> {
    const timeoutMs = this.timeoutMs();
    if (timeoutMs <= 0) return this.fail(url, `not tried (Autodiscover took ${Math.round(AUTODISCOVER_BOUND_MS / 1000)} s)`);
    this.logger?.trace(`discovery: Autodiscover GET ${url.href}${this.ticket ? ' (with the web ticket)' : ''}`);
    try {
      return await httpsFetch({
        url, tls: this.input.tls, signal: this.signal, timeoutMs,
        headers: { Accept: AUTODISCOVER_ACCEPT, ...(this.ticket ? { 'X-MS-WebTicket': `opaque=${Buffer.from(this.ticket, 'utf8').toString('base64')}` } : {}) },
      });
    } catch (error) {
      if (LyncError.is(error, 'Aborted') || this.signal?.aborted) throw cancelled();
      return this.fail(url, httpFailureLabel(error));
    }
  }

  private timeoutMs(): number {
    return Math.min(REQUEST_TIMEOUT_MS, this.deadline - Date.now());
  }

  private fail(url: URL, why: string): undefined {
    this.note(url, why);
    return undefined;
  }

  private note(url: URL, what: string): void {
    this.record(`Autodiscover ${url.href}: ${what}`);
  }

  private record(line: string): void {
    this.lookups.push(line);
    this.logger?.debug(`discovery: ${line}`);
  }
}

function cancelled(): LyncError {
  return new LyncError('Aborted', 'Server discovery was cancelled.');
}
