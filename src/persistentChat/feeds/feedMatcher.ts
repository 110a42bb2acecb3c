import type { RoomMessage } from '../rooms/types';
import { aorOf, roomKey } from '../rooms/messageModel';
import type { TopicFeed } from './types';

/** Where a keyword matched in the message text: [start, end) in UTF-16 units. */
export type MatchRange = readonly [number, number];

export interface FeedMatch {
  feedId: string;
  /** The keyword hits, in order and not overlapping (empty when the feed has no keywords). */
  ranges: MatchRange[];
}

/** At most this many highlights per message (a hostile message repeating a keyword stays cheap to show). */
const MAX_RANGES = 50;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Keywords as whole words, case-insensitively; word edges that work for non-ASCII letters (as mentions do). */
export function keywordPattern(keywords: readonly string[]): RegExp | undefined {
  if (keywords.length === 0) return undefined;
  const alternatives = [...keywords].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'giu');
}

/** One feed, compiled once: says whether a message matches and where its keywords are. */
export class FeedMatcher {
  private readonly keywords: RegExp | undefined;
  private readonly people: ReadonlySet<string>;
  private readonly rooms: ReadonlySet<string>;

  constructor(readonly feed: TopicFeed) {
    this.keywords = keywordPattern(feed.keywords);
    this.people = new Set(feed.people.map(aorOf));
    this.rooms = new Set(feed.rooms.map(roomKey));
  }

  /** The match, when every criterion the feed has matches; the user's own posts never match. */
  match(message: RoomMessage): FeedMatch | undefined {
    if (message.own) return undefined;
    if (this.rooms.size > 0 && !this.rooms.has(roomKey(message.roomUri))) return undefined;
    if (this.people.size > 0 && !this.people.has(aorOf(message.author))) return undefined;
    if (!this.keywords) return this.people.size > 0 ? { feedId: this.feed.id, ranges: [] } : undefined;
    const ranges = keywordRanges(this.keywords, message.text);
    return ranges.length > 0 ? { feedId: this.feed.id, ranges } : undefined;
  }
}

function keywordRanges(pattern: RegExp, text: string): MatchRange[] {
  const ranges: MatchRange[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m && ranges.length < MAX_RANGES; m = pattern.exec(text)) {
    ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

/** Splits text into plain and highlighted pieces for display (ranges as FeedMatcher gives them). */
export function highlightPieces(text: string, ranges: readonly MatchRange[]): { text: string; hit: boolean }[] {
  const pieces: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > text.length) continue;
    if (start > at) pieces.push({ text: text.slice(at, start), hit: false });
    pieces.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), hit: false });
  return pieces;
}
