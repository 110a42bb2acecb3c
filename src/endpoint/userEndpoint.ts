import { discoverServers, ServerList } from '../sip/discovery';
import type { SipTransportKind } from '../sip/transport/connect';
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
}

/** A user signed in with NTLM (or Digest on non-Lync registrars), as UCMA's UserEndpoint. */
export class UserEndpoint extends LocalEndpointBase {
  constructor(private readonly userSettings: UserEndpointSettings) {
    validateSipUri(userSettings.userUri); // validates now, not at establish()
    super(userSettings.userUri, userSettings, 'user');
  }

  protected targets(signal: AbortSignal): Promise<ServerList> {
    const { userUri, server, transport, credential, tls } = this.userSettings;
    // Autodiscover's web ticket signs in with the same login as SIP (default: the URI's user@domain).
    const login = credential.username || userUri.replace(/^sips?:/i, '');
    const input = { domain: this.domain, server, transport: transport ?? 'tls', sipUri: userUri, credential: { login, password: credential.password, authentication: credential.authentication }, tls };
    return discoverServers(input, { signal, logger: this.logger });
  }

  protected registrationOptions() {
    return { credential: this.userSettings.credential };
  }

  protected tlsSettings(): TlsSettings | undefined {
    return this.userSettings.tls;
  }
}
