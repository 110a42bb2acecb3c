import { LyncError } from '../common/errors';
import { explicitServer, ServerList } from '../sip/discovery';
import type { ClientCertificate, TlsSettings } from '../sip/transport/tlsOptions';
import { CommonEndpointSettings, LocalEndpointBase, validateSipUri } from './localEndpoint';

export interface ApplicationEndpointSettings extends CommonEndpointSettings {
  /** The SIP URI of the Active Directory user object the application acts as. */
  ownerUri: string;
  /** The trusted application's GRUU (New-CsTrustedApplication). */
  gruu: string;
  /** Outbound proxy: the pool, e.g. pool0.contoso.com:5061. */
  proxy: { host: string; port: number };
  clientCertificate: ClientCertificate;
}

/** A trusted application over mutual TLS, as UCMA's ApplicationEndpoint: no NTLM, its GRUU as Contact. */
export class ApplicationEndpoint extends LocalEndpointBase {
  constructor(private readonly appSettings: ApplicationEndpointSettings) {
    validateSipUri(appSettings.ownerUri);
    if (!/^sips?:/i.test(appSettings.gruu)) throw new LyncError('InvalidSettings', `The trusted application GRUU "${appSettings.gruu}" is not a SIP URI.`);
    super(appSettings.ownerUri, appSettings, 'application');
  }

  protected targets(): Promise<ServerList> {
    return Promise.resolve(explicitServer({ host: this.appSettings.proxy.host, port: this.appSettings.proxy.port, transport: 'tls' }));
  }

  protected registrationOptions() {
    return { contactUri: this.appSettings.gruu };
  }

  protected tlsSettings(): TlsSettings {
    return { ...this.appSettings.tls, clientCertificate: this.appSettings.clientCertificate };
  }
}
