/**
 * The extension under test, as the suite reaches it: its public API (what other extensions get),
 * its commands, the password box in the page, its settings (written to user settings, as a person
 * would), a recorder of the connection phases, and the clean-up every file runs so test order
 * never matters.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedLyncPool } from '../../../../simulator/pool';
import type { LyncApiErrorInfo, LyncConnectionPhase, LyncConnectionStatus, LyncFollowedRoom, LyncPersistentChatApi, LyncRoomInvitation } from '../../../../src/extension/api/types';
import { EXTENSION_ID, SECTION } from './ids';
import { invitationNotificationsFlushed, trackInvitationNotices } from './notices';
import { answerPasswordBoxWith, ScriptedPrompter } from './passwordBox';
import { ALICE, caFile, clearFaults } from './pool';
import { waitFor } from './wait';
import { clearNotifications } from './workbench';

export { EXTENSION_ID, SECTION, ScriptedPrompter };
export type Phase = LyncConnectionPhase;

/**
 * The extension driven as a user and other extensions can: state read from the public API,
 * actions through its contributed commands, the password typed into the page's password box.
 */
export class Lync {
  private script = new ScriptedPrompter();

  constructor(readonly api: LyncPersistentChatApi) {}

  get status(): LyncConnectionStatus {
    return this.api.status;
  }

  get onDidChangeStatus(): vscode.Event<LyncConnectionStatus> {
    return this.api.onDidChangeStatus;
  }

  get invitations(): readonly LyncRoomInvitation[] {
    return this.api.invitations;
  }

  /** Whether the listed invitations are the server's (Connected) rather than the ones remembered from before. */
  get invitationsLive(): boolean {
    return this.api.status.phase === 'Connected';
  }

  /** Each failure the status reports (its lastError), as the status bar and the error notifications show it. */
  onDidFail(listener: (error: LyncApiErrorInfo) => void): vscode.Disposable {
    return this.api.onDidChangeStatus((status) => {
      if (status.lastError) listener(status.lastError);
    });
  }

  /** A followed room as the API lists it (case-insensitive URI). */
  room(uri: string): LyncFollowedRoom | undefined {
    return this.api.followedRooms.find((r) => r.uri.toLowerCase() === uri.toLowerCase());
  }

  /** How the password box is answered from now on (see ScriptedPrompter). */
  get prompter(): ScriptedPrompter {
    return this.script;
  }

  set prompter(prompter: ScriptedPrompter) {
    this.script = prompter;
    answerPasswordBoxWith(prompter);
  }

  /**
   * The connect that needs no person, as at start-up with autoConnect (the API's connect(): the
   * stored password or nothing, never a prompt). Lync: Connect is the command.
   */
  connect(interactive: false): Promise<void> {
    assert.equal(interactive, false, 'an interactive connect is the Lync: Connect command');
    return this.api.connect();
  }

  async disconnect(): Promise<void> {
    await vscode.commands.executeCommand('lyncPersistentChat.disconnect');
  }

  async signOut(): Promise<void> {
    await vscode.commands.executeCommand('lyncPersistentChat.signOut');
  }

  /** Lync: Accept Invitation on the listed invitation (it joins, follows and opens the room). */
  async acceptInvitation(id: number): Promise<void> {
    await vscode.commands.executeCommand('lyncPersistentChat.acceptInvitation', this.invitation(id));
  }

  /** Lync: Dismiss Invitation on the listed invitation; the list changes once the command has run. */
  dismissInvitation(id: number): void {
    void vscode.commands.executeCommand('lyncPersistentChat.dismissInvitation', this.invitation(id));
  }

  /**
   * The settings as the extension reads them (not as written: workspace values of restricted
   * settings are ignored), from the settings section of Lync: Copy Diagnostics.
   */
  async settingsAsRead(): Promise<Record<string, string>> {
    const report = await vscode.commands.executeCommand<string>('lyncPersistentChat.copyDiagnostics');
    const section = report.split('## Settings (no secrets)\n')[1]?.split('\n\n')[0] ?? '';
    return Object.fromEntries(section.split('\n').flatMap((line) => {
      const match = /^- (\w+): (.*)$/.exec(line);
      return match ? [[match[1], match[2] === '(not set)' ? '' : String(JSON.parse(match[2]))]] : [];
    }));
  }

  private invitation(id: number): LyncRoomInvitation {
    const invitation = this.invitations.find((i) => i.id === id);
    assert.ok(invitation, `invitation ${id} is not listed`);
    return invitation;
  }
}

export async function lyncService(): Promise<Lync> {
  const ext = vscode.extensions.getExtension<LyncPersistentChatApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in the extension host`);
  const api = await ext.activate();
  assert.equal(api?.apiVersion, 1, 'activate() returned no API version 1');
  trackInvitationNotices(api);
  return new Lync(api);
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

/** Records each status the service reports, in order. */
export class PhaseRecorder implements vscode.Disposable {
  readonly statuses: LyncConnectionStatus[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: Lync) {
    this.subscription = service.onDidChangeStatus((s) => this.statuses.push(s));
  }

  get phases(): Phase[] {
    return this.statuses.map((s) => s.phase);
  }

  /** Resolves with the first status in `phase` reported since recording began. */
  async until(phase: Phase, timeoutMs = 15_000): Promise<LyncConnectionStatus> {
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

export async function waitForPhase(service: Lync, phase: Phase, timeoutMs = 15_000): Promise<LyncConnectionStatus> {
  return waitFor(() => service.status.phase === phase && service.status, `phase ${phase}`, timeoutMs, () => describeStatus(service.status));
}

export function describeStatus(status: LyncConnectionStatus): string {
  const error = status.lastError ? ` (${status.lastError.code}: ${status.lastError.message})` : '';
  return `${status.phase}${error}`;
}

/** Whether a password for the configured SIP URI is in secret storage (the API's status says). */
export function passwordStored(service: Lync): boolean {
  return service.status.signedIn;
}

/** Signs in through the Sign In command with the demo password; fails unless Connected. */
export async function signInAsAlice(service: Lync): Promise<ScriptedPrompter> {
  const prompter = new ScriptedPrompter(ALICE.password);
  service.prompter = prompter;
  await vscode.commands.executeCommand('lyncPersistentChat.signIn');
  assert.equal(describeStatus(service.status), 'Connected');
  return prompter;
}

/** Leaves the extension signed out and disconnected, settings and pool faults reset, no editors, no notifications. */
export async function cleanUp(service: Lync, pool?: SimulatedLyncPool): Promise<void> {
  if (pool) clearFaults(pool);
  service.prompter = new ScriptedPrompter();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  // Followed rooms outlive sign-out (globalState): leave them, or the next test's invitations to them are moot.
  if (service.status.phase === 'Connected') {
    for (const room of service.api.followedRooms) await vscode.commands.executeCommand('lyncPersistentChat.leaveRoom', room.uri);
  }
  await service.signOut();
  await resetSettings();
  await service.disconnect(); // recomputes the idle status from the reset settings (NotConfigured)
  assert.equal(passwordStored(service), false, 'a password is still stored after clean-up');
  // An invitation notification still batching would appear in the next test: let it show first.
  await invitationNotificationsFlushed();
  await clearNotifications();
}
