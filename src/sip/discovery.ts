import { promises as dns } from 'node:dns';
import { LyncError } from '../common/errors';
import type { Logger } from '../common/logger';
import { autodiscover, AutodiscoverResult } from './autodiscover/autodiscover';
import { SANE_HOST_NAME } from './autodiscover/autodiscoverXml';
import type { HttpCredential } from './autodiscover/httpAuth';
import type { ConnectTarget, SipTransportKind } from './transport/connect';
import type { TlsSettings } from './transport/tlsOptions';

export interface DiscoveryInput {
  /** The SIP domain, from the user's URI. */
  domain: string;
  /** Explicit `host[:port]`; skips DNS. */
  server?: string;
  transport: SipTransportKind;
  /** The user's `sip:` URI: with it (and TLS), Lync Autodiscover runs before DNS. */
  sipUri?: string;
  /** For the Autodiscover web ticket (HTTP NTLM). */
  credential?: HttpCredential;
  /** The same trust as SIP, for Autodiscover's HTTPS. */
  tls?: TlsSettings;
}

export interface SrvAnswer { name: string; port: number; priority: number; weight: number }

/** The servers to try, in order, and what discovery looked up to find them (for the final error). */
export interface ServerList {
  targets: ConnectTarget[];
  /**
   * One line per Autodiscover request and DNS name asked, with its answer or failure, e.g.
   * `SRV _sip._tls.contoso.com: NXDOMAIN`.
   */
  lookups: string[];
  /** True when the list came from discovery (each target gets a short timeout, the whole a bound). */
  discovered: boolean;
}

/** One step of discovery: a DNS SRV name to ask, or a well-known host:port to try. */
export type DiscoveryStep =
  | { kind: 'srv'; name: string }
  | { kind: 'host'; host: string; port: number };

export const DEFAULT_PORT: Record<SipTransportKind, number> = { tls: 5061, tcp: 5060 };
/** How long discovery (lookups and connection attempts together) may take with nothing answering. */
export const DISCOVERY_BOUND_MS = 15_000;
/** Each discovered target's connect timeout (an explicit server keeps the endpoint's own). */
export const DISCOVERED_CONNECT_TIMEOUT_MS = 3_000;
const SRV_TIMEOUT_MS = 2_000;
/** Answers are hostile: at most this many records per name, and only plain host names. */
const MAX_RECORDS_PER_NAME = 16;

/** Parses `host[:port]` (IPv6 in brackets), filling the transport's default port. */
export function parseServer(server: string, transport: SipTransportKind): ConnectTarget {
  const match = /^\s*(?:\[([^\]]+)\]|([^:\s]+))(?::(\d{1,5}))?\s*$/.exec(server);
  const port = match?.[3] ? Number(match[3]) : DEFAULT_PORT[transport];
  const host = match?.[1] ?? match?.[2];
  if (!host || !(port > 0 && port < 65536)) {
    throw new LyncError('InvalidSettings', `"${server}" is not a valid server; use host or host:port, e.g. pool0.contoso.com:5061.`);
  }
  return { host, port, transport };
}

/** A list of one explicit server: the `server` setting, `--server`, a trusted application's proxy. */
export function explicitServer(target: ConnectTarget): ServerList {
  return { targets: [target], lookups: [], discovered: false };
}

/**
 * The DNS steps in the Lync 2013 client's order (docs/protocol/registration.md#discovery), after the `server`
 * setting and Lync Autodiscover, which come first and are not DNS steps:
 *   SRV `_sipinternaltls._tcp`, `_sipinternal._tcp` (TCP only), `_sip._tls`, `_sip._tcp` (TCP only);
 *   then the host-name fallbacks (Microsoft KB 2619522) `sipinternal.<domain>:5061`,
 *   `sipexternal.<domain>:443`, `sip.<domain>:443`, then `sip.<domain>:5061` and the bare domain.
 */
export function discoverySteps(domain: string, transport: SipTransportKind): DiscoveryStep[] {
  if (transport === 'tcp') {
    return [
      { kind: 'srv', name: `_sipinternal._tcp.${domain}` },
      { kind: 'srv', name: `_sip._tcp.${domain}` },
      ...[`sipinternal.${domain}`, `sip.${domain}`, domain].map((host): DiscoveryStep => ({ kind: 'host', host, port: DEFAULT_PORT.tcp })),
    ];
  }
  return [
    { kind: 'srv', name: `_sipinternaltls._tcp.${domain}` },
    { kind: 'srv', name: `_sip._tls.${domain}` },
    { kind: 'host', host: `sipinternal.${domain}`, port: 5061 },
    { kind: 'host', host: `sipexternal.${domain}`, port: 443 },
    { kind: 'host', host: `sip.${domain}`, port: 443 },
    { kind: 'host', host: `sip.${domain}`, port: 5061 },
    { kind: 'host', host: domain, port: 5061 },
  ];
}

/**
 * Turns the steps and the SRV answers (by name; a name without answers is absent) into the targets
 * to try, in order: each SRV name's records by priority then weight, then the host fallbacks; each
 * host:port once.
 */
export function orderTargets(steps: readonly DiscoveryStep[], answers: ReadonlyMap<string, readonly SrvAnswer[]>, transport: SipTransportKind): ConnectTarget[] {
  const targets: ConnectTarget[] = [];
  for (const step of steps) {
    if (step.kind === 'host') {
      targets.push({ host: step.host, port: step.port, transport });
      continue;
    }
    const records = (answers.get(step.name) ?? []).filter(isSaneRecord).slice(0, MAX_RECORDS_PER_NAME).sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    for (const r of records) targets.push({ host: r.name.replace(/\.$/, ''), port: r.port, transport });
  }
  return dedupe(targets);
}

/**
 * The servers to try: the explicit server; else the servers Lync Autodiscover names (when the
 * user's URI is known and the transport is TLS), then the DNS SRV answers and host fallbacks of
 * `discoverySteps`, each host:port once. Autodiscover and the SRV queries run side by side; every
 * request and lookup is logged and kept in `lookups`; all of it is bounded and cancellable.
 */
export async function discoverServers(input: DiscoveryInput, options: { signal?: AbortSignal; logger?: Logger } = {}): Promise<ServerList> {
  // 1. The `server` setting / --server.
  if (input.server?.trim()) return explicitServer(parseServer(input.server, input.transport));
  // 2. Lync Autodiscover ([MS-OCDISCWS]), alongside 3. DNS: the SRV names, then the host-name fallbacks.
  const steps = discoverySteps(input.domain, input.transport);
  const names = steps.flatMap((s) => (s.kind === 'srv' ? [s.name] : []));
  const [found, results] = await Promise.all([runAutodiscover(input, options), resolveAll(names, options.signal)]);
  const answers = new Map<string, SrvAnswer[]>();
  const lookups = names.map((name, i) => {
    const result = results[i];
    if (Array.isArray(result)) answers.set(name, result);
    const line = `SRV ${name}: ${Array.isArray(result) ? describeAnswers(result) : result}`;
    options.logger?.debug(`discovery: ${line}`);
    return line;
  });
  const first = found.servers.map((s): ConnectTarget => ({ host: s.fqdn, port: s.port, transport: input.transport }));
  return { targets: dedupe([...first, ...orderTargets(steps, answers, input.transport)]), lookups: [...found.lookups, ...lookups], discovered: true };
}

/** Autodiscover when it applies (a known URI over TLS: its servers are TLS servers); else nothing. */
async function runAutodiscover(input: DiscoveryInput, options: { signal?: AbortSignal; logger?: Logger }): Promise<AutodiscoverResult> {
  if (!input.sipUri || input.transport !== 'tls') return { servers: [], lookups: [] };
  return autodiscover({ domain: input.domain, sipUri: input.sipUri, credential: input.credential, tls: input.tls }, options);
}

/** The answers to each SRV name (asked together, answers kept in order), or the failure as text. */
async function resolveAll(names: readonly string[], signal?: AbortSignal): Promise<(SrvAnswer[] | string)[]> {
  if (signal?.aborted) throw new LyncError('Aborted', 'Server discovery was cancelled.');
  const resolver = new dns.Resolver({ timeout: SRV_TIMEOUT_MS, tries: 1 });
  const onAbort = () => resolver.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const results = await Promise.all(names.map((name) => resolver.resolveSrv(name).catch((error: NodeJS.ErrnoException) => dnsFailure(error))));
    if (signal?.aborted) throw new LyncError('Aborted', 'Server discovery was cancelled.');
    return results;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function dnsFailure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case dns.NOTFOUND: return 'NXDOMAIN';
    case dns.NODATA: return 'no SRV record';
    case dns.TIMEOUT: return 'timeout';
    case dns.CONNREFUSED: return 'DNS server refused';
    default: return error.code ?? 'failed';
  }
}

function isSaneRecord(r: SrvAnswer): boolean {
  return SANE_HOST_NAME.test(r.name) && Number.isInteger(r.port) && r.port > 0 && r.port < 65536;
}

function describeAnswers(records: readonly SrvAnswer[]): string {
  const sane = records.filter(isSaneRecord);
  if (sane.length === 0) return 'no usable SRV record';
  return sane.slice(0, MAX_RECORDS_PER_NAME).map((r) => `${r.name.replace(/\.$/, '')}:${r.port}`).join(', ');
}

function dedupe(targets: ConnectTarget[]): ConnectTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.host.toLowerCase()}:${t.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
