import { MAX_HISTORY_FETCH } from '../../persistentChat/rooms/roomEntry';
import { UsageError } from '../args';
import { followedJson, followedLine, messageJson, messageLine, roomJson, roomLine } from './format';
import type { RoomCommand } from '../roomCommandNames';
import { resolveRoom } from './resolveRoom';
import type { RoomRun } from './roomRun';
import { tail } from './tail';

async function rooms({ parsed, connection, streams, signal }: RoomRun): Promise<number> {
  const query = parsed.args.join(' ');
  const found = await connection.rooms.find(query, signal);
  for (const room of found) streams.out.event('room', roomJson(room), roomLine(room));
  if (!found.length) streams.notes.event('none', {}, query.trim() ? `No room matches "${query}".` : 'No room is visible to you.');
  return 0;
}

async function history({ parsed, connection, streams, signal }: RoomRun): Promise<number> {
  const room = await resolveRoom(connection.rooms, parsed.args[0], signal);
  const page = await connection.rooms.history(room.uri, { count: parsed.count }, signal);
  for (const m of page.messages) streams.out.event('message', messageJson(m), messageLine(m));
  if (page.historyEnd === 'serverLimit' && parsed.count > page.messages.length) {
    streams.notes.event('historyLimit', {}, `Older messages are not available here: the server returns the last ${MAX_HISTORY_FETCH.toLocaleString('en-US')}.`);
  }
  return 0;
}

async function post({ parsed, connection, streams, signal, messages }: RoomRun): Promise<number> {
  const room = await resolveRoom(connection.rooms, parsed.args[0], signal);
  for (const text of messages) {
    const message = await connection.rooms.post(room.uri, text, signal);
    if (streams.out === streams.diag) streams.out.event('message', messageJson(message), '');
    else streams.diag.event('posted', {}, `posted to ${room.name} at ${message.time.toISOString()}`);
  }
  return 0;
}

async function follow({ parsed, connection, streams, signal }: RoomRun): Promise<number> {
  const room = await resolveRoom(connection.rooms, parsed.args[0], signal);
  const [followed] = await connection.rooms.follow([room.uri], signal);
  streams.out.event('room', followedJson(followed), `following ${followedLine(followed)}`);
  return 0;
}

async function unfollow({ parsed, connection, streams, signal }: RoomRun): Promise<number> {
  const room = await resolveRoom(connection.rooms, parsed.args[0], signal);
  if (!connection.rooms.isFollowed(room.uri)) throw new UsageError(`You do not follow "${room.name}" (see: lync-pchat following).`);
  await connection.rooms.unfollow(room.uri, signal);
  streams.diag.event('unfollowed', { uri: room.uri }, `no longer following ${room.name}`);
  return 0;
}

async function following({ connection, streams }: RoomRun): Promise<number> {
  for (const room of connection.rooms.followed) streams.out.event('room', followedJson(room), followedLine(room));
  return 0;
}

const COMMANDS: Readonly<Record<RoomCommand, (run: RoomRun) => Promise<number>>> = { rooms, history, post, tail, follow, unfollow, following };

/** Runs the subcommand on a connected session; resolves with its exit code. */
export function execute(run: RoomRun): Promise<number> {
  return COMMANDS[run.parsed.command](run);
}
