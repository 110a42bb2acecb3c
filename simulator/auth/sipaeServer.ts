/** The WWW-Authenticate values a Lync server writes for MS-SIPAE (the client parses them in src/sip/auth/sipae.ts). Test bed only. */
import { randomBytes } from 'node:crypto';

/** First 401: `NTLM realm="…", targetname="…"[, version=N]`. */
export function formatNtlmOffer(p: { realm: string; targetname: string; version?: number }): string {
  return `NTLM realm="${p.realm}", targetname="${p.targetname}"${p.version !== undefined ? `, version=${p.version}` : ''}`;
}

/** Second 401: `NTLM opaque="…", gssapi-data="<CHALLENGE base64>", targetname="…", realm="…"[, version=N]`. */
export function formatNtlmChallenge(p: { opaque: string; challenge: Buffer; realm: string; targetname: string; version?: number }): string {
  return `NTLM opaque="${p.opaque}", gssapi-data="${p.challenge.toString('base64')}", targetname="${p.targetname}", realm="${p.realm}"` +
    (p.version !== undefined ? `, version=${p.version}` : '');
}

/** A Kerberos offer as Lync lists it beside NTLM: `Kerberos realm="…", targetname="sip/<fqdn>"[, version=N]`. */
export function formatKerberosOffer(p: { realm: string; fqdn: string; version?: number }): string {
  return `Kerberos realm="${p.realm}", targetname="sip/${p.fqdn}"${p.version !== undefined ? `, version=${p.version}` : ''}`;
}

/** A TLS-DSK offer (certificate sign-in), naming the pool's certificate provisioning service. */
export function formatTlsDskOffer(p: { realm: string; fqdn: string; version?: number }): string {
  return `TLS-DSK realm="${p.realm}", targetname="${p.fqdn}"${p.version !== undefined ? `, version=${p.version}` : ''}, sts-uri="https://${p.fqdn}:443/CertProv/CertProvisioningService.svc"`;
}

/** 8 uppercase hex chars, as Lync writes `opaque`. */
export function newOpaque(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}
