/**
 * Options of the simulated Lync Server 2013 pool and their defaults. `resolveConfig` turns the
 * partial options a test or `npm run sim` passes into the complete configuration the pool runs on.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LyncError } from '../src/common/errors';

export interface SimUser {
  /** AOR, e.g. sip:alice@contoso.com */
  uri: string;
  /** Windows login, e.g. CONTOSO\alice (a UPN alice@contoso.com works as well). */
  login: string;
  password: string;
  displayName: string;
}

export interface TrustedApplication {
  /** Certificate subject / SAN the client certificate must carry, e.g. client.contoso.com */
  fqdn: string;
  /** The application's GRUU (New-CsTrustedApplication), accepted as its Contact. */
  gruu: string;
}

export interface PoolOptions {
  users?: SimUser[];
  /** SIP domain, contoso.com */
  domain?: string;
  /** The front-end pool FQDN: NTLM targetname, certificate name, 301 target. */
  fqdn?: string;
  /** The Director's FQDN (only in its certificate and log lines). */
  directorFqdn?: string;
  /** Listening address (loopback). */
  host?: string;
  /** 0 = a free port. */
  tlsPort?: number;
  tcpPort?: number;
  directorTlsPort?: number;
  directorTcpPort?: number;
  /**
   * 'kerberos' and 'tls-dsk' offer only that scheme (a pool with NTLM turned off): a client that
   * cannot answer it must say so. Kerberos is accepted (in 'ntlm' mode too, where it is offered
   * beside NTLM) with the keytab KRB5_KTNAME names; TLS-DSK is never accepted.
   */
  auth?: 'ntlm' | 'digest' | 'kerberos' | 'tls-dsk';
  ntlmVersion?: 3 | 4;
  /** Also start a Director (own listeners) that answers REGISTER with 301 to this pool. */
  director?: boolean;
  trustedApplications?: TrustedApplication[];
  /** Also start the Lync Autodiscover and Web Ticket HTTPS service (simulator/autodiscover). */
  autodiscover?: boolean;
  /** Its port (0 = a free port). */
  autodiscoverPort?: number;
  /** Its listening address (default: `host`), e.g. a loopback address of its own beside a pool on 443. */
  autodiscoverHost?: string;
  /** Its bare root answers with a `Redirect` link (to its own AutodiscoverService root) instead of the links. */
  autodiscoverRedirect?: boolean;
  /** Lync 2010: provisioning carries no persistentChatConfiguration group. */
  lync2010?: boolean;
  /** Provisioning names the room management web page (PersistentChatWebManagerUriInt/Ext); default true. */
  webManager?: boolean;
  /** Users sign in as from outside, through an Access Edge: the REGISTER 200 OK says `ms-user-logon-data: RemoteUser`. */
  remoteUsers?: boolean;
  /**
   * Also start an Access Edge (simulator/edge/): its own TLS listener with the sip.<domain> certificate,
   * relaying remote users to this pool; users signed in through it are RemoteUser.
   */
  edge?: boolean;
  /** The Edge's TLS port (443 in the test network; 0 = a free port). */
  edgeTlsPort?: number;
  /** The Edge's external name (its certificate, Via and Record-Route): default sip.<domain>. */
  edgeFqdn?: string;
  registrationExpiresSec?: number;
  /** Advertised in the REGISTER 200 OK `ms-keep-alive … timeout=N`. */
  keepAliveTimeoutSec?: number;
  /** Largest SIP message accepted, bytes (bigger: the connection is closed). */
  maxMessageBytes?: number;
  /** The provisioned DefaultPersistentChatPoolUri (Lync 2013 lookup URI). */
  persistentChatPoolUri?: string;
  /** The chat server URI the lookup service returns in rpl:requri. */
  chatServerUri?: string;
  /** Session-Expires on chat dialogs (seconds). */
  chatSessionExpiresSec?: number;
  /** Catalogue JSON for the chat layer (default simulator/catalogue.default.json). */
  cataloguePath?: string;
  /** Folder with ca.pem, server.pem, server-key.pem (default simulator/pki). */
  pkiDir?: string;
  /** Append the message log to this file. */
  logFile?: string;
  /** Print the message log to the console. */
  verbose?: boolean;
  /**
   * How many messages the in-memory log (pool.messageLog) keeps, newest last (default 20,000). 0 keeps
   * none: a load generator's setting (pool.onMessage still fires, the file and --verbose still work).
   */
  messageLogCapacity?: number;
}

export type PoolConfig = Required<Omit<PoolOptions, 'logFile'>> & { logFile: string | undefined };

export const DEFAULT_USERS: readonly SimUser[] = [
  { uri: 'sip:alice@contoso.com', login: 'CONTOSO\\alice', password: 'secret', displayName: 'Alice Anders' },
  { uri: 'sip:bob@contoso.com', login: 'CONTOSO\\bob', password: 'secret', displayName: 'Bob Brown' },
  { uri: 'sip:carol@contoso.com', login: 'CONTOSO\\carol', password: 'secret', displayName: 'Carol Clark' },
];

export function resolveConfig(options: PoolOptions = {}): PoolConfig {
  const domain = (options.domain ?? 'contoso.com').toLowerCase();
  const config: PoolConfig = {
    users: (options.users ?? DEFAULT_USERS).map((u) => ({ ...u })),
    domain,
    fqdn: options.fqdn ?? `pool0.${domain}`,
    directorFqdn: options.directorFqdn ?? `director.${domain}`,
    host: options.host ?? '127.0.0.1',
    tlsPort: options.tlsPort ?? 0,
    tcpPort: options.tcpPort ?? 0,
    directorTlsPort: options.directorTlsPort ?? 0,
    directorTcpPort: options.directorTcpPort ?? 0,
    auth: options.auth ?? 'ntlm',
    ntlmVersion: options.ntlmVersion ?? 4,
    director: options.director ?? false,
    trustedApplications: options.trustedApplications ?? [],
    autodiscover: options.autodiscover ?? false,
    autodiscoverPort: options.autodiscoverPort ?? 0,
    autodiscoverHost: options.autodiscoverHost ?? options.host ?? '127.0.0.1',
    autodiscoverRedirect: options.autodiscoverRedirect ?? false,
    lync2010: options.lync2010 ?? false,
    webManager: options.webManager ?? true,
    remoteUsers: options.remoteUsers ?? false,
    edge: options.edge ?? false,
    edgeTlsPort: options.edgeTlsPort ?? 0,
    edgeFqdn: (options.edgeFqdn ?? `sip.${domain}`).toLowerCase(),
    registrationExpiresSec: options.registrationExpiresSec ?? 7200,
    keepAliveTimeoutSec: options.keepAliveTimeoutSec ?? 300,
    maxMessageBytes: options.maxMessageBytes ?? 128 * 1024,
    persistentChatPoolUri: options.persistentChatPoolUri ?? `sip:PersistentChatPool@${domain}`,
    chatServerUri: options.chatServerUri ?? `sip:PersistentChatService@${domain};gruu;opaque=srvr:PersistentChat:AN4hjYBmBlGvtzGSYPeYUQAA`,
    chatSessionExpiresSec: options.chatSessionExpiresSec ?? 7200,
    cataloguePath: options.cataloguePath ?? '',
    pkiDir: options.pkiDir ?? defaultPkiDir(),
    logFile: options.logFile,
    verbose: options.verbose ?? false,
    messageLogCapacity: Math.max(0, Math.floor(options.messageLogCapacity ?? 20_000)),
  };
  validate(config);
  return config;
}

function validate(config: PoolConfig): void {
  for (const user of config.users) {
    if (!/^sip:[^@\s]+@[^@\s]+$/i.test(user.uri)) throw new LyncError('InvalidSettings', `Simulated user ${user.uri} is not a sip:user@domain URI`);
  }
  if (config.ntlmVersion !== 3 && config.ntlmVersion !== 4) throw new LyncError('InvalidSettings', 'ntlmVersion must be 3 or 4');
  if (config.registrationExpiresSec < 1 || config.keepAliveTimeoutSec < 1) throw new LyncError('InvalidSettings', 'registrationExpiresSec and keepAliveTimeoutSec must be at least 1');
}

/** The lookup URIs the chat layer answers on: the provisioned pool URI (not in 2010 mode) and ocschat@domain. */
export function lookupUris(config: PoolConfig): string[] {
  const ocschat = `sip:ocschat@${config.domain}`;
  return config.lync2010 ? [ocschat] : [config.persistentChatPoolUri, ocschat];
}

/**
 * simulator/pki, found by walking up from this file (out/simulator or simulator, or a bundle in
 * dist/) and from the working directory: tsc does not copy the fixtures into out/.
 */
export function defaultPkiDir(): string {
  const relative = join('simulator', 'pki');
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(join(dir, relative, 'ca.pem'))) return join(dir, relative);
      if (dirname(dir) === dir) break;
    }
  }
  throw new LyncError('InvalidSettings', `Cannot find ${relative}/ca.pem above ${__dirname} or ${process.cwd()}`);
}

/**
 * The user a name belongs to, case-insensitive. With `domain` (NTLM's NetBIOS domain): the login
 * DOMAIN\account. Without: the AOR (alice@contoso.com), the whole login, or the bare account name.
 */
export function findUser(users: readonly SimUser[], name: string, domain = ''): SimUser | undefined {
  const wanted = name.toLowerCase();
  const wantedDomain = domain.toLowerCase();
  return users.find((u) => {
    const login = u.login.toLowerCase();
    const slash = login.indexOf('\\');
    const loginDomain = slash >= 0 ? login.slice(0, slash) : '';
    const account = slash >= 0 ? login.slice(slash + 1) : login;
    if (wantedDomain) return loginDomain === wantedDomain && account === wanted;
    return wanted === u.uri.replace(/^sips?:/i, '').toLowerCase() || wanted === login || wanted === account;
  });
}
