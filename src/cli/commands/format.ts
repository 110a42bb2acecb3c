import type { FollowedRoom, RoomInfo, RoomMessage } from '../../persistentChat/rooms/types';
import { terminalSafe } from './terminal';

export function roomJson(room: RoomInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { uri: room.uri, name: room.name, description: room.description ?? '' };
  if (room.memberCount !== undefined) out.members = room.memberCount;
  if (room.visibility !== undefined) out.visibility = room.visibility;
  return out;
}

export function roomLine(room: RoomInfo): string {
  const facts = [room.visibility, room.memberCount === undefined ? undefined : `${room.memberCount} in the room`].filter(Boolean).join(', ');
  const description = room.description ? ` — ${terminalSafe(room.description)}` : '';
  return `${terminalSafe(room.name)}${description}${facts ? ` [${facts}]` : ''}  ${room.uri}`;
}

export function followedJson(room: FollowedRoom): Record<string, unknown> {
  return { ...roomJson(room), state: room.state, unread: room.unread, mentions: room.mentions, ...(room.reason ? { reason: { code: room.reason.code, message: room.reason.message } } : {}) };
}

export function followedLine(room: FollowedRoom): string {
  const counts = `${room.unread} unread${room.mentions ? `, ${room.mentions} ${room.mentions === 1 ? 'mention' : 'mentions'}` : ''}`;
  const state = room.state === 'Joined' ? '' : ` [${room.state}${room.reason ? `: ${room.reason.message}` : ''}]`;
  return `${terminalSafe(room.name)}  ${counts}${state}  ${room.uri}`;
}

export function messageJson(message: RoomMessage): Record<string, unknown> {
  return {
    room: message.roomUri, author: message.author, time: message.time.toISOString(), text: message.text, mention: message.mention,
    ...(message.alert ? { alert: true } : {}),
  };
}

/** `2026-11-24 08:12:30Z bob@contoso.com: text` (+ the room name when several rooms are shown); continuation lines indented. */
export function messageLine(message: RoomMessage, roomName?: string): string {
  const time = message.time.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const author = terminalSafe(message.author.replace(/^sips?:/i, ''));
  const marks = `${message.alert ? '! ' : ''}${message.mention ? '@ ' : ''}`;
  const room = roomName ? `[${terminalSafe(roomName)}] ` : '';
  const text = terminalSafe(message.text, true).replace(/\n/g, '\n    ');
  return `${time} ${room}${marks}${author}: ${text}`;
}
