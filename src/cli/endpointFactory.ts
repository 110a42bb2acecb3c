import { readFileSync } from 'node:fs';
import { LyncError } from '../common/errors';
import { Logger } from '../common/logger';
import { ApplicationEndpoint } from '../endpoint/applicationEndpoint';
import { LocalEndpointBase } from '../endpoint/localEndpoint';
import type { PoolMemoryStore } from '../endpoint/poolMemory';
import { UserEndpoint } from '../endpoint/userEndpoint';
import { kerberosCredentialsAvailable } from '../sip/auth/kerberos/loader';
import { parseServer } from '../sip/discovery';
import { TlsSessionCache } from '../sip/transport/tlsSessions';
import { CliOptions } from './args';
import { readSecret } from './password';

/**
 * Reads files and secrets once and returns a factory for the UserEndpoint or ApplicationEndpoint
 * the options describe (a fresh one per connection attempt: endpoints are single-use).
 */
export async function endpointFactory(options: CliOptions, logger: Logger, poolMemory?: PoolMemoryStore): Promise<() => LocalEndpointBase> {
  const tls = options.ca ? { caFile: options.ca } : undefined;
  const tlsSessions = new TlsSessionCache();
  if (options.application) {
    const proxy = parseServer(options.proxy!, 'tls');
    const clientCertificate = options.pfx
      ? { pfx: readFile(options.pfx, '--pfx'), passphrase: await readSecret('LYNC_PFX_PASSPHRASE', 'PFX passphrase: ') }
      : { cert: readFile(options.cert!, '--cert'), key: readFile(options.key!, '--key') };
    const settings = { ownerUri: options.uri!, gruu: options.gruu!, proxy, clientCertificate, tls, logger, poolMemory, tlsSessions };
    return () => new ApplicationEndpoint(settings);
  }
  const password = await userPassword(options);
  const credential = { username: options.username, password, authentication: options.auth };
  const settings = { userUri: options.uri!, server: options.server, transport: options.transport, credential, tls, logger, poolMemory, tlsSessions };
  return () => new UserEndpoint(settings);
}

/** '' for Kerberos (--auth kerberos, or auto with a ticket and no LYNC_PASSWORD): nothing is asked. */
async function userPassword(options: CliOptions): Promise<string> {
  if (options.auth === 'kerberos') return '';
  if (options.auth === 'auto' && process.env.LYNC_PASSWORD === undefined && kerberosCredentialsAvailable()) return '';
  const password = await readSecret('LYNC_PASSWORD', `Password for ${options.username ?? options.uri}: `);
  if (password === undefined) {
    throw new LyncError('InvalidSettings', 'No password: set LYNC_PASSWORD or run in a terminal to be prompted (or sign in with a Kerberos ticket: --auth kerberos).');
  }
  return password;
}

function readFile(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new LyncError('InvalidSettings', `${flag} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}
