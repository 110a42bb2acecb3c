import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { UI_BRIDGE_PATH, UiBridgeResponse } from '../shared/uiProtocol';
import { builtinUiChecks, UiCheck, UiCheckContext } from './uiChecks';

type AnyCheck = (context: UiCheckContext, args: unknown) => Promise<unknown>;

/**
 * Loopback HTTP endpoint through which the suite (inside the extension host) asks the runner to
 * inspect or drive the workbench page while the host is still alive: POST /ui/<check> {args} →
 * {ok, value | error}. Synchronous request/response, so no polling or log parsing on either side.
 */
export class UiBridge {
  private readonly checks = new Map<string, AnyCheck>(Object.entries(builtinUiChecks) as [string, AnyCheck][]);
  private context: UiCheckContext | undefined;
  private readonly server: Server;
  /** Names of the checks served, in order, for the run summary. */
  readonly served: string[] = [];

  private constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(): Promise<UiBridge> {
    const bridge = new UiBridge();
    await new Promise<void>((resolve, reject) => {
      bridge.server.once('error', reject);
      bridge.server.listen(0, '127.0.0.1', resolve);
    });
    return bridge;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Adds (or replaces) a named page check. */
  register(name: string, check: UiCheck): void {
    this.checks.set(name, check as AnyCheck);
  }

  /** Checks run against this page from now on. */
  attach(context: UiCheckContext): void {
    this.context = context;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: UiBridgeResponse;
    try {
      const name = decodeURIComponent((req.url ?? '').slice(UI_BRIDGE_PATH.length + 1));
      if (req.method !== 'POST' || !req.url?.startsWith(`${UI_BRIDGE_PATH}/`)) throw new Error(`unsupported request ${req.method} ${req.url}`);
      const check = this.checks.get(name);
      if (!check) throw new Error(`no UI check named "${name}" (have: ${[...this.checks.keys()].join(', ')})`);
      if (!this.context) throw new Error('the workbench page is not open yet');
      const body = await readBody(req);
      this.served.push(name);
      reply = { ok: true, value: await check(this.context, body ? JSON.parse(body) : {}) };
    } catch (error) {
      reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const json = JSON.stringify(reply);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), connection: 'close' });
    res.end(json);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
