/**
 * One HTTPS request of Lync Autodiscover or the Web Ticket service: TLS verified with the same
 * trust as SIP (buildTlsOptions), the reply's body capped, the whole bounded by a timeout and an
 * AbortSignal. Redirects are not followed here (Autodiscover follows its own `Redirect` links).
 */
import type * as http from 'node:http';
import * as https from 'node:https';
import { LyncError } from '../../common/errors';
import { buildTlsOptions, TlsSettings } from '../transport/tlsOptions';

/** Largest reply body read; a longer one fails the request (every reply is hostile). */
export const MAX_HTTP_BODY_BYTES = 64 * 1024;
/** Most header lines kept from a reply. */
const MAX_HEADER_LINES = 100;

export interface HttpsRequest {
  url: URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  tls?: TlsSettings;
  timeoutMs: number;
  signal?: AbortSignal;
  /** A keep-alive agent when several requests must share one connection (connection-oriented NTLM). */
  agent?: https.Agent;
}

export interface HttpsReply {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: ReadonlyMap<string, string>;
  body: string;
}

export function httpsFetch(request: HttpsRequest): Promise<HttpsReply> {
  if (request.url.protocol !== 'https:') return Promise.reject(new LyncError('ProtocolError', 'Only https URLs are followed.'));
  if (request.signal?.aborted) return Promise.reject(new LyncError('Aborted', 'Server discovery was cancelled.'));
  const tls = buildTlsOptions(request.tls, request.url.hostname);
  return new Promise<HttpsReply>((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const req = https.request(request.url, {
      method: request.method ?? 'GET',
      headers: { ...request.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
      agent: request.agent ?? false,
      servername: tls.servername,
      rejectUnauthorized: true,
      minVersion: tls.minVersion,
      secureContext: tls.secureContext,
      maxHeaderSize: 16 * 1024,
    } as https.RequestOptions);
    const timer = setTimeout(() => req.destroy(new LyncError('Timeout', 'timeout')), request.timeoutMs);
    const onAbort = () => req.destroy(new LyncError('Aborted', 'Server discovery was cancelled.'));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    req.on('error', (error) => { done(); reject(error); });
    req.on('response', (res) => {
      res.on('error', (error) => { done(); reject(error); });
      readReply(res, req, (reply) => { done(); resolve(reply); });
    });
    req.end(body);
  });
}

function readReply(res: http.IncomingMessage, req: http.ClientRequest, resolve: (reply: HttpsReply) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_HTTP_BODY_BYTES) req.destroy(new LyncError('ProtocolError', `reply larger than ${MAX_HTTP_BODY_BYTES} bytes`));
    else chunks.push(chunk);
  });
  res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: headerMap(res.rawHeaders), body: Buffer.concat(chunks).toString('utf8') }));
}

function headerMap(raw: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length && i < MAX_HEADER_LINES * 2; i += 2) {
    const name = raw[i].toLowerCase();
    const previous = map.get(name);
    map.set(name, previous === undefined ? raw[i + 1] : `${previous}, ${raw[i + 1]}`);
  }
  return map;
}

/** The short reason a request failed, for `lookups`: NXDOMAIN, refused, timeout, a TLS error, or the message. */
export function httpFailureLabel(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { code?: string };
  if (e.code === 'ENOTFOUND') return 'NXDOMAIN';
  if (e.code === 'EAI_AGAIN') return 'name lookup failed (EAI_AGAIN)';
  if (e.code === 'ECONNREFUSED') return 'refused';
  if (e.code === 'ECONNRESET') return 'connection reset';
  if (LyncError.is(error)) return error.message;
  if (typeof e.code === 'string' && /CERT|SSL|TLS|SELF_SIGNED|HOSTNAME/i.test(e.code)) return `TLS error (${e.code})`;
  return e.code ?? (error instanceof Error ? error.message : 'failed');
}
