/** The pool's Access Edge (PoolOptions.edge): started beside the pool, relaying to its TLS listener. */
import type { PoolConfig } from '../config';
import { AccessEdge } from './accessEdge';

export function startEdgeFor(config: PoolConfig, poolTlsPort: number, note: (line: string) => void): Promise<AccessEdge> {
  return AccessEdge.start({
    host: config.host,
    port: config.edgeTlsPort,
    fqdn: config.edgeFqdn,
    pool: { host: config.host, port: poolTlsPort, fqdn: config.fqdn },
    pkiDir: config.pkiDir,
    maxMessageBytes: config.maxMessageBytes,
    note,
  });
}
