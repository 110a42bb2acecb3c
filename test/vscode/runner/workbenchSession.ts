import { createWriteStream, WriteStream } from 'fs';
import { join } from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import { format } from 'util';
import { TestEnv } from '../shared/uiProtocol';
import { CodeServerHost, extensionTestPayload } from './codeServerHost';
import { UiBridge } from './uiBridge';
import { UiCheck } from './uiChecks';

export interface WorkbenchSessionOptions {
  host: CodeServerHost;
  chromiumPath: string;
  /** Folder with the extension's package.json (loaded as a development extension). */
  extensionPath: string;
  /** Compiled test index (`export function run(): Promise<void>`); omit to just open the workbench. */
  testsPath?: string;
  /** Added to the extension host's environment. */
  extensionEnv?: Record<string, string>;
  /** Where the `screenshot` UI check writes. */
  screenshotsDir?: string;
  /** Page checks beyond the built-in ones, by name. */
  checks?: Record<string, UiCheck>;
  viewport?: { width: number; height: number };
  /** Every message the workbench logs, extension host console included (type: info, warn, error…). */
  onLog?: (type: string, message: string) => void;
}

const BROWSER_ARGS = [
  '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
];

/**
 * The workbench of a CodeServerHost in headless Debian Chromium, driven by playwright-core. With a
 * test index it runs the suite in the extension host and `exitCode` resolves with its result.
 */
export class WorkbenchSession {
  private closed = false;

  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly bridge: UiBridge,
    /** Resolves with the code the workbench reports when the test run ends; rejects if the page dies. */
    readonly exitCode: Promise<number>,
    readonly logFile: string,
    private readonly log: WriteStream,
  ) {}

  /** UI checks the suite asked for, in order. */
  get uiChecksServed(): readonly string[] {
    return this.bridge.served;
  }

  static async open(options: WorkbenchSessionOptions): Promise<WorkbenchSession> {
    const { host } = options;
    const logFile = join(host.tempDir, 'workbench.log');
    const log = createWriteStream(logFile);
    const bridge = await UiBridge.start();
    for (const [name, check] of Object.entries(options.checks ?? {})) bridge.register(name, check);
    let browser: Browser | undefined;
    try {
      // Signals are the caller's to handle (it closes the browser before stopping code-server).
      browser = await chromium.launch({ executablePath: options.chromiumPath, headless: true, args: BROWSER_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
      let settle: { resolve: (code: number) => void; reject: (error: Error) => void } | undefined;
      const exitCode = new Promise<number>((resolve, reject) => { settle = { resolve, reject }; });
      exitCode.catch(() => undefined); // observed by the caller; avoid an unhandled rejection meanwhile
      // Both must exist before the workbench loads: it looks for them once, at start-up.
      await page.exposeFunction('codeAutomationExit', (code: number) => settle?.resolve(Number(code)));
      await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
        const message = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
        log.write(`[${type}] ${message}\n`);
        options.onLog?.(type, message);
      });
      page.on('crash', () => settle?.reject(new Error('the workbench page crashed')));
      page.on('close', () => settle?.reject(new Error('the workbench page closed before the test run ended')));
      page.on('pageerror', (error) => log.write(`[pageerror] ${error.stack ?? error.message}\n`));
      bridge.attach({ page, screenshotsDir: options.screenshotsDir });
      const env = {
        [TestEnv.uiBridge]: bridge.url,
        [TestEnv.workspaceFolder]: host.workspaceFolder,
        [TestEnv.workspaceTrust]: host.workspaceTrust ? 'enabled' : 'disabled',
        ...options.extensionEnv,
      };
      const session = new WorkbenchSession(browser, page, bridge, exitCode, logFile, log);
      await page.goto(host.workbenchUrl(extensionTestPayload(options.extensionPath, options.testsPath, env)));
      return session;
    } catch (error) {
      await bridge.close();
      await browser?.close().catch(() => undefined);
      log.end();
      throw error;
    }
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.bridge.close();
    await this.browser.close().catch(() => undefined);
    await new Promise<void>((resolve) => this.log.end(resolve));
  }
}
