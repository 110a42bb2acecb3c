import { readFileSync } from 'node:fs';
import { LyncError } from '../common/errors';
import { Logger } from '../common/logger';
import { ApplicationEndpoint } from '../endpoint/applicationEndpoint';
import { LocalEndpointBase } from '../endpoint/localEndpoint';
import type { PoolMemoryStore } from '../endpoint/poolMemory';
import { UserEndpoint } from '../endpoint/userEndpoint';
import { parseServer } from '../sip/discovery';
import { TlsSessionCache } from '../sip/transport/tlsSessions';
import { ExtensionSettings } from './settings';

const USER_AGENT = 'LyncPersistentChatForVSCode/0.1.0 (VS Code)';

/** A fresh endpoint per connection attempt, from settings and the secret (never logged). */
export function createEndpointFactory(settings: ExtensionSettings, secret: string | undefined, logger: Logger, poolMemory?: PoolMemoryStore): () => LocalEndpointBase {
  const tls = settings.caFile ? { caFile: settings.caFile } : undefined;
  const tlsSessions = new TlsSessionCache();
  if (settings.endpointKind === 'application') {
    const proxy = parseServer(settings.outboundProxy, 'tls');
    const isPfx = /\.(pfx|p12)$/i.test(settings.clientCertificate);
    return () => new ApplicationEndpoint({
      ownerUri: settings.sipUri,
      gruu: settings.gruu,
      proxy,
      clientCertificate: isPfx
        ? { pfx: read(settings.clientCertificate, 'client certificate'), passphrase: secret }
        : { cert: read(settings.clientCertificate, 'client certificate'), key: read(settings.clientKey, 'client key') },
      tls,
      logger,
      userAgent: USER_AGENT,
      poolMemory,
      tlsSessions,
    });
  }
  if (secret === undefined) throw new LyncError('AuthenticationFailed', 'No password is stored; run Lync: Sign In.', { retriable: false, auth: { reason: 'credentialsMissing' } });
  return () => new UserEndpoint({
    userUri: settings.sipUri,
    server: settings.server || undefined,
    transport: settings.transport,
    credential: { username: settings.username || undefined, password: secret, authentication: settings.authentication },
    tls,
    logger,
    userAgent: USER_AGENT,
    poolMemory,
    tlsSessions,
  });
}

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new LyncError('InvalidSettings', `The ${what} file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { retriable: false });
  }
}
