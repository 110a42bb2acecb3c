/**
 * The extension under test, as the suite reaches it: its API (the LyncService), its settings
 * (written to user settings, as a person would), a scripted password prompt, a recorder of the
 * connection phases, and the clean-up every file runs so test order never matters.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../../simulator/pool';
import type { LyncExtensionApi } from '../../../../src/extension/extension';
import type { LyncService, Prompter, ServiceStatus } from '../../../../src/extension/lyncService';
import { EXTENSION_ID, SECTION } from './ids';
import { invitationNotificationsFlushed, trackInvitationNotices } from './notices';
import { ALICE, caFile, clearFaults } from './pool';
import { waitFor } from './wait';
import { clearNotifications } from './workbench';

export { EXTENSION_ID, SECTION };
export type Phase = ServiceStatus['phase'];

export async function lyncService(): Promise<LyncService> {
  const ext = vscode.extensions.getExtension<LyncExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in the extension host`);
  const api = await ext.activate();
  assert.ok(api?.service, 'activate() returned no service');
  trackInvitationNotices(api.service);
  return api.service;
}

type SettingSchema = { scope?: string; enum?: string[]; enumDescriptions?: string[]; enumItemLabels?: string[] };
type ConfigurationSection = { title?: string; properties: Record<string, SettingSchema> };

/** Every setting the manifest contributes (full key → schema), over all its configuration sections. */
export function contributedSettings(): Record<string, SettingSchema> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  const configuration = (ext?.packageJSON as { contributes: { configuration: ConfigurationSection | ConfigurationSection[] } }).contributes.configuration;
  return Object.assign({}, ...[configuration].flat().map((section) => section.properties)) as Record<string, SettingSchema>;
}

/** Every setting key the manifest contributes, without the section prefix. */
export function contributedSettingKeys(): string[] {
  return Object.keys(contributedSettings()).map((key) => key.slice(SECTION.length + 1));
}

/** Points the user settings at the pool as alice over TLS with the test CA (no password). */
export async function configureForPool(pool: SimulatedLyncPool, overrides: Record<string, unknown> = {}): Promise<void> {
  const values: Record<string, unknown> = {
    sipUri: ALICE.uri,
    server: `${pool.addresses.tls.host}:${pool.addresses.tls.port}`,
    transport: 'tls',
    caFile: caFile(pool),
    ...overrides,
  };
  for (const [key, value] of Object.entries(values)) await setUserSetting(key, value);
}

/**
 * Writes one user setting and returns once this extension host reads the new value, which is
 * what the extension reads when it next decides something (e.g. whether to notify).
 */
export async function setUserSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  const wanted = JSON.stringify(value);
  await waitFor(
    () => JSON.stringify(vscode.workspace.getConfiguration(SECTION).inspect(key)?.globalValue) === wanted,
    `the extension host to read ${SECTION}.${key} = ${wanted ?? 'unset'}`,
    10_000,
    () => JSON.stringify(vscode.workspace.getConfiguration(SECTION).inspect(key)?.globalValue) ?? 'unset',
  );
}

/** Removes every user-level value of the extension's settings. */
export async function resetSettings(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  for (const key of contributedSettingKeys()) {
    if (config.inspect(key)?.globalValue !== undefined) await setUserSetting(key, undefined);
  }
}

/** Answers the password box from a script; every prompt is recorded. Out of answers = Cancel. */
export class ScriptedPrompter implements Prompter {
  readonly prompts: string[] = [];
  private readonly answers: (string | undefined)[];

  constructor(...answers: (string | undefined)[]) {
    this.answers = answers;
  }

  password(prompt: string): Thenable<string | undefined> {
    this.prompts.push(prompt);
    return Promise.resolve(this.answers.shift());
  }
}

/** Records each status the service reports, in order. */
export class PhaseRecorder implements vscode.Disposable {
  readonly statuses: ServiceStatus[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: LyncService) {
    this.subscription = service.onDidChangeStatus((s) => this.statuses.push(s));
  }

  get phases(): Phase[] {
    return this.statuses.map((s) => s.phase);
  }

  /** Resolves with the first status in `phase` reported since recording began. */
  async until(phase: Phase, timeoutMs = 15_000): Promise<ServiceStatus> {
    return waitFor(
      () => this.statuses.find((s) => s.phase === phase),
      `the service to report ${phase}`,
      timeoutMs,
      () => `phases ${this.phases.join(' → ') || '(none)'}, current ${this.service.status.phase}`,
    );
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

export async function waitForPhase(service: LyncService, phase: Phase, timeoutMs = 15_000): Promise<ServiceStatus> {
  return waitFor(() => service.status.phase === phase && service.status, `phase ${phase}`, timeoutMs, () => describeStatus(service.status));
}

export function describeStatus(status: ServiceStatus): string {
  const error = 'lastError' in status && status.lastError ? ` (${status.lastError.code}: ${status.lastError.message})` : '';
  return `${status.phase}${error}`;
}

/** Whether a password for the configured SIP URI is in secret storage (read through the service). */
export function passwordStored(service: LyncService): Promise<boolean> {
  return service.refreshSignedIn();
}

/** Signs in through the Sign In command with the demo password; fails unless Connected. */
export async function signInAsAlice(service: LyncService): Promise<ScriptedPrompter> {
  const prompter = new ScriptedPrompter(ALICE.password);
  service.prompter = prompter;
  await vscode.commands.executeCommand('lyncPersistentChat.signIn');
  assert.equal(describeStatus(service.status), 'Connected');
  return prompter;
}

/** Leaves the extension signed out and disconnected, settings and pool faults reset, no notifications. */
export async function cleanUp(service: LyncService, pool?: SimulatedLyncPool): Promise<void> {
  if (pool) clearFaults(pool);
  service.prompter = new ScriptedPrompter();
  // Followed rooms outlive sign-out (globalState): leave them, or the next test's invitations to them are moot.
  for (const room of [...(service.rooms?.followed ?? [])]) await service.rooms?.unfollow(room.uri).catch(() => undefined);
  await service.signOut();
  await resetSettings();
  await service.disconnect(); // recomputes the idle status from the reset settings (NotConfigured)
  assert.equal(await service.refreshSignedIn(), false, 'a password is still stored after clean-up');
  // An invitation notification still batching would appear in the next test: let it show first.
  await invitationNotificationsFlushed();
  await clearNotifications();
}
