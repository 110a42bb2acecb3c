/** Shared by the activation bench (Node) and its probe (inside the extension host, which can import vscode). */
export const ACTIVATION_PROBE_ENV = {
  /** File the probe appends one JSON line (ActivationSample) to per extension-host start. */
  outFile: 'LYNC_BENCH_ACTIVATION_OUT',
  /** Comma-separated extension ids to wait for and report. */
  extensionIds: 'LYNC_BENCH_ACTIVATION_IDS',
} as const;

export interface ActivationTimes { codeLoadingMs: number; activateMs: number; totalMs: number }

export type ActivationSample = { times: Record<string, ActivationTimes>; error?: undefined } | { error: string; times?: undefined };
