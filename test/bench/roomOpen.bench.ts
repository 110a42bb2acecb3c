import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { CodeServerHost, extensionTestPayload } from '../vscode/runner/codeServerHost';
import { codeServerInstalled, findChromium, harnessPaths } from '../vscode/runner/prerequisites';
import { UiBridge } from '../vscode/runner/uiBridge';
import { TestEnv } from '../vscode/shared/uiProtocol';
import { BenchResult, median } from './harness';
import { ROOM_OPEN_PROBE_ENV, RoomOpenSample } from './roomOpenProtocol';

const TIMEOUT_MS = 180_000;
/** Opening a 1,000-message room may cost at most this many empty webviews. */
const TARGET_RATIO = 3;
const BROWSER_ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/**
 * Lync: Open Room → first messages painted, for a room with 1,000 messages of history, in a real
 * extension host (code-server, its workbench in headless Chromium), as a ratio to opening an empty
 * webview panel until its first frame is painted, in the same window. The extension is the repo's
 * build (dist/), loaded as the development extension; test/bench/roomOpenProbe.ts drives it.
 */
export async function roomOpenBenches(): Promise<{ results: BenchResult[]; notes: string[] }> {
  const paths = harnessPaths();
  const chromiumPath = findChromium();
  if (!codeServerInstalled(paths) || !chromiumPath) {
    if (process.env.CI === 'true') throw new Error('room-open bench: code-server or Chromium not installed');
    return { results: [], notes: ['rooms: skipped, code-server or Chromium not installed'] };
  }
  const work = mkdtempSync(join(tmpdir(), 'lync-bench-room-'));
  const outFile = join(work, 'sample.json');
  let host: CodeServerHost | undefined;
  let browser: Browser | undefined;
  let sample: RoomOpenSample | undefined;
  // The probe sees the room editor's messages painted in the page through the UI bridge (the extension exports no panel internals).
  const bridge = await UiBridge.start();
  try {
    host = await CodeServerHost.start({ paths, workspaceTrust: false });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: BROWSER_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.exposeFunction('codeAutomationExit', () => undefined);
    await page.exposeFunction('codeAutomationLog', () => undefined);
    bridge.attach({ page });
    await page.goto(host.workbenchUrl(extensionTestPayload(paths.repoRoot, join(__dirname, 'roomOpenProbe.js'), { [ROOM_OPEN_PROBE_ENV.outFile]: outFile, [TestEnv.uiBridge]: bridge.url })));
    const deadline = Date.now() + TIMEOUT_MS;
    while (!existsSync(outFile)) {
      if (Date.now() > deadline) throw new Error(`room-open probe: no result within ${TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    sample = JSON.parse(readFileSync(outFile, 'utf8')) as RoomOpenSample;
  } finally {
    await browser?.close().catch(() => undefined);
    await bridge.close();
    await host?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  if (sample.error !== undefined) throw new Error(`room-open probe: ${sample.error}`);
  const value = median(sample.oursMs);
  const baseline = median(sample.emptyMs);
  const ratio = value / baseline;
  return {
    results: [{
      name: `Open Room → first ${sample.painted} of ${sample.messages} messages painted, real extension host`, value, unit: 'ms',
      baseline, baselineName: 'empty webview panel → first frame', ratio, target: `≤ ${TARGET_RATIO}× empty webview`, pass: ratio <= TARGET_RATIO,
    }],
    notes: [`rooms: ${sample.oursMs.length} opens each; ours ${sample.oursMs.map((ms) => ms.toFixed(0)).join(', ')} ms; empty ${sample.emptyMs.map((ms) => ms.toFixed(0)).join(', ')} ms`],
  };
}
