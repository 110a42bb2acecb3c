/** Command ids, view ids, setting keys and state keys of the rooms UI, named once. */
export const RoomCommands = {
  browse: 'lyncPersistentChat.browseRooms',
  refresh: 'lyncPersistentChat.refreshRooms',
  open: 'lyncPersistentChat.openRoom',
  leave: 'lyncPersistentChat.leaveRoom',
  mute: 'lyncPersistentChat.muteRoom',
  unmute: 'lyncPersistentChat.unmuteRoom',
  copyLink: 'lyncPersistentChat.copyRoomLink',
  share: 'lyncPersistentChat.shareToRoom',
  showRooms: 'lyncPersistentChat.showRooms',
  openMentions: 'lyncPersistentChat.openUnreadMentions',
} as const;

export const RoomsViewId = 'lyncPersistentChat.rooms';
export const RoomPanelViewType = 'lyncPersistentChat.room';
/** `lyncPersistentChat.messageNotifications`: mentions (default) | all | off. */
export const MESSAGE_NOTIFICATIONS_SETTING = 'messageNotifications';
export type MessageNotifications = 'mentions' | 'all' | 'off';
