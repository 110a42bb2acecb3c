import { discoverServers, SrvResolver } from '../sip/discovery';
import type { ConnectTarget, SipTransportKind } from '../sip/transport/connect';
import type { TlsSettings } from '../sip/transport/tlsOptions';
import { CommonEndpointSettings, LocalEndpointBase, validateSipUri } from './localEndpoint';
import type { Credential } from './registration';

export interface UserEndpointSettings extends CommonEndpointSettings {
  /** sip:alice@contoso.com */
  userUri: string;
  /** `host[:port]`; omit for DNS discovery. */
  server?: string;
  transport?: SipTransportKind;
  credential: Credential;
  /** DNS SRV override (tests). */
  resolveSrv?: SrvResolver;
}

/** A user signed in with NTLM (or Digest on non-Lync registrars), as UCMA's UserEndpoint. */
export class UserEndpoint extends LocalEndpointBase {
  constructor(private readonly userSettings: UserEndpointSettings) {
    validateSipUri(userSettings.userUri); // validates now, not at establish()
    super(userSettings.userUri, userSettings, 'user');
  }

  protected targets(): Promise<ConnectTarget[]> {
    return discoverServers({ domain: this.domain, server: this.userSettings.server, transport: this.userSettings.transport ?? 'tls' }, this.userSettings.resolveSrv);
  }

  protected registrationOptions() {
    return { credential: this.userSettings.credential };
  }

  protected tlsSettings(): TlsSettings | undefined {
    return this.userSettings.tls;
  }
}
