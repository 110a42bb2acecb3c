/** Command ids, the view type and the state key of topic feeds, named once. */
export const FeedCommands = {
  create: 'lyncPersistentChat.newTopicFeed',
  edit: 'lyncPersistentChat.editTopicFeed',
  remove: 'lyncPersistentChat.deleteTopicFeed',
  open: 'lyncPersistentChat.openTopicFeed',
} as const;

export const FeedPanelViewType = 'lyncPersistentChat.topicFeed';

/** globalState key of the topic feeds, per signed-in user. */
export const FEEDS_KEY = 'lyncPersistentChat.topicFeeds';
