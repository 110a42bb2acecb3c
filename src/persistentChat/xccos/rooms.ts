import type { ChatRoomListing, ChatRoomSummary } from './types';
import type { XmlElement } from '../../common/xml';
import { attr, DecodeOptions, describe, findAll, parseBoolean, parseCount, sameName } from './xmlQuery';

const PRIVACY: Record<string, ChatRoomSummary['privacy']> = {
  open: 'open', public: 'open', visible: 'open',
  closed: 'closed', private: 'closed',
  secret: 'secret', hidden: 'secret',
};

/** The `info` / `prop` values a room record uses, by the short name of their id (`urn:parlano:ma:info:ucnt` → `ucnt`). */
interface RoomProperties {
  ucnt?: string;
  visibilty?: string;
  visibility?: string;
  privacy?: string;
  invite?: string;
  filepost?: string;
  logged?: string;
}

/** The `info` and `prop` children of a `chanib` (the last of a name wins), read in one pass without a map per room. */
function properties(chanib: XmlElement): RoomProperties {
  const props: RoomProperties = {};
  for (const child of chanib.children) {
    if (!sameName(child.name, 'info') && !sameName(child.name, 'prop')) continue;
    const id = attr(child, 'id') ?? '';
    const name = id.slice(id.lastIndexOf(':') + 1).toLowerCase();
    switch (name) {
      case 'ucnt': case 'visibilty': case 'visibility': case 'privacy': case 'invite': case 'filepost': case 'logged':
        props[name] = child.text.trim();
    }
  }
  return props;
}

function privacyOf(chanib: XmlElement, props: RoomProperties): ChatRoomSummary['privacy'] {
  // sipe reads the misspelt "visibilty"; accept the spelling a fixed server would use too.
  const value = attr(chanib, 'privacy', 'visibility') ?? props.visibilty ?? props.visibility ?? props.privacy;
  if (value === undefined) return undefined;
  const key = value.trim().toLowerCase();
  return Object.hasOwn(PRIVACY, key) ? PRIVACY[key] : undefined; // not `constructor` & co.
}

/** One `chanib` room record; undefined (reported) when it has no uri. */
export function decodeRoomRecord(chanib: XmlElement, options: DecodeOptions = {}): ChatRoomListing | undefined {
  const uri = attr(chanib, 'uri', 'chanUri', 'channelUri');
  if (!uri) {
    options.onIgnored?.(`room record without uri: ${describe(chanib)}`);
    return undefined;
  }
  const props = properties(chanib);
  const room: ChatRoomListing = { uri, name: attr(chanib, 'name') ?? uri };
  const description = attr(chanib, 'description');
  if (description !== undefined) room.description = description;
  const count = parseCount(props.ucnt ?? attr(chanib, 'ucnt', 'participantCount'));
  if (count !== undefined) room.participantCount = count;
  const privacy = privacyOf(chanib, props);
  if (privacy !== undefined) room.privacy = privacy;
  const invite = parseBoolean(props.invite);
  if (invite !== undefined) room.invitationsEnabled = invite;
  const filepost = parseBoolean(props.filepost);
  if (filepost !== undefined) room.fileposting = filepost;
  const logged = parseBoolean(props.logged);
  if (logged !== undefined) room.logged = logged;
  return room;
}

/** The summary fields only (an invitation's room). */
export function toSummary(listing: ChatRoomListing): ChatRoomSummary {
  const { uri, name, description, participantCount, privacy } = listing;
  const room: ChatRoomSummary = { uri, name };
  if (description !== undefined) room.description = description;
  if (participantCount !== undefined) room.participantCount = participantCount;
  if (privacy !== undefined) room.privacy = privacy;
  return room;
}

/** `rpl:chansrch` data: every `chanib` record, in the server's order. */
export function decodeRoomList(data: XmlElement | undefined, options: DecodeOptions = {}): ChatRoomListing[] {
  const rooms: ChatRoomListing[] = [];
  for (const chanib of findAll(data, 'chanib')) {
    const room = decodeRoomRecord(chanib, options);
    if (room) rooms.push(room);
  }
  return rooms;
}
