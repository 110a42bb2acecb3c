/**
 * Starts the workbench the way `npm start` does (scripts/start.mjs): the demo pool from
 * scripts/demo.mjs, the profile's settings written to its files by scripts/demoProfile.mjs (not
 * through any API), the extension and the demo's companion linked into the extensions folder, and
 * code-server from scripts/vscode-host.mjs — all loaded from the checkout under test — then opens
 * the workbench in headless Chromium. Also makes copies of this checkout, to start from a copied
 * or moved one.
 */
import { cpSync, lstatSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'fs';
import { join, relative, sep } from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { codeServerInstalled, findChromium, harnessPaths } from '../runner/prerequisites';

interface DemoModule {
  prepareDemo(context: { repoRoot: string; userDataDir: string; workspaceFolder: string }): Promise<{
    userSettings: Record<string, unknown>; env: Record<string, string>; notes: string[]; pool: SimulatedLyncPool; dispose(): Promise<void>;
  }>;
}
interface ProfileModule {
  claimProfile(root: string, demoDir: string): string | undefined;
  writeDemoSettings(options: { root: string; userDataDir: string; defaults?: Record<string, unknown>; demoSettings: Record<string, unknown> }): { userFile: string; machineFile: string };
  linkExtensions(root: string, extensionsDir: string): string;
  linkExtension(folder: string, extensionsDir: string): string;
}
interface HostModule {
  ensureCodeServer(root: string): unknown;
  pickPort(preferred: number): Promise<number>;
  startCodeServer(options: Record<string, unknown>): Promise<{ url: string; stop(): Promise<void> }>;
}

/** The ES modules of scripts/, from the checkout under test (Node 20.19+ can require() them). */
function script<T>(checkout: string, name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the .mjs scripts have no typings; the interfaces above are their contract
  return require(join(checkout, 'scripts', name)) as T;
}

export interface DemoWorkbench {
  page: Page;
  pool: SimulatedLyncPool;
  notes: string[];
  /** What claimProfile said (a profile made by another checkout), else undefined. */
  movedNote: string | undefined;
  userSettingsFile: string;
  machineSettingsFile: string;
  /** The profile's extensions folder. */
  extensionsDir: string;
  close(): Promise<void>;
}

/**
 * The Chromium to drive the workbench with, once it and the cached code-server of `root` are
 * there; without them the suite is skipped (under CI=true it fails instead).
 */
export function chromiumOrSkip(suite: Mocha.Context, root: string): string {
  const browser = findChromium();
  if (browser && codeServerInstalled(harnessPaths(root))) return browser;
  if (process.env.CI === 'true') throw new Error('Chromium or code-server is missing');
  suite.skip();
}

/** Where the profile's extensions come from: a fresh `extensionsDir` to fill, in the profile at `userDataDir`. */
export type PlaceExtensions = (place: { checkout: string; extensionsDir: string; userDataDir: string }) => void;

/** What `npm start` does: the checkout and the demo's companion extension linked (scripts/demoProfile.mjs). */
export const linkLikeNpmStart: PlaceExtensions = ({ checkout, extensionsDir }) => {
  script<ProfileModule>(checkout, 'demoProfile.mjs').linkExtensions(checkout, extensionsDir);
};

/** Links only the demo's companion extension (simulator/demo-extension) into `extensionsDir`, as `npm start` does. */
export function linkDemoCompanion(checkout: string, extensionsDir: string): void {
  mkdirSync(extensionsDir, { recursive: true });
  script<ProfileModule>(checkout, 'demoProfile.mjs').linkExtension(join(checkout, 'simulator', 'demo-extension'), extensionsDir);
}

/**
 * The same steps, in the same order, as scripts/start.mjs main(), for `checkout`; `placeExtensions`
 * replaces the step that links the extensions.
 */
export async function startLikeNpmStart(checkout: string, chromiumPath: string, placeExtensions = linkLikeNpmStart): Promise<DemoWorkbench> {
  const demoDir = join(checkout, '.vscode-test', 'demo-user');
  const userDataDir = join(demoDir, 'user-data');
  const extensionsDir = join(demoDir, 'extensions');
  const workspaceFolder = join(demoDir, 'workspace');
  const host = script<HostModule>(checkout, 'vscode-host.mjs');
  const profile = script<ProfileModule>(checkout, 'demoProfile.mjs');
  const paths = host.ensureCodeServer(checkout);
  mkdirSync(workspaceFolder, { recursive: true });
  const movedNote = profile.claimProfile(checkout, demoDir);
  const demo = await script<DemoModule>(checkout, 'demo.mjs').prepareDemo({ repoRoot: checkout, userDataDir, workspaceFolder });
  const files = profile.writeDemoSettings({ root: checkout, userDataDir, defaults: { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'chat.disableAIFeatures': true }, demoSettings: demo.userSettings });
  let server: { url: string; stop(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  try {
    placeExtensions({ checkout, extensionsDir, userDataDir });
    server = await host.startCodeServer({
      paths, port: await host.pickPort(0), userDataDir, extensionsDir, folder: workspaceFolder,
      logFile: join(demoDir, 'code-server.log'), configFile: join(demoDir, 'config.yaml'), workspaceTrust: false, env: demo.env,
    });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/`);
    const opened = { server, browser };
    return {
      page, pool: demo.pool, notes: demo.notes, movedNote, userSettingsFile: files.userFile, machineSettingsFile: files.machineFile, extensionsDir,
      close: async () => {
        await opened.browser.close().catch(() => undefined);
        await opened.server.stop();
        await demo.dispose();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await demo.dispose();
    throw error;
  }
}

/** Top-level folders a copy does not take as files: reinstalled or rebuilt, or handled below. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'out', '.vscode-test']);

/**
 * A copy of the checkout at `root` in `to`: its files and dist/, and, as a copied `.vscode-test/`
 * would have, the code-server install (linked: large and read-only here) and the demo profile if
 * there is one (copied). node_modules is linked.
 */
export function copyCheckout(root: string, to: string): void {
  cpSync(root, to, { recursive: true, verbatimSymlinks: true, filter: (from) => !NOT_COPIED.has(relative(root, from).split(sep)[0]) });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(to, 'node_modules'), 'dir');
  mkdirSync(join(to, '.vscode-test'), { recursive: true });
  for (const entry of readdirSync(join(root, '.vscode-test'))) {
    const from = join(root, '.vscode-test', entry);
    // Not code-server's IPC socket (left behind when it was stopped hard): it cannot be copied.
    if (entry === 'demo-user') cpSync(from, join(to, '.vscode-test', entry), { recursive: true, verbatimSymlinks: true, filter: (file) => !lstatSync(file).isSocket() });
    else if (/^(code-server|node)-/.test(entry)) symlinkSync(realpathSync(from), join(to, '.vscode-test', entry), 'dir');
  }
}
