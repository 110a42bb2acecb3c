import { LyncError } from '../common/errors';
import { Disposable, DisposableStore, disposableTimeout, Event } from '../common/events';
import { escapeLine } from '../common/escape';
import { clampSeconds, REGISTRATION_EXPIRES } from '../common/intervals';
import { isParsableSipUri } from '../sip/uri';
import { Logger, nullLogger } from '../common/logger';
import { instanceIdFromEpid, newEpid } from '../sip/auth/instanceId';
import { SipStack } from '../sip/sipStack';
import { explicitServer, ServerList } from '../sip/discovery';
import type { ConnectTarget } from '../sip/transport/connect';
import { SipConnection } from '../sip/transport/sipConnection';
import { TlsSettings } from '../sip/transport/tlsOptions';
import type { TlsSessionCache } from '../sip/transport/tlsSessions';
import { connectFirst } from './connectFirst';
import { PoolMemoryStore, RememberedNtlmOffer, updatePoolMemory } from './poolMemory';
import { getProvisioningData, ProvisioningData } from './provisioning';
import { Registration, RegistrationInfo, RegistrationOptions } from './registration';
import { EndpointState, EndpointStateMachine, StateChanged } from './state';

export const PRODUCT_USER_AGENT = 'LyncPersistentChatForVSCode/0.1.0';
const MAX_REDIRECTS = 3;
/** MS-SIPAE: NTLM has no lifetime; re-authenticate after 8 h − 5 min (docs/protocol/sipae.md#re-authentication). */
const SA_REAUTH_MS = (8 * 3600 - 300) * 1000;
/**
 * Failures of a remembered registrar after which it is forgotten and discovery runs: it no longer
 * answers as our registrar (gone, moved, another certificate). An answer from it (503, 403, a
 * refused password) is the pool's word and goes to the recovery policy as on any sign-in.
 */
const REMEMBERED_FALLBACK: ReadonlySet<LyncError['code']> = new Set<LyncError['code']>([
  'ServerNotFound', 'ConnectionFailed', 'ConnectionLost', 'Timeout',
  'CertificateUntrusted', 'CertificateNameMismatch', 'CertificateInvalid', 'SignatureInvalid',
]);

export interface CommonEndpointSettings {
  tls?: TlsSettings;
  userAgent?: string;
  logger?: Logger;
  /** Per connection attempt (default 10 s). */
  connectTimeoutMs?: number;
  /** Per SIP transaction (default 30 s). */
  requestTimeoutMs?: number;
  /** Stable endpoint id (default: new per endpoint). */
  epid?: string;
  /** What the last run learned (the registrar that answered): tried first, discovery as the fallback. */
  poolMemory?: PoolMemoryStore;
  /** TLS sessions shared by the endpoints of one connection, so a reconnect resumes the last one. */
  tlsSessions?: TlsSessionCache;
}

/** What PersistentChatEndpoint and provisioning need from a signed-in endpoint. */
export interface LocalEndpoint extends Disposable {
  readonly ownerUri: string;
  readonly state: EndpointState;
  readonly onStateChanged: Event<StateChanged>;
  /** The signed-in SIP stack; throws unless Established. */
  readonly sipStack: SipStack;
  readonly registration: RegistrationInfo | undefined;
  readonly logger: Logger;
  establish(signal?: AbortSignal): Promise<void>;
  terminate(): Promise<void>;
  /** In-band provisioning: where the Persistent Chat server is, and whether it is enabled. */
  getProvisioningData(signal?: AbortSignal): Promise<ProvisioningData>;
}

/**
 * The life cycle shared by UserEndpoint and ApplicationEndpoint: connect (trying each server),
 * register (following redirects), keep the registration and security association fresh, and
 * end in Terminated — with the reason — on sign-out, failure or a lost connection.
 */
export abstract class LocalEndpointBase implements LocalEndpoint {
  readonly logger: Logger;
  protected readonly common: Required<Pick<CommonEndpointSettings, 'connectTimeoutMs' | 'requestTimeoutMs' | 'userAgent'>>;
  private readonly machine = new EndpointStateMachine();
  private readonly session = new DisposableStore();
  private readonly abort = new AbortController();
  private stack: SipStack | undefined;
  private reg: Registration | undefined;
  private info: RegistrationInfo | undefined;
  private terminating: Promise<void> | undefined;
  private renewing: Promise<RegistrationInfo> | undefined;
  protected readonly epid: string;
  protected readonly instanceId: string;

  readonly onStateChanged = this.machine.onStateChanged;

  protected constructor(readonly ownerUri: string, protected readonly settings: CommonEndpointSettings, component: string) {
    this.logger = (settings.logger ?? nullLogger).child(component);
    this.common = {
      connectTimeoutMs: settings.connectTimeoutMs ?? 10_000,
      // A pool answers in milliseconds: a stalled one is noticed (and retried) within 10 s.
      requestTimeoutMs: settings.requestTimeoutMs ?? 10_000,
      userAgent: settings.userAgent ?? PRODUCT_USER_AGENT,
    };
    this.epid = settings.epid ?? newEpid();
    this.instanceId = instanceIdFromEpid(this.epid);
  }

  get state(): EndpointState {
    return this.machine.state;
  }

  get registration(): RegistrationInfo | undefined {
    return this.info;
  }

  get sipStack(): SipStack {
    if (!this.stack || this.state !== 'Established') throw new LyncError('ConnectionLost', 'The endpoint is not signed in.');
    return this.stack;
  }

  get domain(): string {
    return domainOf(this.ownerUri);
  }

  /** Servers to try, in order, and how they were found. */
  protected abstract targets(signal: AbortSignal): Promise<ServerList>;
  /** How this kind of endpoint registers. */
  protected abstract registrationOptions(): Omit<RegistrationOptions, 'aor' | 'domain' | 'instanceId' | 'requestTimeoutMs' | 'logger'>;
  protected abstract tlsSettings(): TlsSettings | undefined;

  async establish(signal?: AbortSignal): Promise<void> {
    if (this.state !== 'Idle') throw new LyncError('ProtocolError', `establish() needs an Idle endpoint; it is ${this.state}.`, { retriable: false });
    this.machine.transition('Establishing');
    const onAbort = () => this.abort.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.connectAndRegister(this.abort.signal);
      if ((this.state as EndpointState) !== 'Establishing') throw new LyncError('Aborted', 'Sign-in was cancelled.');
      this.machine.transition('Established');
      this.logger.info(`signed in as ${this.ownerUri} (GRUU ${this.info?.gruu ?? 'none'})`);
    } catch (error) {
      const reason = this.abort.signal.aborted && !LyncError.is(error, 'Aborted') ? new LyncError('Aborted', 'Sign-in was cancelled.') : LyncError.from(error);
      this.cleanup();
      if (this.machine.can('Terminated')) this.machine.transition('Terminated', reason);
      this.logger.warn(`sign-in failed: ${reason.code}: ${reason.message}`);
      throw reason;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  getProvisioningData(signal?: AbortSignal): Promise<ProvisioningData> {
    return getProvisioningData(this.sipStack, this.ownerUri, { signal, timeoutMs: this.common.requestTimeoutMs });
  }

  terminate(): Promise<void> {
    this.terminating ??= this.doTerminate();
    return this.terminating;
  }

  dispose(): void {
    void this.terminate();
  }

  private async doTerminate(): Promise<void> {
    const wasEstablished = this.state === 'Established';
    await this.machine.shutdown({
      abort: () => this.abort.abort(),
      cleanup: () => this.cleanup(),
      closeGracefully: async () => {
        try {
          await this.reg?.unregister(Math.min(5000, this.common.requestTimeoutMs));
        } catch (error) {
          this.logger.debug(`de-registration: ${LyncError.from(error).message}`);
        }
        await this.stack?.closeConnection().catch((error: unknown) => this.logger.debug(`close: ${String(error)}`));
      },
    });
    if (wasEstablished) this.logger.info('signed out');
  }

  /**
   * The registrar remembered from the last run first (one short try, no DNS), then the servers of
   * `targets()` (the setting or full discovery). A remembered registrar that no longer answers
   * (REMEMBERED_FALLBACK) is forgotten, and discovery runs.
   */
  private async connectAndRegister(signal: AbortSignal): Promise<void> {
    const memory = this.settings.poolMemory?.load();
    const remembered = memory?.registrar;
    if (remembered) {
      const where = `${remembered.host}:${remembered.port} (${remembered.transport})`;
      this.logger.debug(`trying the registrar remembered from the last run first: ${where}`);
      try {
        await this.registerAt({ targets: [remembered], lookups: [], discovered: true }, signal, Date.now(), memory?.ntlmOffer);
        return;
      } catch (error) {
        const reason = LyncError.from(error);
        if (!REMEMBERED_FALLBACK.has(reason.code) || signal.aborted) throw reason;
        this.logger.debug(`the remembered registrar ${where} failed (${reason.message}): forgetting it, discovering the pool`);
        this.remember(undefined, undefined);
        this.stack?.close();
        this.stack = undefined;
      }
    }
    await this.registerAt(await this.targets(signal), signal, Date.now());
  }

  /**
   * Connects to the first server that answers and registers there, following redirects; remembers the
   * registrar and its NTLM offer. `ntlmOffer` (the remembered registrar's) goes to the first server only.
   */
  private async registerAt(first: ServerList, signal: AbortSignal, startedAt: number, ntlmOffer?: RememberedNtlmOffer): Promise<void> {
    let servers = first;
    for (let redirects = 0; ; redirects++) {
      const connection = await this.connect(servers, signal, startedAt);
      const stack = new SipStack(connection, { aor: this.ownerUri, epid: this.epid, userAgent: this.common.userAgent, logger: this.logger.child('sip') });
      this.stack = stack;
      const reg = new Registration(stack, {
        aor: this.ownerUri,
        domain: this.domain,
        instanceId: this.instanceId,
        requestTimeoutMs: this.common.requestTimeoutMs,
        logger: this.logger,
        ...this.registrationOptions(),
        ntlmOffer: redirects === 0 ? ntlmOffer : undefined,
      });
      const result = await reg.register(signal);
      if (result.kind === 'registered') {
        this.reg = reg;
        this.remember(connection.target, reg.ntlmOffer);
        this.onRegistered(stack, result.info);
        return;
      }
      this.logger.info(`redirected to ${result.target.host}:${result.target.port} (${result.target.transport})`);
      stack.dispose();
      connection.dispose();
      this.stack = undefined;
      if (redirects + 1 >= MAX_REDIRECTS) throw new LyncError('ProtocolError', 'Sign-in was redirected too many times.');
      servers = explicitServer(result.target);
    }
  }

  /** Keeps the registrar that answered and its NTLM offer for the next run (undefined: forget it). */
  private remember(registrar: ConnectTarget | undefined, ntlmOffer: RememberedNtlmOffer | undefined): void {
    const store = this.settings.poolMemory;
    if (!store) return;
    if (registrar) this.logger.debug(`remembering the registrar ${registrar.host}:${registrar.port} (${registrar.transport}) for the next start`);
    updatePoolMemory(store, { registrar: registrar && { host: registrar.host, port: registrar.port, transport: registrar.transport }, ntlmOffer }, this.logger);
  }

  private async connect(servers: ServerList, signal: AbortSignal, startedAt: number): Promise<SipConnection> {
    const { socket, target } = await connectFirst(servers, {
      tls: this.tlsSettings(), connectTimeoutMs: this.common.connectTimeoutMs, signal, logger: this.logger, startedAt, tlsSessions: this.settings.tlsSessions,
    });
    return new SipConnection(socket, target, this.logger.child('transport'));
  }

  private onRegistered(stack: SipStack, info: RegistrationInfo): void {
    this.info = info;
    if (info.gruu) stack.setContact(`<${info.gruu}>`, info.gruu);
    stack.setKeepAlive(info.keepAliveSec);
    this.session.add(stack.onClosed((error) => this.lost(error ?? new LyncError('ConnectionLost', 'The server closed the connection.'))));
    stack.setReauthentication(() => this.reauthenticate());
    this.session.add({ dispose: () => stack.setReauthentication(undefined) });
    this.scheduleRefresh(info.expiresSec);
    if (stack.securityAssociation) {
      this.session.add(disposableTimeout(() => void this.refresh(true), SA_REAUTH_MS));
    }
  }

  private scheduleRefresh(serverExpiresSec: number): void {
    const expiresSec = clampSeconds(serverExpiresSec, REGISTRATION_EXPIRES);
    const refreshSec = expiresSec > 60 ? expiresSec - 30 : Math.max(1, expiresSec / 2);
    const timer = this.session.add(disposableTimeout(() => {
      this.session.delete(timer);
      void this.refresh(false);
    }, refreshSec * 1000));
  }

  /**
   * Re-REGISTER before expiry; `reauthenticate` drops the SA first and runs a full handshake. A
   * refresh the registrar answers 401 runs the full handshake inside register() itself.
   */
  private async refresh(reauthenticate: boolean): Promise<void> {
    if (!this.stack || !this.reg || this.state !== 'Established') return;
    try {
      const info = await this.reregister(reauthenticate);
      this.scheduleRefresh(info.expiresSec);
      this.logger.debug(`registration refreshed (expires in ${info.expiresSec} s)`);
    } catch (error) {
      this.lost(LyncError.from(error));
    }
  }

  /**
   * A request was challenged mid-session (the pool dropped the security association, or a proxy
   * asks): a full handshake on the same connection; the SipStack then resends the request. A
   * failed handshake ends the session with its own reason (a refused password stays 'passwordRefused').
   */
  private async reauthenticate(): Promise<void> {
    if (!this.stack || !this.reg || this.state !== 'Established') throw new LyncError('ConnectionLost', 'The endpoint is not signed in.');
    this.logger.info('the server asked to authenticate again: running the sign-in handshake again on this connection');
    try {
      await this.reregister(true);
    } catch (error) {
      const reason = LyncError.from(error);
      this.lost(reason);
      throw reason;
    }
  }

  /** One REGISTER exchange at a time on the connection: a refresh and a re-authentication share it. */
  private reregister(reauthenticate: boolean): Promise<RegistrationInfo> {
    this.renewing ??= this.renew(reauthenticate).finally(() => { this.renewing = undefined; });
    return this.renewing;
  }

  private async renew(reauthenticate: boolean): Promise<RegistrationInfo> {
    const { stack, reg } = this;
    if (!stack || !reg) throw new LyncError('ConnectionLost', 'The endpoint is not signed in.');
    if (reauthenticate) stack.setSecurityAssociation(undefined);
    const result = await reg.register(this.abort.signal);
    if (result.kind !== 'registered') throw new LyncError('ProtocolError', 'The registrar redirected a refresh.');
    this.info = result.info;
    return result.info;
  }

  private lost(reason: LyncError): void {
    if (this.state !== 'Established') return;
    this.logger.warn(`connection lost: ${reason.message}`);
    this.cleanup();
    this.machine.transition('Terminated', reason);
  }

  private cleanup(): void {
    this.session.dispose();
    this.stack?.close();
    this.stack = undefined;
  }
}

export function domainOf(uri: string): string {
  const match = /^sips?:[^@]+@([^;>?]+)/i.exec(uri.trim());
  if (!match) throw new LyncError('InvalidSettings', `"${uri}" is not a SIP URI such as sip:alice@contoso.com.`);
  return match[1].toLowerCase();
}

/** The domain of a SIP URI that sip.js can also parse; InvalidSettings (before any socket is opened) otherwise. */
export function validateSipUri(uri: string, what = 'The SIP address'): string {
  const domain = domainOf(uri);
  if (!isParsableSipUri(uri)) throw new LyncError('InvalidSettings', `${what} "${escapeLine(uri)}" is not a valid SIP URI (spaces, <, > and empty parameters are not allowed).`);
  return domain;
}
