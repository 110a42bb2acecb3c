import * as vscode from 'vscode';
import { LyncError } from '../common/errors';
import { Logger } from '../common/logger';
import type { ChatConnection, ConnectionStatus } from '../persistentChat/chatConnection';
import type { InvitationStoreState } from '../persistentChat/invitationStore';
import type { RoomService } from '../persistentChat/rooms/types';
import type { ChatRoomInvitation } from '../persistentChat/xccos/types';
import { loadCore } from './lazyCore';
import { GlobalStateFollowedRoomStore } from './rooms/followedRoomStore';
import { ContextKeys, INVITATION_STATE_KEY } from './ids';
import { CredentialStore } from './secrets';
import { ExtensionSettings, missingSetting, readSettings } from './settings';

/** How the password is asked; tests replace it. */
export interface Prompter {
  password(prompt: string): Thenable<string | undefined>;
}

export const inputBoxPrompter: Prompter = {
  password: (prompt) => vscode.window.showInputBox({ title: 'Lync: Sign In', prompt, password: true, ignoreFocusOut: true, validateInput: (v) => (v ? undefined : 'Enter your password') }),
};

export type ServiceStatus = ConnectionStatus | { phase: 'NotConfigured'; since: Date; missing: string; userUri: string };

/**
 * Binds settings and secrets to a ChatConnection: Connect, Disconnect, Sign In, Sign Out, and the
 * wrong-password loop (the stored password is cleared and asked again).
 */
export class LyncService implements vscode.Disposable {
  private connection: ChatConnection | undefined;
  private connectionSubscriptions: vscode.Disposable[] = [];
  private readonly statusEmitter = new vscode.EventEmitter<ServiceStatus>();
  private readonly invitationsEmitter = new vscode.EventEmitter<void>();
  private readonly newInvitationEmitter = new vscode.EventEmitter<ChatRoomInvitation>();
  private readonly errorEmitter = new vscode.EventEmitter<LyncError>();
  private current: ServiceStatus;
  private signedIn = false;

  readonly onDidChangeStatus = this.statusEmitter.event;
  readonly onDidChangeInvitations = this.invitationsEmitter.event;
  readonly onDidReceiveInvitation = this.newInvitationEmitter.event;
  /** Errors the user should see (not the ones a reconnect will fix silently). */
  readonly onDidFail = this.errorEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly credentials: CredentialStore,
    private readonly logger: Logger,
    public prompter: Prompter = inputBoxPrompter,
  ) {
    this.current = this.idleStatus(readSettings());
    void this.setContext(ContextKeys.state, this.current.phase);
  }

  get status(): ServiceStatus {
    return this.current;
  }

  get invitations(): ChatRoomInvitation[] {
    return this.connection?.pendingInvitations ?? [];
  }

  /** The rooms of the current connection (undefined while there is none). */
  get rooms(): RoomService | undefined {
    return this.connection?.rooms;
  }

  get settings(): ExtensionSettings {
    return readSettings();
  }

  /**
   * Reads whether a password is stored, for the `signedIn` context key (no network). While idle,
   * also re-derives NotConfigured/Disconnected from the settings, so the status bar follows them.
   */
  async refreshSignedIn(): Promise<boolean> {
    const s = readSettings();
    this.signedIn = s.endpointKind === 'application' ? !missingSetting(s) : !!(s.sipUri && (await this.credentials.getPassword(s.sipUri)));
    await this.setContext(ContextKeys.signedIn, this.signedIn);
    const phase = this.current.phase;
    if (!this.connection && (phase === 'NotConfigured' || phase === 'Disconnected')) {
      const idle = this.idleStatus(s);
      if (idle.phase !== phase || idle.userUri !== this.current.userUri) this.setStatus(idle);
    }
    return this.signedIn;
  }

  /** Connects with the stored password; asks for one first when `interactive`. */
  async connect(interactive: boolean): Promise<void> {
    const settings = readSettings();
    const missing = missingSetting(settings);
    if (missing) {
      this.setStatus({ phase: 'NotConfigured', since: new Date(), missing, userUri: settings.sipUri });
      if (interactive) this.errorEmitter.fire(new LyncError('InvalidSettings', `Set ${missing} first.`, { retriable: false }));
      return;
    }
    let secret = settings.endpointKind === 'application' ? await this.passphraseFor(settings) : await this.credentials.getPassword(settings.sipUri);
    if (settings.endpointKind === 'user' && !secret) {
      if (!interactive) return;
      secret = await this.askPassword(settings);
      if (!secret) return;
    }
    await this.start(settings, secret);
  }

  async signIn(): Promise<void> {
    const settings = readSettings();
    const missing = missingSetting(settings);
    if (missing) {
      this.errorEmitter.fire(new LyncError('InvalidSettings', `Set ${missing} first.`, { retriable: false }));
      return;
    }
    if (settings.endpointKind === 'application') return this.connect(true);
    const password = await this.askPassword(settings);
    if (password) await this.start(settings, password);
  }

  async disconnect(): Promise<void> {
    const connection = this.connection;
    this.detach();
    await connection?.disconnect();
    connection?.dispose();
    this.setStatus(this.idleStatus(readSettings()));
    this.invitationsEmitter.fire();
  }

  async signOut(): Promise<void> {
    const settings = readSettings();
    await this.disconnect();
    if (settings.sipUri) await this.credentials.deletePassword(settings.sipUri);
    if (settings.clientCertificate) await this.credentials.deletePassphrase(settings.clientCertificate);
    await this.refreshSignedIn();
    this.logger.info('signed out; the stored password was deleted');
  }

  async acceptInvitation(id: number): Promise<void> {
    if (!this.connection) throw new LyncError('ConnectionLost', 'Not connected.');
    await this.connection.acceptInvitation(id);
  }

  dismissInvitation(id: number): void {
    this.connection?.dismissInvitation(id);
  }

  dispose(): void {
    const connection = this.connection;
    this.detach();
    void connection?.disconnect().finally(() => connection.dispose());
    this.statusEmitter.dispose();
    this.invitationsEmitter.dispose();
    this.newInvitationEmitter.dispose();
    this.errorEmitter.dispose();
  }

  private async askPassword(settings: ExtensionSettings, retry = false): Promise<string | undefined> {
    const who = settings.username || settings.sipUri.replace(/^sip:/i, '');
    const password = await this.prompter.password(retry ? `The password for ${who} was not accepted. Enter it again:` : `Password for ${who}`);
    if (!password) return undefined;
    await this.credentials.setPassword(settings.sipUri, password);
    await this.refreshSignedIn();
    return password;
  }

  private async passphraseFor(settings: ExtensionSettings): Promise<string | undefined> {
    if (!/\.(pfx|p12)$/i.test(settings.clientCertificate)) return undefined;
    const stored = await this.credentials.getPassphrase(settings.clientCertificate);
    if (stored !== undefined) return stored;
    const entered = await this.prompter.password(`Passphrase of ${settings.clientCertificate} (empty if none)`);
    if (entered !== undefined) await this.credentials.setPassphrase(settings.clientCertificate, entered);
    return entered;
  }

  private async start(settings: ExtensionSettings, secret: string | undefined): Promise<void> {
    if (this.connection) await this.disconnect();
    const stateKey = `${INVITATION_STATE_KEY}:${settings.sipUri.toLowerCase()}`;
    let connection: ChatConnection;
    try {
      connection = loadCore().createConnection(settings, secret, this.logger, {
        state: this.context.globalState.get<InvitationStoreState>(stateKey),
        save: (state) => void this.context.globalState.update(stateKey, state),
      }, new GlobalStateFollowedRoomStore(this.context.globalState, settings.sipUri));
    } catch (error) {
      this.errorEmitter.fire(LyncError.from(error, 'InvalidSettings'));
      return;
    }
    this.connection = connection;
    this.connectionSubscriptions = [
      toVs(connection.onStatusChanged((s) => this.onConnectionStatus(s, settings))),
      toVs(connection.onInvitationsChanged(() => this.invitationsEmitter.fire())),
      toVs(connection.onInvitationReceived((inv) => this.newInvitationEmitter.fire(inv))),
    ];
    await connection.connect().catch(() => undefined); // reported through the status
  }

  private onConnectionStatus(status: ConnectionStatus, settings: ExtensionSettings): void {
    this.setStatus(status);
    const error = status.lastError;
    if (status.phase !== 'Error' || !error) return;
    if (error.code === 'AuthenticationFailed' && settings.endpointKind === 'user') {
      void this.wrongPassword(settings);
      return;
    }
    this.errorEmitter.fire(error);
  }

  /** The stored password was refused: forget it and ask again (once per failure). */
  private async wrongPassword(settings: ExtensionSettings): Promise<void> {
    await this.credentials.deletePassword(settings.sipUri);
    await this.refreshSignedIn();
    this.logger.warn('the password was refused; it was removed from secret storage');
    const password = await this.askPassword(settings, true);
    if (password) await this.start(settings, password);
    else this.errorEmitter.fire(new LyncError('AuthenticationFailed', 'The password was refused.', { retriable: false }));
  }

  private idleStatus(settings: ExtensionSettings): ServiceStatus {
    const missing = missingSetting(settings);
    return missing
      ? { phase: 'NotConfigured', since: new Date(), missing, userUri: settings.sipUri }
      : { phase: 'Disconnected', since: new Date(), userUri: settings.sipUri };
  }

  private setStatus(status: ServiceStatus): void {
    this.current = status;
    void this.setContext(ContextKeys.state, status.phase);
    this.statusEmitter.fire(status);
  }

  private detach(): void {
    for (const s of this.connectionSubscriptions) s.dispose();
    this.connectionSubscriptions = [];
    this.connection = undefined;
  }

  private setContext(key: string, value: unknown): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', key, value);
  }
}

function toVs(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
}
