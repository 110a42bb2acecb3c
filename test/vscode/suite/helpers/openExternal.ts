import * as vscode from 'vscode';

type OpenExternal = typeof vscode.env.openExternal;
export interface OpenExternalRecord {
  /** Every address handed to openExternal, in order. */
  readonly opened: string[];
  restore(): void;
}

/** A record that records nothing (before recordOpenExternal() ran). */
export const NOT_RECORDING: OpenExternalRecord = { opened: [], restore: () => undefined };

/**
 * Records what the extension hands vscode.env.openExternal. The workbench asks before opening a
 * website whose domain it does not trust, and a test host refuses that dialog, so nothing could be
 * seen opening; the extension host leaves `env` patchable in a test host for this (it is frozen
 * otherwise), and the extension shares this suite's API object.
 */
export function recordOpenExternal(): OpenExternalRecord {
  const env = vscode.env as { openExternal: OpenExternal };
  const original = env.openExternal;
  const opened: string[] = [];
  env.openExternal = (target) => {
    opened.push(target.toString(true));
    return Promise.resolve(true);
  };
  return { opened, restore: () => { env.openExternal = original; } };
}
