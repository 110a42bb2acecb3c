/**
 * The pool's authentication, per connection: the 401 offers (NTLM with a Kerberos offer beside it
 * like Lync, or Digest in Digest mode), the connection-less NTLM CHALLENGE, checking the
 * AUTHENTICATE (NTLMv2 proof; in version 4 also the handshake REGISTER's own signature), and
 * Digest verification (docs/protocol/sipae.md#handshake, docs/protocol/sipae.md#digest).
 */
import { randomBytes } from 'node:crypto';
import { LyncError } from '../src/common/errors';
import type { NtlmChallengeMessage } from '../src/sip/auth/ntlm';
import { parseAuthHeader, SecurityAssociation } from '../src/sip/auth/sipae';
import { verifyDigestAuthorization } from './auth/digestServer';
import { acceptKerberosToken } from './auth/kerberosServer';
import { acceptAuthenticateMessage, createChallengeMessage } from './auth/ntlmServer';
import { formatKerberosOffer, formatNtlmChallenge, formatNtlmOffer, formatTlsDskOffer, newOpaque } from './auth/sipaeServer';
import type { RawSipMessage } from '../src/sip/message/rawMessage';
import { findUser, PoolConfig, SimUser } from './config';
import type { SimConnection } from './connection';

export const SIPAE_REALM = 'SIP Communications Service';
/** Unanswered CHALLENGEs kept per connection (a client restarting its handshake leaves old ones). */
const MAX_PENDING = 8;

export type NtlmOutcome =
  | { ok: true; user: SimUser; sa: SecurityAssociation }
  | { ok: false; why: string };

/**
 * Forget the connection's security association, as a pool does when it drops it (lifetime, a
 * front-end restart): the next request is answered 401 with a fresh offer, the TCP connection stays.
 */
export function dropAssociation(conn: SimConnection, why: string): void {
  conn.signer = undefined;
  conn.authenticatedUser = undefined;
  conn.note(why);
}

export class Authenticator {
  constructor(private readonly config: PoolConfig) {}

  /** 401 with the offers a fresh client needs (NTLM + Kerberos, a Digest challenge, or only Kerberos / TLS-DSK). */
  challenge(conn: SimConnection, request: RawSipMessage): void {
    const toTag = request.method === 'REGISTER' ? conn.registrarTag : undefined;
    conn.reply(request, 401, 'Unauthorized', { headers: this.offerHeaders(conn), toTag });
  }

  /** The offers as headers; without a connection (a canned challenge), a Digest nonce is not remembered. */
  offerHeaders(conn: SimConnection | undefined, header: 'WWW-Authenticate' | 'Proxy-Authenticate' = 'WWW-Authenticate'): string[] {
    return this.offers(conn).map((offer) => `${header}: ${offer}`);
  }

  private offers(conn: SimConnection | undefined): string[] {
    const version = this.config.ntlmVersion;
    const kerberos = formatKerberosOffer({ realm: SIPAE_REALM, fqdn: this.config.fqdn, version });
    switch (this.config.auth) {
      case 'digest': return [this.digestOffer(conn)];
      case 'kerberos': return [kerberos];
      case 'tls-dsk': return [formatTlsDskOffer({ realm: SIPAE_REALM, fqdn: this.config.fqdn, version })];
      default: return [formatNtlmOffer({ realm: SIPAE_REALM, targetname: this.config.fqdn, version }), kerberos];
    }
  }

  private digestOffer(conn: SimConnection | undefined): string {
    const nonce = randomBytes(16).toString('hex');
    if (conn) remember(conn.authState.nonces, nonce);
    return `Digest realm="${this.config.domain}", nonce="${nonce}", qop="auth", algorithm=MD5`;
  }

  /** An NTLM negotiate request for this pool: its realm and targetname are the ones the offer names. */
  namesThisPool(params: Record<string, string>): boolean {
    return params.realm === SIPAE_REALM && params.targetname?.toLowerCase() === this.config.fqdn.toLowerCase();
  }

  /** docs/protocol/sipae.md#handshake step 4: 401 carrying a fresh CHALLENGE, remembered under its opaque. */
  sendNtlmChallenge(conn: SimConnection, request: RawSipMessage): void {
    const opaque = newOpaque();
    const netbiosDomain = this.config.domain.split('.')[0].toUpperCase();
    const challenge = createChallengeMessage({
      netbiosDomain,
      netbiosComputer: this.config.fqdn.split('.')[0].toUpperCase(),
      dnsDomain: this.config.domain,
      dnsComputer: this.config.fqdn,
    });
    remember(conn.authState.challenges, opaque, challenge);
    const header = formatNtlmChallenge({ opaque, challenge: challenge.raw, realm: SIPAE_REALM, targetname: this.config.fqdn, version: this.config.ntlmVersion });
    conn.reply(request, 401, 'Unauthorized', { headers: [`WWW-Authenticate: ${header}`], toTag: conn.registrarTag });
  }

  /** docs/protocol/sipae.md#handshake step 5: checks the AUTHENTICATE in `params` (gssapi-data, opaque) and builds the security association. */
  acceptNtlm(conn: SimConnection, request: RawSipMessage, params: Record<string, string>): NtlmOutcome {
    const opaque = params.opaque ?? '';
    const challenge = conn.authState.challenges.get(opaque) as NtlmChallengeMessage | undefined;
    if (!challenge) return { ok: false, why: `no CHALLENGE with opaque "${opaque}" on this connection` };
    conn.authState.challenges.delete(opaque);
    let user: SimUser | undefined;
    let keys: ReturnType<typeof acceptAuthenticateMessage>['keys'];
    try {
      const accepted = acceptAuthenticateMessage(challenge, Buffer.from(params['gssapi-data'] ?? '', 'base64'), (name, domain) => {
        user = findLoginUser(this.config, name, domain);
        return user?.password;
      });
      keys = accepted.keys;
      conn.note(`NTLM AUTHENTICATE: ${accepted.domain ? `${accepted.domain}\\` : ''}${accepted.user} from workstation ${accepted.workstation || '?'}: proof OK`);
    } catch (error) {
      return { ok: false, why: LyncError.from(error).message };
    }
    if (!user) return { ok: false, why: 'unknown user' };
    const sa = new SecurityAssociation('server', keys, {
      scheme: 'NTLM', realm: SIPAE_REALM, targetname: this.config.fqdn, opaque, version: this.config.ntlmVersion,
    });
    if (this.config.ntlmVersion > 3) {
      // version 4: the AUTHENTICATE REGISTER is itself signed (crand/cnum/response)
      const verdict = sa.verify(request);
      if (verdict !== 'valid') return { ok: false, why: `version 4 AUTHENTICATE REGISTER signature ${verdict}` };
    }
    return { ok: true, user, sa };
  }

  /**
   * Kerberos (MS-SIPAE, one token): the client's AP-REQ accepted with the pool's keytab (KRB5_KTNAME),
   * its principal mapped to a configured user, and in version 4 the REGISTER's own signature checked.
   */
  acceptKerberos(conn: SimConnection, request: RawSipMessage, params: Record<string, string>): NtlmOutcome {
    const accepted = acceptKerberosToken(Buffer.from(params['gssapi-data'] ?? '', 'base64'));
    if (!accepted.ok) return accepted;
    const { integrity } = accepted;
    const [name = '', realm = ''] = integrity.peer.split('@');
    const user = findLoginUser(this.config, name, realm.toLowerCase());
    conn.note(`Kerberos AP-REQ: ${integrity.peer} for ${params.targetname ?? '?'}: ${user ? 'accepted' : 'no such user in this pool'}`);
    if (!user) {
      integrity.dispose();
      return { ok: false, why: `unknown user ${integrity.peer}` };
    }
    const sa = new SecurityAssociation('server', integrity, {
      scheme: 'Kerberos', realm: SIPAE_REALM, targetname: `sip/${this.config.fqdn}`, opaque: newOpaque(), version: this.config.ntlmVersion,
    });
    if (this.config.ntlmVersion > 3) {
      const verdict = sa.verify(request);
      if (verdict !== 'valid') {
        sa.dispose();
        return { ok: false, why: `version 4 Kerberos REGISTER signature ${verdict}` };
      }
    }
    return { ok: true, user, sa };
  }

  /** Digest mode: the user whose Authorization verifies against a nonce we issued on this connection. */
  acceptDigest(conn: SimConnection, request: RawSipMessage, value: string): { ok: true; user: SimUser } | { ok: false; why: string } {
    const { scheme, params } = parseAuthHeader(value);
    if (scheme.toLowerCase() !== 'digest') return { ok: false, why: `scheme ${scheme || '(none)'} instead of Digest` };
    const nonce = params.nonce ?? '';
    if (!conn.authState.nonces.has(nonce)) return { ok: false, why: 'unknown or stale nonce' };
    const user = findUser(this.config.users, params.username ?? '');
    if (!user) return { ok: false, why: `unknown user ${params.username ?? ''}` };
    const ok = verifyDigestAuthorization(value, { password: user.password, method: request.method ?? '', realm: this.config.domain, nonce });
    if (!ok) return { ok: false, why: 'Digest response does not match (wrong password?)' };
    conn.authState.nonces.delete(nonce);
    return { ok: true, user };
  }
}

/** NTLM user/domain → configured user: `CONTOSO\alice`, `contoso.com\alice`, or a UPN with an empty domain. */
export function findLoginUser(config: PoolConfig, name: string, domain: string): SimUser | undefined {
  if (!domain) return findUser(config.users, name);
  const byLogin = findUser(config.users, name, domain);
  if (byLogin) return byLogin;
  // the DNS form of the domain names the same accounts as the NetBIOS form
  if (domain.toLowerCase() === config.domain) return findUser(config.users, `${name}@${config.domain}`);
  return undefined;
}

function remember<K, V>(store: Map<K, V> | Set<K>, key: K, value?: V): void {
  if (store instanceof Map) store.set(key, value as V);
  else store.add(key);
  while (store.size > MAX_PENDING) {
    const oldest = store.keys().next().value as K;
    store.delete(oldest);
  }
}
