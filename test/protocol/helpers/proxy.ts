import * as net from 'node:net';
import { SipFramer } from '../../../src/sip/message/framer';

/**
 * A TCP middlebox between the client and the pool: it can rewrite what the server sends (whole SIP
 * messages, cut by the project's framer) and reset every connection it carries. A hostile peer
 * for the tests, and the resetting proxy of `npm run soak`.
 */
export class SipProxy {
  private constructor(private readonly server: net.Server, readonly port: number, private readonly pairs: Set<{ client: net.Socket; server: net.Socket }>) {}

  static async start(target: { host: string; port: number }, options: { rewrite?: (message: string) => string } = {}): Promise<SipProxy> {
    const pairs = new Set<{ client: net.Socket; server: net.Socket }>();
    const server = net.createServer((client) => {
      const upstream = net.connect(target);
      const pair = { client, server: upstream };
      pairs.add(pair);
      const end = () => { pairs.delete(pair); client.destroy(); upstream.destroy(); };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream);
      if (!options.rewrite) {
        upstream.pipe(client);
      } else {
        const rewrite = options.rewrite;
        const framer = new SipFramer((bytes) => client.write(rewrite(bytes.toString('utf8'))), (kind) => client.write(kind === 'ping' ? '\r\n\r\n' : '\r\n'));
        upstream.on('data', (chunk: Buffer) => framer.push(chunk));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new SipProxy(server, (server.address() as net.AddressInfo).port, pairs);
  }

  get connections(): number {
    return this.pairs.size;
  }

  /** TCP RST on every carried connection, both sides. */
  resetAll(): number {
    const n = this.pairs.size;
    for (const { client, server } of [...this.pairs]) {
      client.resetAndDestroy();
      server.resetAndDestroy();
    }
    this.pairs.clear();
    return n;
  }

  async stop(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
