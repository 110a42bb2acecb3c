/**
 * The simulated Lync Autodiscover service and Web Ticket service on one HTTPS listener (certificate
 * simulator/pki/web.pem: lyncdiscoverinternal, lyncdiscover, lyncwebint, lyncwebext). As a Lync
 * Server 2013 front end: the root resource (anonymous) links to the User resource; the User resource
 * wants a web ticket (401 + X-MS-WebTicketURL); the Web Ticket service authenticates with HTTP NTLM
 * and issues one; with it the User resource names the SIP servers (the pool, or the Director when
 * there is one, inside; the Access Edge's conventional `sip.<domain>:443` outside). Reached through
 * `lyncdiscover.` / `lyncwebext.` it answers `AccessLocation="External"`, else "Internal".
 * With `autodiscoverRedirect` the bare root answers with a `Redirect` link to the service's own root.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';
import type { PoolConfig } from '../config';
import {
  Access, AUTODISCOVER_CONTENT_TYPE, AUTODISCOVER_SVC, Link, rootDocument, userDocument, WEBTICKET_AUTH, WEBTICKET_SVC, webTicketMetadata,
} from './documents';
import { Reply, WebTicketService } from './webTicketService';

const MAX_REQUEST_BODY = 64 * 1024;

export interface AutodiscoverSipServers {
  /** What `SipClientInternalAccess` names (the Director when there is one, else the pool). */
  internal(): Access;
  /** What `SipClientExternalAccess` names. */
  external(): Access;
}

export class AutodiscoverService {
  private readonly webTicket: WebTicketService;

  private constructor(private readonly config: PoolConfig, private readonly server: https.Server, private readonly sip: AutodiscoverSipServers,
    private readonly note: (line: string) => void) {
    this.webTicket = new WebTicketService(config, note);
  }

  static async start(config: PoolConfig, sip: AutodiscoverSipServers, note: (line: string) => void): Promise<AutodiscoverService> {
    const server = https.createServer({
      key: readFileSync(join(config.pkiDir, 'web-key.pem')),
      cert: readFileSync(join(config.pkiDir, 'web.pem')),
      keepAliveTimeout: 10_000,
    });
    const service = new AutodiscoverService(config, server, sip, note);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => service.receive(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.autodiscoverPort, config.autodiscoverHost, () => resolve());
    });
    return service;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const reply = size > MAX_REQUEST_BODY ? { status: 413, headers: {}, body: '' } : this.route(req, Buffer.concat(chunks).toString('utf8'));
      this.note(`autodiscover: ${req.method ?? '?'} https://${hostOf(req)}${(req.url ?? '').slice(0, 200)} → ${reply.status}`);
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
    });
  }

  private route(req: http.IncomingMessage, body: string): Reply {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const external = /^(lyncdiscover|lyncwebext)\./.test(hostOf(req));
    const base = `https://${external ? 'lyncwebext' : 'lyncwebint'}.${this.config.domain}${this.port === 443 ? '' : `:${this.port}`}`;
    const sipuri = url.searchParams.get('sipuri') ?? '';
    const query = sipuri ? `?sipuri=${encodeURIComponent(sipuri)}` : '';
    if (req.method === 'GET' && url.pathname === '/' && this.config.autodiscoverRedirect) {
      return autodiscoverReply(rootDocument([{ token: 'Redirect', href: `${base}${AUTODISCOVER_SVC}${query}` }]));
    }
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === AUTODISCOVER_SVC)) return autodiscoverReply(rootDocument(rootLinks(base, query)));
    if (req.method === 'GET' && url.pathname === `${AUTODISCOVER_SVC}/user`) return this.user(req, base, external);
    if (req.method === 'GET' && url.pathname === `${WEBTICKET_SVC}/mex`) return { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: webTicketMetadata(base) };
    if (req.method === 'POST' && url.pathname === WEBTICKET_AUTH) return this.webTicket.issue(req, body, `${base}${WEBTICKET_SVC}`);
    return { status: 404, headers: {}, body: '' };
  }

  private user(req: http.IncomingMessage, base: string, external: boolean): Reply {
    const header = req.headers['x-ms-webticket'];
    const user = this.webTicket.userOf(Array.isArray(header) ? header[0] : header);
    if (!user) {
      return {
        status: 401,
        headers: {
          'X-MS-WebTicketURL': `${base}${WEBTICKET_SVC}`,
          'WWW-Authenticate': `MsRtcOAuth href="${base}/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`,
        },
        body: '',
      };
    }
    const links: Link[] = [
      { token: 'Internal/Autodiscover', href: `https://lyncwebint.${this.config.domain}${AUTODISCOVER_SVC}` },
      { token: 'External/Autodiscover', href: `https://lyncwebext.${this.config.domain}${AUTODISCOVER_SVC}` },
    ];
    const accessLocation = external ? 'External' : 'Internal';
    return autodiscoverReply(userDocument({ accessLocation, internal: this.sip.internal(), external: this.sip.external(), links }));
  }
}

function rootLinks(base: string, query: string): Link[] {
  return [
    { token: 'Domain', href: `${base}${AUTODISCOVER_SVC}/domain${query}` },
    { token: 'User', href: `${base}${AUTODISCOVER_SVC}/user${query}` },
    { token: 'Self', href: `${base}${AUTODISCOVER_SVC}${query}` },
    { token: 'OAuth', href: `${base}/WebTicket/oauthtoken` },
  ];
}

function autodiscoverReply(body: string): Reply {
  return { status: 200, headers: { 'Content-Type': AUTODISCOVER_CONTENT_TYPE, 'Cache-Control': 'no-cache' }, body };
}

function hostOf(req: http.IncomingMessage): string {
  return (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase().slice(0, 253);
}
