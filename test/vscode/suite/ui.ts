/**
 * Client of the runner's UI bridge, for suite code running inside the extension host: ask the
 * runner to read or drive the workbench page (status bar, views, clicks, screenshots) while the
 * extension host is alive. See test/vscode/shared/uiProtocol.ts.
 */
import { request } from 'http';
import { TestEnv, UI_BRIDGE_PATH, UiBridgeResponse, UiChecks } from '../shared/uiProtocol';

/** The bridge exists only under test/vscode/runner (not under @vscode/test-cli's desktop VS Code). */
export function uiBridgeUrl(): string | undefined {
  return process.env[TestEnv.uiBridge] || undefined;
}

/**
 * Call first in a test that needs the page. Without a bridge the test is skipped, except under
 * CI=true where a skipped UI assertion would hide a failure, so it fails instead.
 */
export function requireUi(context: Mocha.Context): void {
  if (uiBridgeUrl()) return;
  if (process.env.CI === 'true') throw new Error(`no UI bridge (${TestEnv.uiBridge} unset): run this suite with npm run test:vscode`);
  context.skip();
}

/** Runs a named page check in the runner and returns its result; runner-side errors reject. */
export function ui<K extends keyof UiChecks>(name: K, args: UiChecks[K]['args']): Promise<UiChecks[K]['result']>;
export function ui(name: string, args: unknown): Promise<unknown>;
export function ui(name: string, args: unknown): Promise<unknown> {
  const base = uiBridgeUrl();
  if (!base) return Promise.reject(new Error(`no UI bridge (${TestEnv.uiBridge} unset)`));
  const body = JSON.stringify(args ?? {});
  return new Promise((resolve, reject) => {
    // agent: false: one connection per call, closed with the response (no keep-alive socket left open).
    const req = request(`${base}${UI_BRIDGE_PATH}/${encodeURIComponent(name)}`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        try {
          const reply = JSON.parse(text) as UiBridgeResponse;
          if (reply.ok) resolve(reply.value);
          else reject(new Error(`UI check "${name}" failed in the runner: ${reply.error}`));
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
