import type { ChatRoomListing, ChatRoomSummary } from './types';
import type { XmlElement } from '../../common/xml';
import { attr, DecodeOptions, describe, findAll, parseBoolean, parseCount } from './xmlQuery';

const PRIVACY: Record<string, ChatRoomSummary['privacy']> = {
  open: 'open', public: 'open', visible: 'open',
  closed: 'closed', private: 'closed',
  secret: 'secret', hidden: 'secret',
};

/** `urn:parlano:ma:info:ucnt` → `ucnt` (lower case). */
function propertyName(element: XmlElement): string {
  const id = attr(element, 'id') ?? '';
  return id.slice(id.lastIndexOf(':') + 1).toLowerCase();
}

/** The `info` and `prop` children of a `chanib`, by short name. */
function properties(chanib: XmlElement): Map<string, string> {
  const map = new Map<string, string>();
  for (const child of chanib.children) {
    const kind = child.name.toLowerCase();
    if (kind === 'info' || kind === 'prop') map.set(propertyName(child), child.text.trim());
  }
  return map;
}

function privacyOf(chanib: XmlElement, props: Map<string, string>): ChatRoomSummary['privacy'] {
  // sipe reads the misspelt "visibilty"; accept the spelling a fixed server would use too.
  const value = attr(chanib, 'privacy', 'visibility') ?? props.get('visibilty') ?? props.get('visibility') ?? props.get('privacy');
  return value === undefined ? undefined : PRIVACY[value.trim().toLowerCase()];
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
  const count = parseCount(props.get('ucnt') ?? attr(chanib, 'ucnt', 'participantCount'));
  if (count !== undefined) room.participantCount = count;
  const privacy = privacyOf(chanib, props);
  if (privacy !== undefined) room.privacy = privacy;
  const invite = parseBoolean(props.get('invite'));
  if (invite !== undefined) room.invitationsEnabled = invite;
  const filepost = parseBoolean(props.get('filepost'));
  if (filepost !== undefined) room.fileposting = filepost;
  const logged = parseBoolean(props.get('logged'));
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
