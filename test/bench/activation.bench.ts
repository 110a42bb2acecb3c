import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { CodeServerHost, extensionTestPayload } from '../vscode/runner/codeServerHost';
import { codeServerInstalled, findChromium, harnessPaths } from '../vscode/runner/prerequisites';
import { ACTIVATION_PROBE_ENV, ActivationSample } from './activationProtocol';
import { BenchResult, median } from './harness';

const SAMPLES = 5;
/** Extension-host starts dropped before sampling (cold file cache, first compile). */
const WARMUP = 1;
const TARGET_MS = 25;
const MARK_RESOLUTION_MS = 1;
const SAMPLE_TIMEOUT_MS = 120_000;
const EMPTY_ID = 'lync-bench.empty-extension';
const BROWSER_ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** The baseline: an extension that does nothing, activated on the same event as ours. */
function writeEmptyExtension(dir: string): void {
  const [publisher, name] = EMPTY_ID.split('.');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name, publisher, version: '0.0.1', engines: { vscode: '^1.90.0' }, main: './extension.js', activationEvents: ['onStartupFinished'],
  }, null, 2));
  writeFileSync(join(dir, 'extension.js'), 'exports.activate = function () {};\nexports.deactivate = function () {};\n');
}

function readSamples(file: string): ActivationSample[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as ActivationSample);
}

async function waitForSamples(file: string, count: number): Promise<ActivationSample[]> {
  const deadline = Date.now() + SAMPLE_TIMEOUT_MS;
  for (;;) {
    const samples = readSamples(file);
    const failed = samples.find((s) => s.error !== undefined);
    if (failed) throw new Error(`activation probe: ${failed.error}`);
    if (samples.length >= count) return samples;
    if (Date.now() > deadline) throw new Error(`activation probe: sample ${count} did not arrive within ${SAMPLE_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Extension activation time in a real extension host (code-server through the test harness,
 * its workbench in headless Chromium). Our extension (the production build the VSIX ships, from
 * `extensionDir`) and an empty extension load in turn as the development extension of a fresh
 * window on the same code-server; a probe module in each extension host reads VS Code's own
 * performance marks (code loading + the activate() call, as Running Extensions counts them).
 */
export async function activationBenches(extensionDir: string): Promise<{ results: BenchResult[]; notes: string[] }> {
  const paths = harnessPaths();
  const chromiumPath = findChromium();
  if (!codeServerInstalled(paths) || !chromiumPath) {
    const missing = [codeServerInstalled(paths) ? '' : 'code-server (scripts/install-code-server.sh)', chromiumPath ? '' : 'Chromium (scripts/install-system-deps.sh)'].filter(Boolean);
    if (process.env.CI === 'true') throw new Error(`activation bench: ${missing.join(' and ')} not installed`);
    return { results: [], notes: [`activation: skipped, ${missing.join(' and ')} not installed`] };
  }
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8')) as { publisher: string; name: string };
  const ourId = `${manifest.publisher}.${manifest.name}`;
  const work = mkdtempSync(join(tmpdir(), 'lync-bench-activation-'));
  const emptyDir = join(work, 'empty-extension');
  const outFile = join(work, 'samples.jsonl');
  const probe = join(__dirname, 'activationProbe.js');
  mkdirSync(emptyDir);
  writeEmptyExtension(emptyDir);

  let host: CodeServerHost | undefined;
  let browser: Browser | undefined;
  let samples: ActivationSample[];
  try {
    // Trusted folder: the extension activates fully, as it does for a user's own workspace.
    host = await CodeServerHost.start({ paths, workspaceTrust: false });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: BROWSER_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // The workbench calls these when the probe finishes; nothing to do with them here.
    await page.exposeFunction('codeAutomationExit', () => undefined);
    await page.exposeFunction('codeAutomationLog', () => undefined);
    // code-server loads one development extension per window: ours and the empty one take turns,
    // each load a new extension host.
    const order = Array.from({ length: WARMUP + SAMPLES }, () => [[extensionDir, ourId], [emptyDir, EMPTY_ID]] as const).flat();
    for (const [n, [dir, id]] of order.entries()) {
      const env = { [ACTIVATION_PROBE_ENV.outFile]: outFile, [ACTIVATION_PROBE_ENV.extensionIds]: id };
      await page.goto(host.workbenchUrl(extensionTestPayload(dir, probe, env)));
      await waitForSamples(outFile, n + 1);
    }
    samples = readSamples(outFile).slice(2 * WARMUP);
  } finally {
    await browser?.close().catch(() => undefined);
    await host?.stop();
    rmSync(work, { recursive: true, force: true });
  }

  const of = (id: string, key: 'totalMs' | 'codeLoadingMs' | 'activateMs'): number => median(samples.flatMap((s) => s.times?.[id] ? [s.times[id][key]] : []));
  const value = of(ourId, 'totalMs');
  // VS Code's marks tick in whole milliseconds: an empty extension can measure 0.
  const baseline = Math.max(of(EMPTY_ID, 'totalMs'), MARK_RESOLUTION_MS);
  return {
    results: [{
      name: 'extension activation (code loading + activate), real extension host', value, unit: 'ms',
      baseline, baselineName: 'empty extension', ratio: value / baseline, target: `≤ ${TARGET_MS} ms`, pass: value <= TARGET_MS,
    }],
    notes: [
      `activation: ${SAMPLES} extension-host starts each, medians: ours ${of(ourId, 'codeLoadingMs').toFixed(1)} ms loading + ${of(ourId, 'activateMs').toFixed(1)} ms activate(), `
      + `empty ${of(EMPTY_ID, 'codeLoadingMs').toFixed(1)} + ${of(EMPTY_ID, 'activateMs').toFixed(1)} ms; samples ours ${samples.flatMap((s) => s.times?.[ourId] ? [s.times[ourId].totalMs.toFixed(1)] : []).join(', ')} ms`,
    ],
  };
}
