import type { RoomInfo, RoomMessage } from '../../persistentChat/rooms/types';
import { aborted, gaveUp } from '../waits';
import { messageJson, messageLine } from './format';
import { matchesFilter } from './matchOption';
import { resolveRoom } from './resolveRoom';
import type { RoomRun } from './roomRun';

/** `tail ROOM... [--history N] [--match REGEX]`: joins, prints N history messages of each room, then live ones until Ctrl-C (with --match, those whose text matches). */
export async function tail(run: RoomRun): Promise<number> {
  const { parsed, connection, streams, signal } = run;
  const rooms = connection.rooms;
  const targets: RoomInfo[] = [];
  for (const arg of parsed.args) targets.push(await resolveRoom(rooms, arg, signal));
  const names = new Map(targets.map((r) => [r.uri.toLowerCase(), r.name]));
  const several = targets.length > 1;
  const print = (m: RoomMessage) => {
    const name = names.get(m.roomUri.toLowerCase());
    if (name !== undefined && matchesFilter(parsed.match, m)) streams.out.event('message', messageJson(m), messageLine(m, several ? name : undefined));
  };
  // Messages that arrive while history is read are held, then printed after it, each once.
  let held: RoomMessage[] | undefined = [];
  const shown = new Set<string>();
  rooms.onMessage((m) => {
    if (held) held.push(m);
    else if (!shown.has(m.id)) print(m);
  });
  connection.onStatusChanged((s) => {
    if (s.phase === 'Reconnecting') streams.diag.event('reconnecting', { attempt: s.attempt, reason: s.lastError?.code }, `reconnecting (attempt ${s.attempt}): ${s.lastError?.message ?? ''}`);
  });
  const joined = await rooms.join(targets.map((r) => r.uri), signal);
  for (const room of joined) names.set(room.uri.toLowerCase(), room.name);
  for (const room of parsed.history > 0 ? joined : []) {
    for (const m of (await rooms.history(room.uri, { count: parsed.history }, signal)).messages) {
      shown.add(m.id);
      print(m);
    }
  }
  const pending = held;
  held = undefined;
  for (const m of pending) if (!shown.has(m.id)) print(m);
  // Say that live messages follow (on stderr in text mode, so piped output stays messages only).
  streams.diag.event('tailing', { rooms: joined.map((r) => r.uri) }, `tailing ${joined.map((r) => r.name).join(', ')}: live messages follow; Ctrl-C to stop`);
  const reason = await Promise.race([gaveUp(connection), aborted(signal)]);
  if (reason) throw reason;
  return 0;
}
