/** Every command id, setting key and when-clause context key, named once. */
export const EXTENSION_ID = 'lync-pchat.lync-persistent-chat';

export const Commands = {
  connect: 'lyncPersistentChat.connect',
  disconnect: 'lyncPersistentChat.disconnect',
  signIn: 'lyncPersistentChat.signIn',
  signOut: 'lyncPersistentChat.signOut',
  showLog: 'lyncPersistentChat.showLog',
} as const;

export const SETTINGS_SECTION = 'lyncPersistentChat';

export const ContextKeys = {
  /** The Persistent Chat connection state, e.g. `Established`. Views and menus switch on it. */
  state: 'lyncPersistentChat.state',
} as const;

export const StatusBarId = 'lyncPersistentChat.status';
export const LOG_CHANNEL_NAME = 'Lync Persistent Chat';
