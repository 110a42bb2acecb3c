import type { JoinedRoom, JoinResult, ParticipantChange } from './types';
import type { XmlElement } from '../../common/xml';
import { attr, childrenNamed, DecodeOptions, describe, findAll, sameName } from './xmlQuery';

/** `aib` key sipe reads as the room's managers (operators); every other key lists members. */
export const MANAGER_KEY = '12276';

function splitIds(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Appends `value` unless `seen` has it: membership lists decode in linear time (a room may list thousands). */
function pushOnce(list: string[], seen: Set<string>, value: string): void {
  if (seen.has(value)) return;
  seen.add(value);
  list.push(value);
}

/**
 * `rpl:join` / `rpl:bjoin` data: `uib id uri` user records and `chanib` rooms whose `aib key value`
 * children list user ids (key 12276 = managers, others = members). Unknown ids are reported.
 */
export function decodeJoin(data: XmlElement | undefined, options: DecodeOptions = {}): JoinResult {
  const users = new Map<string, string>();
  for (const uib of findAll(data, 'uib')) {
    const id = attr(uib, 'id');
    const uri = attr(uib, 'uri');
    if (id !== undefined && uri !== undefined) users.set(id, uri);
    else if (uri === undefined) options.onIgnored?.(`user record without uri: ${describe(uib)}`);
  }
  const rooms: JoinedRoom[] = [];
  for (const chanib of findAll(data, 'chanib')) {
    const uri = attr(chanib, 'uri');
    if (!uri) {
      options.onIgnored?.(`joined room without uri: ${describe(chanib)}`);
      continue;
    }
    const room: JoinedRoom = { uri, name: attr(chanib, 'name') ?? uri, members: [], managers: [] };
    const topic = attr(chanib, 'topic');
    if (topic !== undefined) room.topic = topic;
    const seenManagers = new Set<string>();
    const seenMembers = new Set<string>();
    for (const aib of childrenNamed(chanib, 'aib')) {
      const manager = attr(aib, 'key') === MANAGER_KEY;
      const list = manager ? room.managers : room.members;
      const seen = manager ? seenManagers : seenMembers;
      for (const id of splitIds(attr(aib, 'value'))) {
        const user = users.get(id) ?? (/^sips?:/i.test(id) ? id : undefined);
        if (user) pushOnce(list, seen, user);
        else options.onIgnored?.(`room ${uri} lists unknown user id ${id}`);
      }
    }
    rooms.push(room);
  }
  return { users, rooms };
}

/** The room an `aib` names: its uri, or `ma-chan://` + domain + `/` + value. */
function aibRoom(aib: XmlElement): string | undefined {
  const uri = attr(aib, 'uri', 'chanUri');
  if (uri) return uri;
  const domain = attr(aib, 'domain');
  const value = attr(aib, 'value');
  return domain && value ? `ma-chan://${domain}/${value}` : undefined;
}

/**
 * `ntc:join` / `ntc:bjoin` (`uib uri` with `aib domain value` children) and `ntc:part`
 * (`chanib uri` with `uib uri` children), either layout for either kind: one change per room.
 */
export function decodeParticipantChanges(notice: { id: string; data: XmlElement | undefined }, options: DecodeOptions = {}): ParticipantChange[] {
  const kind = sameName(notice.id, 'ntc:part') ? 'part' : 'join';
  const byRoom = new Map<string, { users: string[]; seen: Set<string> }>();
  const add = (room: string, user: string) => {
    let entry = byRoom.get(room);
    if (!entry) byRoom.set(room, entry = { users: [], seen: new Set() });
    pushOnce(entry.users, entry.seen, user);
  };
  for (const chanib of findAll(notice.data, 'chanib')) {
    const room = attr(chanib, 'uri');
    for (const uib of findAll(chanib, 'uib')) {
      const user = attr(uib, 'uri');
      if (room && user) add(room, user);
      else options.onIgnored?.(`${notice.id} entry without ${room ? 'user uri' : 'room uri'}: ${describe(uib)}`);
    }
  }
  for (const uib of findAll(notice.data, 'uib', ['chanib'])) {
    const user = attr(uib, 'uri');
    const aibs = childrenNamed(uib, 'aib');
    if (!user || aibs.length === 0) options.onIgnored?.(`${notice.id} user record without ${user ? 'room' : 'uri'}: ${describe(uib)}`);
    if (!user) continue;
    for (const aib of aibs) {
      const room = aibRoom(aib);
      if (room) add(room, user);
      else options.onIgnored?.(`${notice.id} room reference without domain/value: ${describe(aib)}`);
    }
  }
  return [...byRoom].map(([roomUri, { users }]) => ({ kind, roomUri, users }));
}

/** The first room's change (see decodeParticipantChanges for notices that touch several rooms). */
export function decodeParticipantChange(notice: { id: string; data: XmlElement | undefined }, options: DecodeOptions = {}): ParticipantChange | undefined {
  const changes = decodeParticipantChanges(notice, options);
  if (changes.length > 1) options.onIgnored?.(`${notice.id} also names ${changes.length - 1} more room(s); only the first is returned`);
  return changes[0];
}
