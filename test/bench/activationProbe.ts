/**
 * Loaded by the activation bench as the extension-host "test" module: waits until the extensions
 * under measurement are active, then appends their activation times, read from the extension
 * host's own performance marks, to a file as one JSON line. Runs only inside VS Code.
 */
import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { ACTIVATION_PROBE_ENV, ActivationSample, ActivationTimes } from './activationProtocol';

interface PerformanceMark { name: string; startTime: number }

/** The extension host's marks (vs/base/common/performance keeps them on globalThis). */
function marks(): PerformanceMark[] {
  const perf = (globalThis as { MonacoPerformanceMarks?: { getMarks(): PerformanceMark[] } }).MonacoPerformanceMarks;
  return perf?.getMarks() ?? [];
}

function timesOf(id: string, all: PerformanceMark[]): ActivationTimes | string {
  const at = (what: string): number | undefined => all.find((m) => m.name.toLowerCase() === `code/exthost/${what}/${id}`.toLowerCase())?.startTime;
  const [willLoad, didLoad, willActivate, didActivate] = ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'].map(at);
  if (willLoad === undefined || didLoad === undefined || willActivate === undefined || didActivate === undefined) return `no activation marks for ${id}`;
  // As VS Code's Running Extensions view counts it: code loading + the activate() call (and its promise).
  const codeLoadingMs = didLoad - willLoad;
  const activateMs = didActivate - willActivate;
  return { codeLoadingMs, activateMs, totalMs: codeLoadingMs + activateMs };
}

/** Why an extension is not active: not loaded at all, or what activate() throws. */
async function whyInactive(id: string): Promise<string> {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) return `${id} is not loaded`;
  try {
    await extension.activate();
    return `${id} was not activated by its activation events`;
  } catch (error) {
    return `${id} fails to activate: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export async function run(): Promise<void> {
  const out = process.env[ACTIVATION_PROBE_ENV.outFile];
  const ids = (process.env[ACTIVATION_PROBE_ENV.extensionIds] ?? '').split(',').filter(Boolean);
  if (!out || !ids.length) throw new Error(`${ACTIVATION_PROBE_ENV.outFile} and ${ACTIVATION_PROBE_ENV.extensionIds} must be set`);
  const deadline = Date.now() + 60_000;
  let sample: ActivationSample;
  for (;;) {
    const inactive = ids.filter((id) => !vscode.extensions.getExtension(id)?.isActive);
    if (!inactive.length) {
      const all = marks();
      const found = ids.map((id) => [id, timesOf(id, all)] as const);
      const problem = found.find(([, t]) => typeof t === 'string');
      sample = problem ? { error: problem[1] as string } : { times: Object.fromEntries(found) as Record<string, ActivationTimes> };
      break;
    }
    if (Date.now() > deadline) {
      sample = { error: `not active after 60 s: ${(await Promise.all(inactive.map(whyInactive))).join('; ')}` };
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  appendFileSync(out, `${JSON.stringify(sample)}\n`);
}
