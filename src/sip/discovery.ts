import { promises as dns } from 'node:dns';
import { LyncError } from '../common/errors';
import type { ConnectTarget, SipTransportKind } from './transport/connect';

export interface DiscoveryInput {
  /** The SIP domain, from the user's URI. */
  domain: string;
  /** Explicit `host[:port]`; skips DNS. */
  server?: string;
  transport: SipTransportKind;
}

export type SrvResolver = (name: string) => Promise<{ name: string; port: number; priority: number; weight: number }[]>;

export const DEFAULT_PORT: Record<SipTransportKind, number> = { tls: 5061, tcp: 5060 };

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

const SRV_NAMES: Record<SipTransportKind, readonly string[]> = {
  tls: ['_sipinternaltls._tcp', '_sip._tls'],
  tcp: ['_sipinternal._tcp', '_sip._tcp'],
};

/**
 * The servers to try, in order: the explicit server; else DNS SRV records
 * (`_sipinternaltls._tcp`, `_sip._tls` for TLS; `_sipinternal._tcp`, `_sip._tcp` for TCP),
 * then the well-known hosts `sipinternal.<domain>` and `sip.<domain>`.
 */
export async function discoverServers(input: DiscoveryInput, resolveSrv: SrvResolver = (n) => dns.resolveSrv(n)): Promise<ConnectTarget[]> {
  if (input.server?.trim()) return [parseServer(input.server, input.transport)];
  const targets: ConnectTarget[] = [];
  for (const prefix of SRV_NAMES[input.transport]) {
    try {
      const records = await resolveSrv(`${prefix}.${input.domain}`);
      records.sort((a, b) => a.priority - b.priority || b.weight - a.weight);
      for (const r of records) targets.push({ host: r.name.replace(/\.$/, ''), port: r.port, transport: input.transport });
    } catch {
      // No such record: try the next name.
    }
  }
  for (const host of [`sipinternal.${input.domain}`, `sip.${input.domain}`]) {
    targets.push({ host, port: DEFAULT_PORT[input.transport], transport: input.transport });
  }
  return dedupe(targets);
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
