import { createHash } from 'node:crypto';
import type { ChatMessage } from '../xccos/types';
import type { RoomMessage } from './types';

/** Who "me" is, for own-message and mention detection. */
export interface SelfIdentity {
  /** The signed-in SIP URI. */
  uri: string;
  displayName?: string;
}

/** `sip:Alice@Contoso.com;gruu` → `alice@contoso.com`. */
export function aorOf(uri: string): string {
  return uri.trim().replace(/^<|>$/g, '').replace(/^sips?:/i, '').replace(/[;?].*$/, '').toLowerCase();
}

export function sameUser(a: string, b: string): boolean {
  return aorOf(a) === aorOf(b);
}

/** `ma-chan://contoso.com/ABC` and `MA-CHAN://contoso.com/abc` are one room. */
export function roomKey(uri: string): string {
  return uri.trim().toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Words that mention the user: the display name and the user part of the SIP URI, as whole words. */
export function mentionPattern(self: SelfIdentity): RegExp | undefined {
  const names = new Set<string>();
  const user = aorOf(self.uri).split('@')[0];
  if (user && user.length >= 2) names.add(user);
  const display = self.displayName?.trim();
  if (display && display.length >= 2) names.add(display.toLowerCase());
  if (names.size === 0) return undefined;
  // Word edges that work for names with dots or non-ASCII letters: not preceded/followed by a letter, digit or _.
  const alternatives = [...names].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'iu');
}

/**
 * The message's identity: the server assigns a database id but its wire attribute is not known
 * (docs/protocol/xccos.md#message-identity), so it is derived from room, author, server timestamp and text, which a live
 * `grpchat` and the same message in history share.
 */
export function messageId(message: ChatMessage): string {
  const text = message.text.replace(/\r\n|\r/g, '\n');
  return createHash('sha1').update(`${roomKey(message.roomUri)}\n${aorOf(message.author)}\n${message.timestamp.getTime()}\n${text}`).digest('base64url').slice(0, 22);
}

export class MessageModel {
  private mention: RegExp | undefined;

  constructor(private readonly self: SelfIdentity) {
    this.mention = mentionPattern(self);
  }

  /** The user's display name as the pool names it (presence): mentions of it count from now on. */
  setDisplayName(displayName: string | undefined): void {
    if (!displayName || displayName === this.self.displayName) return;
    this.self.displayName = displayName;
    this.mention = mentionPattern(this.self);
  }

  toRoomMessage(message: ChatMessage, roomUri = message.roomUri): RoomMessage {
    const own = sameUser(message.author, this.self.uri);
    const result: RoomMessage = {
      id: messageId(message),
      roomUri,
      author: message.author,
      time: message.timestamp,
      text: message.text,
      mention: !own && this.mention !== undefined && this.mention.test(message.text),
      alert: message.alert === true,
      own,
    };
    if (message.unrendered?.length) result.unrendered = [...message.unrendered];
    return result;
  }
}
