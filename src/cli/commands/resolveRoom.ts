import type { RoomInfo, RoomService } from '../../persistentChat/rooms/types';
import { UsageError } from '../args';
import { terminalSafe } from './terminal';

const ROOM_URI = /^ma-chan:\/\/[^/\s]+\/\S+$/i;

/** A ROOM argument: a ma-chan:// URI as it is, else the one room whose name matches exactly (case-insensitive). */
export async function resolveRoom(rooms: RoomService, arg: string, signal?: AbortSignal): Promise<RoomInfo> {
  const text = arg.trim();
  if (/^ma-chan:/i.test(text)) {
    if (!ROOM_URI.test(text)) throw new UsageError(`"${terminalSafe(text)}" is not a room URI (ma-chan://<domain>/<id>).`);
    const known = rooms.followed.find((r) => r.uri.toLowerCase() === text.toLowerCase());
    return known ?? { uri: text, name: text };
  }
  if (!text) throw new UsageError('ROOM is empty: give a room name or a ma-chan:// URI.');
  const wanted = text.toLowerCase();
  const followed = rooms.followed.filter((r) => r.name.toLowerCase() === wanted);
  if (followed.length === 1) return followed[0];
  const found = await rooms.find(text, signal);
  const exact = found.filter((r) => r.name.toLowerCase() === wanted);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    throw new UsageError(`"${terminalSafe(text)}" names ${exact.length} rooms; use one of their URIs:\n${exact.map(candidate).join('\n')}`);
  }
  const close = found.slice(0, 10);
  throw new UsageError(close.length
    ? `No room is named "${terminalSafe(text)}". Rooms whose name contains it:\n${close.map(candidate).join('\n')}`
    : `No room is named "${terminalSafe(text)}" (search with: lync-pchat rooms QUERY).`);
}

function candidate(room: RoomInfo): string {
  return `  ${terminalSafe(room.name)}  ${room.uri}`;
}
