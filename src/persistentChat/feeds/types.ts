/**
 * Topic feeds (Lync 2013's topic feeds and alerts): a name plus keywords and/or people, optionally
 * limited to some rooms. A message matches when every criterion given matches: one of the keywords
 * (case-insensitive, whole words), one of the people (by SIP address), one of the rooms.
 */
export interface TopicFeed {
  /** Stable across renames. */
  id: string;
  name: string;
  keywords: string[];
  /** `sip:` URIs, lower case. */
  people: string[];
  /** `ma-chan://` room URIs; empty = every followed room. */
  rooms: string[];
}

/** What the user typed, before validation (comma-separated lists). */
export interface FeedInput {
  name: string;
  keywords: string;
  people: string;
  rooms?: string[];
}

/** Why a feed was refused; the extension turns each into a message. */
export type FeedProblem =
  | { code: 'NameEmpty' }
  | { code: 'NameTooLong'; limit: number }
  | { code: 'NameTaken' }
  | { code: 'NothingToMatch' }
  | { code: 'TooManyKeywords'; limit: number }
  | { code: 'KeywordTooLong'; limit: number }
  | { code: 'TooManyPeople'; limit: number }
  | { code: 'PersonInvalid'; value: string }
  | { code: 'TooManyRooms'; limit: number }
  | { code: 'TooManyFeeds'; limit: number };

export const FEED_LIMITS = {
  feeds: 50,
  name: 60,
  keywords: 20,
  keyword: 60,
  people: 20,
  rooms: 100,
  /** Matches kept per feed (newest). */
  matches: 500,
} as const;
