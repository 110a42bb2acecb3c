/** Names of the extension under test, as the suite addresses it (kept in step with src/extension/ids.ts). */
export const EXTENSION_ID = 'lync-pchat.lync-persistent-chat';
export const SECTION = 'lyncPersistentChat';
