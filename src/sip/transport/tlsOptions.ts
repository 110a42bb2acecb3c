import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { LyncError } from '../../common/errors';
import { secureContextFor } from './secureContext';

/** A client certificate for mutual TLS (trusted applications). */
export type ClientCertificate =
  | { cert: string | Buffer; key: string | Buffer; passphrase?: string }
  | { pfx: Buffer; passphrase?: string };

export interface TlsSettings {
  /** Extra trusted CA certificates (PEM text), added to the system and bundled stores. */
  ca?: string | Buffer;
  /** Path of a PEM file with extra trusted CA certificates. */
  caFile?: string;
  clientCertificate?: ClientCertificate;
}

/**
 * Trust = Node's bundled roots + the OS store where this Node can read it + the user's CA file.
 * Verification is never turned off.
 */
export function buildTlsOptions(settings: TlsSettings | undefined, servername: string): tls.ConnectionOptions {
  const extra: (string | Buffer)[] = [];
  const names: string[] = [];
  if (settings?.ca) { extra.push(settings.ca); names.push('The CA setting'); }
  if (settings?.caFile) {
    try {
      extra.push(readFileSync(settings.caFile));
      names.push(`The CA file ${settings.caFile}`);
    } catch (error) {
      throw new LyncError('InvalidSettings', `The CA file ${settings.caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: error });
    }
  }
  const client = settings?.clientCertificate;
  const secureContext = secureContextFor({
    roots: defaultCaCertificates,
    extraCa: extra,
    extraCaNames: names,
    ...(client ? ('pfx' in client ? { pfx: client.pfx, passphrase: client.passphrase } : { cert: client.cert, key: client.key, passphrase: client.passphrase }) : {}),
  });
  return {
    servername: isIpAddress(servername) ? undefined : servername,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    secureContext,
  };
}

type TlsWithSystemCa = typeof tls & { getCACertificates?: (type: 'default' | 'system' | 'bundled') => string[] };

/** The roots Node would use by default, plus the OS store when this Node exposes it (Node ≥ 22.15). */
function defaultCaCertificates(): string[] {
  const t = tls as TlsWithSystemCa;
  if (typeof t.getCACertificates === 'function') {
    return [...new Set([...t.getCACertificates('default'), ...t.getCACertificates('system')])];
  }
  return [...tls.rootCertificates];
}

export function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}
