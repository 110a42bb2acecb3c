import * as vscode from 'vscode';
import { LyncError } from '../common/errors';
import { Logger } from '../common/logger';
import type { ChatConnection, ConnectionStatus } from '../persistentChat/chatConnection';
import type { InvitationStoreState } from '../persistentChat/invitationStore';
import type { PresenceDirectory } from '../persistentChat/presence/presenceDirectory';
import type { RoomService } from '../persistentChat/rooms/types';
import type { ChatRoomInvitation } from '../persistentChat/xccos/types';
import { loadCore } from './lazyCore';
import { GlobalStateFollowedRoomStore } from './followedRoomStore';
import { ContextKeys, INVITATION_STATE_KEY } from './ids';
import { checkApiSignIn } from './api/signInCheck';
import { KnownInvitations } from './knownInvitations';
import { CredentialPrompts } from './credentialPrompts';
import { CredentialStore } from './secrets';
import { idleStatus, notConfigured, ServiceStatus } from './serviceStatus';
import { ExtensionSettings, missingSetting, readSettings } from './settings';

export type { ServiceStatus } from './serviceStatus';

/**
 * Binds settings and secrets to a ChatConnection: Connect, Disconnect, Sign In, Sign Out, and the
 * wrong-password loop (the stored password is cleared and asked again).
 */
export class LyncService implements vscode.Disposable {
  private connection: ChatConnection | undefined;
  private connectionSubscriptions: { dispose(): void }[] = [];
  private readonly statusEmitter = new vscode.EventEmitter<ServiceStatus>();
  private readonly invitationsEmitter = new vscode.EventEmitter<void>();
  private readonly newInvitationEmitter = new vscode.EventEmitter<ChatRoomInvitation>();
  private readonly errorEmitter = new vscode.EventEmitter<LyncError>();
  private current: ServiceStatus;
  private signedIn = false;
  /** The invitations last listed while connected (globalState), shown while not connected. */
  private known: ChatRoomInvitation[] = [];
  private readonly knownStore: KnownInvitations;
  private readonly prompts: CredentialPrompts;
  /** A user's Connect / Sign In is in progress, until it connects or its first failure was shown. */
  private reportNextFailure = false;
  /** A connect() or signInWithPassword() is between its start and its connection being created. */
  private starting = 0;
  /** Connection settings changed while connected and the user did not reconnect: the next drop applies them. */
  private settingsPending = false;
  /** The session was ended because the settings became unusable: fixing them offers to reconnect. */
  private endedBySettings = false;
  /** The server of this connection's last session, named while reconnecting (the core's status has none then). */
  private lastServer: string | undefined;

  readonly onDidChangeStatus = this.statusEmitter.event;
  readonly onDidChangeInvitations = this.invitationsEmitter.event;
  readonly onDidReceiveInvitation = this.newInvitationEmitter.event;
  /** Errors the user should see (not the ones a reconnect will fix silently). */
  readonly onDidFail = this.errorEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly credentials: CredentialStore,
    private readonly logger: Logger,
  ) {
    const settings = readSettings();
    this.current = idleStatus(settings);
    this.knownStore = new KnownInvitations(context.globalState);
    this.prompts = new CredentialPrompts(credentials);
    if (settings.sipUri) this.known = this.knownStore.load(settings.sipUri);
    void this.setContext(ContextKeys.state, this.current.phase);
    void this.setContext(ContextKeys.hasInvitations, this.known.length > 0);
  }

  get status(): ServiceStatus {
    return this.current;
  }

  /** The server's pending invitations while connected; otherwise the ones last listed (see invitationsLive). */
  get invitations(): ChatRoomInvitation[] {
    return this.invitationsLive && this.connection ? this.connection.pendingInvitations : this.known;
  }

  /** Whether `invitations` is the server's live list; when false it is remembered and cannot be acted on yet. */
  get invitationsLive(): boolean {
    return !!this.connection && this.current.phase === 'Connected';
  }

  /** Rooms joined in this session (accepted invitations, re-joined after reconnects). */
  get joinedRooms(): string[] {
    return this.connection?.joinedRooms ?? [];
  }

  /** A password (or, for an application, a complete configuration) is available; see refreshSignedIn. */
  get isSignedIn(): boolean {
    return this.signedIn;
  }

  /** The room management web page provisioning named for this sign-in (undefined: none, or no connection). */
  get roomManagementUrl(): string | undefined {
    return this.connection?.roomManagementUrl;
  }

  /** The rooms of the current connection (undefined while there is none). */
  get rooms(): RoomService | undefined {
    return this.connection?.rooms;
  }

  /** Names and presence of the people in the rooms (undefined: no connection). */
  get presence(): PresenceDirectory | undefined {
    return this.connection?.presence;
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
    await this.setContext(ContextKeys.configured, !missingSetting(s));
    const phase = this.current.phase;
    if (!this.connection && (phase === 'NotConfigured' || phase === 'Disconnected')) {
      const idle = idleStatus(s);
      if (idle.phase !== phase || idle.userUri !== this.current.userUri) this.setStatus(idle);
    }
    return this.signedIn;
  }

  /**
   * The connection settings changed. Unusable ones end the session (NotConfigured, so nothing stays
   * signed in under settings the user has replaced); usable ones take effect at once while no
   * session is live (the retries of Connecting/Reconnecting use them), and at the next drop while
   * connected. Returns whether to offer a reconnect: connected now, or a session the settings
   * ended can resume.
   */
  async applySettings(): Promise<boolean> {
    await this.refreshSignedIn();
    const settings = readSettings();
    const missing = missingSetting(settings);
    if (missing) {
      if (this.connection) await this.endForSettings(settings, missing);
      return false;
    }
    if (this.endedBySettings) {
      this.endedBySettings = false;
      return true;
    }
    if (!this.connection) return false;
    const phase = this.current.phase;
    if (phase === 'Connected') {
      this.settingsPending = true;
      return true;
    }
    if (phase === 'Connecting' || phase === 'Reconnecting') await this.restartWithSettings();
    return false;
  }

  /** Connects with the stored password; asks for one first when `interactive`. */
  async connect(interactive: boolean): Promise<void> {
    this.starting++;
    try {
      await this.connectNow(interactive);
    } finally {
      this.starting--;
    }
  }

  /** At start-up: connects with the stored password unless a connection exists or is being made. */
  async autoConnect(): Promise<void> {
    if (this.connection || this.starting) return;
    await this.connect(false);
  }

  /**
   * The public API's sign-in (LyncExtensionApi.signIn): Lync: Sign In with the password given
   * instead of asked. Only for the configured SIP address; a no-op when already signed in with it.
   */
  async signInWithPassword(sipUri: string, password: string): Promise<void> {
    const settings = readSettings();
    checkApiSignIn(settings, sipUri, password);
    this.starting++;
    try {
      if ((this.connection || this.starting > 1) && (await this.credentials.getPassword(settings.sipUri)) === password) return;
      await this.credentials.setPassword(settings.sipUri, password);
      await this.refreshSignedIn();
      await this.start(settings, password, false);
    } finally {
      this.starting--;
    }
  }

  private async connectNow(interactive: boolean): Promise<void> {
    const settings = readSettings();
    const missing = missingSetting(settings);
    if (missing) {
      if (this.connection) await this.endForSettings(settings, missing);
      else this.setStatus(notConfigured(settings, missing));
      if (interactive) this.errorEmitter.fire(new LyncError('InvalidSettings', vscode.l10n.t('Set {0} first.', missing), { retriable: false }));
      return;
    }
    let secret = settings.endpointKind === 'application' ? await this.prompts.passphrase(settings) : await this.credentials.getPassword(settings.sipUri);
    if (settings.endpointKind === 'user' && !secret && this.prompts.singleSignOn(settings)) {
      secret = ''; // Kerberos: nothing to ask or store
    } else if (settings.endpointKind === 'user' && !secret) {
      if (!interactive) return;
      secret = await this.askPassword(settings);
      if (!secret) return;
    }
    await this.start(settings, secret, interactive);
  }

  async signIn(): Promise<void> {
    const settings = readSettings();
    const missing = missingSetting(settings);
    if (missing) {
      this.errorEmitter.fire(new LyncError('InvalidSettings', vscode.l10n.t('Set {0} first.', missing), { retriable: false }));
      return;
    }
    if (settings.endpointKind === 'application') return this.connect(true);
    if (this.prompts.singleSignOn(settings)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Lync: signing in with Kerberos single sign-on (your domain ticket); no password is asked or stored.'));
      return this.start(settings, '', true);
    }
    const password = await this.askPassword(settings);
    if (password) await this.start(settings, password, true);
  }

  async disconnect(): Promise<void> {
    const connection = this.connection;
    this.detach();
    this.settingsPending = false;
    this.endedBySettings = false; // the user ended it: changing the settings back offers nothing
    await connection?.disconnect();
    connection?.dispose();
    this.setStatus(idleStatus(readSettings()));
    this.invitationsChanged();
  }

  async signOut(): Promise<void> {
    const settings = readSettings();
    await this.disconnect();
    if (settings.sipUri) await this.credentials.deletePassword(settings.sipUri);
    if (settings.sipUri) await this.knownStore.clear(settings.sipUri);
    this.known = [];
    this.invitationsChanged();
    if (settings.clientCertificate) await this.credentials.deletePassphrase(settings.clientCertificate);
    await this.refreshSignedIn();
    this.logger.info('signed out; the stored password was deleted');
  }

  async acceptInvitation(id: number): Promise<void> {
    if (!this.connection) throw new LyncError('ConnectionLost', vscode.l10n.t('Not connected.'));
    await this.connection.acceptInvitation(id);
  }

  dismissInvitation(id: number): void {
    this.connection?.dismissInvitation(id);
  }

  dispose(): void {
    const connection = this.connection;
    this.detach();
    void connection?.disconnect().finally(() => connection.dispose());
    for (const emitter of [this.statusEmitter, this.invitationsEmitter, this.newInvitationEmitter, this.errorEmitter]) emitter.dispose();
  }

  private async askPassword(settings: ExtensionSettings, retry = false): Promise<string | undefined> {
    const password = await this.prompts.password(settings, retry);
    if (password) await this.refreshSignedIn();
    return password;
  }

  /** `userAction`: a person asked for this connection, so its first failure is shown even if it will be retried. */
  private async start(settings: ExtensionSettings, secret: string | undefined, userAction: boolean): Promise<void> {
    if (this.connection) await this.disconnect();
    this.settingsPending = false;
    this.endedBySettings = false;
    this.lastServer = undefined;
    this.known = this.knownStore.load(settings.sipUri);
    this.invitationsChanged();
    const stateKey = `${INVITATION_STATE_KEY}:${settings.sipUri.toLowerCase()}`;
    let connection: ChatConnection;
    try {
      connection = loadCore().createConnection(settings, secret, this.logger, {
        state: this.context.globalState.get<InvitationStoreState>(stateKey),
        save: (state) => void this.context.globalState.update(stateKey, state),
      }, new GlobalStateFollowedRoomStore(this.context.globalState, settings.sipUri), this.context.globalState);
    } catch (error) {
      this.errorEmitter.fire(LyncError.from(error, 'InvalidSettings'));
      return;
    }
    this.connection = connection;
    this.connectionSubscriptions = [
      connection.onStatusChanged((s) => this.onConnectionStatus(s, settings)),
      connection.onInvitationsChanged(() => this.liveInvitationsChanged()),
      connection.onInvitationReceived((inv) => this.newInvitationEmitter.fire(inv)),
    ];
    this.reportNextFailure = userAction;
    await connection.connect().catch((error: unknown) => {
      // Non-retriable failures end in the Error status, shown by onConnectionStatus. A retriable one
      // is retried silently, except right after the user asked: then they hear about it once.
      const e = LyncError.from(error);
      if (this.connection !== connection || !this.reportNextFailure || !e.retriable || e.code === 'Aborted') return;
      this.reportNextFailure = false;
      this.errorEmitter.fire(e);
    });
  }

  /** The live list changed: remember it (for restarts and reconnects) and refresh the view. */
  private liveInvitationsChanged(): void {
    if (this.invitationsLive && this.connection) {
      this.known = this.connection.pendingInvitations;
      void this.knownStore.save(this.connection.status.userUri, this.known);
    }
    this.invitationsChanged();
  }

  private invitationsChanged(): void {
    void this.setContext(ContextKeys.hasInvitations, this.invitations.length > 0);
    this.invitationsEmitter.fire();
  }

  private onConnectionStatus(status: ConnectionStatus, settings: ExtensionSettings): void {
    const wasLive = this.invitationsLive;
    if (status.phase === 'Connected' && status.server) this.lastServer = status.server;
    this.setStatus(status.server || status.phase === 'Connected' ? status : { ...status, server: this.lastServer ?? (settings.server || undefined) });
    if (status.phase === 'Connected') this.reportNextFailure = false;
    if (status.phase === 'Reconnecting' && this.settingsPending) {
      // The session the user kept is gone: retry with the settings they changed since.
      this.settingsPending = false;
      void this.restartWithSettings();
    }
    if (wasLive !== this.invitationsLive) this.liveInvitationsChanged();
    const error = status.lastError;
    if (status.phase !== 'Error' || !error) return;
    // Only a refused password is forgotten and asked again; every other authentication error keeps it.
    if (error.auth?.reason === 'passwordRefused' && settings.endpointKind === 'user') {
      void this.wrongPassword(settings);
      return;
    }
    if (error.auth?.reason === 'credentialsMissing' && settings.endpointKind === 'user' && settings.authentication === 'auto') {
      void this.passwordAfterSingleSignOn(settings);
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
    if (password) await this.start(settings, password, true);
    else this.errorEmitter.fire(new LyncError('AuthenticationFailed', vscode.l10n.t('The password was refused.'), { retriable: false }));
  }

  /** `auto` tried single sign-on and the pool wants a password after all: ask for it once. */
  private async passwordAfterSingleSignOn(settings: ExtensionSettings): Promise<void> {
    this.logger.info('the pool did not offer Kerberos single sign-on: asking for the password');
    const password = await this.askPassword(settings);
    if (password) await this.start(settings, password, true);
  }

  /** Starts over with the current settings and stored secret; without one (another account), just disconnects. */
  private async restartWithSettings(): Promise<void> {
    const previous = this.connection;
    this.logger.info('the connection settings changed: connecting with the new ones');
    await this.connect(false);
    if (previous && this.connection === previous) await this.disconnect();
  }

  /** Ends the session because the settings can no longer describe it; NotConfigured says what to fix. */
  private async endForSettings(settings: ExtensionSettings, missing: string): Promise<void> {
    const connection = this.connection;
    this.detach();
    this.endedBySettings = true;
    this.setStatus(notConfigured(settings, missing));
    this.invitationsChanged();
    this.logger.warn(`the settings are incomplete (${missing}): signed out`);
    await connection?.disconnect();
    connection?.dispose();
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
