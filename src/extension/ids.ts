/** Every command id, setting key and when-clause context key, named once. */
export const EXTENSION_ID = 'lync-pchat.lync-persistent-chat';

export const Commands = {
  connect: 'lyncPersistentChat.connect',
  disconnect: 'lyncPersistentChat.disconnect',
  signIn: 'lyncPersistentChat.signIn',
  signOut: 'lyncPersistentChat.signOut',
  showLog: 'lyncPersistentChat.showLog',
  showInvitations: 'lyncPersistentChat.showInvitations',
  acceptInvitation: 'lyncPersistentChat.acceptInvitation',
  dismissInvitation: 'lyncPersistentChat.dismissInvitation',
  openSettings: 'lyncPersistentChat.openSettings',
  statusMenu: 'lyncPersistentChat.statusMenu',
} as const;

export const SETTINGS_SECTION = 'lyncPersistentChat';

export const Settings = {
  sipUri: 'sipUri',
  server: 'server',
  transport: 'transport',
  username: 'username',
  endpointKind: 'endpointKind',
  clientCertificate: 'application.clientCertificate',
  clientKey: 'application.clientKey',
  gruu: 'application.gruu',
  outboundProxy: 'application.outboundProxy',
  persistentChatUri: 'persistentChatUri',
  caFile: 'caFile',
  autoConnect: 'autoConnect',
  notifications: 'notifications',
  authentication: 'authentication',
} as const;

/** Settings that decide where the password goes: read from user/machine settings only. */
export const RESTRICTED_SETTINGS: readonly string[] = [
  Settings.sipUri, Settings.server, Settings.transport, Settings.username, Settings.endpointKind,
  Settings.clientCertificate, Settings.clientKey, Settings.gruu, Settings.outboundProxy,
  Settings.persistentChatUri, Settings.caFile, Settings.authentication,
];

/**
 * Machine-scoped settings: file paths on the machine the extension runs on. In a remote window
 * (code-server, Remote-SSH, WSL, Codespaces) VS Code reads them from the remote's settings only.
 */
export const MACHINE_SETTINGS: readonly string[] = [Settings.clientCertificate, Settings.clientKey, Settings.caFile];

export const ContextKeys = {
  /** The connection phase: Disconnected | Connecting | Connected | Reconnecting | Error. */
  state: 'lyncPersistentChat.state',
  /** A password (or, for applications, a configuration) is available. */
  signedIn: 'lyncPersistentChat.signedIn',
  /** The SIP address (or the trusted application's settings) is set. */
  configured: 'lyncPersistentChat.configured',
  /** At least one room invitation is listed (live, or remembered while not connected). */
  hasInvitations: 'lyncPersistentChat.hasInvitations',
} as const;

export const StatusBarId = 'lyncPersistentChat.status';
export const InvitationsViewId = 'lyncPersistentChat.invitations';
export const LOG_CHANNEL_NAME = 'Lync Persistent Chat';
export const INVITATION_STATE_KEY = 'lyncPersistentChat.invitations';
/** The invitations last listed, shown while not connected. */
export const KNOWN_INVITATIONS_KEY = 'lyncPersistentChat.knownInvitations';
