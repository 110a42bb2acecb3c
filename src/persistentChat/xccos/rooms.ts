import type { ChatRoomListing, ChatRoomSummary } from './types';
import type { XmlElement } from '../../common/xml';
import { attr, attrOf, DecodeOptions, describe, findAll, parseBoolean, parseCount, sameName } from './xmlQuery';

type RoomAttrs = Readonly<Record<string, string>>;

const PRIVACY: Record<string, ChatRoomSummary['privacy']> = {
  open: 'open', public: 'open', visible: 'open',
  closed: 'closed', private: 'closed',
  secret: 'secret', hidden: 'secret',
};

/** The `info` / `prop` values a room record uses, by the short name of their id (`urn:parlano:ma:info:ucnt` → `ucnt`). */
export interface RoomProperties {
  ucnt?: string;
  visibilty?: string;
  visibility?: string;
  privacy?: string;
  invite?: string;
  filepost?: string;
  logged?: string;
}

/** The key an `info` / `prop` id stands for, by its short name in any case; undefined for ids no room field reads. */
export function propertyKey(id: string): keyof RoomProperties | undefined {
  const name = id.slice(id.lastIndexOf(':') + 1);
  return knownProperty(name) ?? knownProperty(name.toLowerCase());
}

function knownProperty(name: string): keyof RoomProperties | undefined {
  switch (name) {
    case 'ucnt': case 'visibilty': case 'visibility': case 'privacy': case 'invite': case 'filepost': case 'logged':
      return name;
  }
  return undefined;
}

/** Whether an element inside a `chanib` carries one of its properties. */
export function isPropertyElement(name: string): boolean {
  return sameName(name, 'info') || sameName(name, 'prop');
}

/** The `info` and `prop` children of a `chanib` (the last of a name wins), read in one pass without a map per room. */
function properties(chanib: XmlElement): RoomProperties {
  const props: RoomProperties = {};
  for (const child of chanib.children) {
    if (!isPropertyElement(child.name)) continue;
    const key = propertyKey(attr(child, 'id') ?? '');
    if (key !== undefined) props[key] = child.text.trim();
  }
  return props;
}

const PRIVACY_NAMES = ['privacy', 'visibility'];
const URI_NAMES = ['uri', 'chanUri', 'channelUri'];
const NAME = ['name'];
const DESCRIPTION = ['description'];
const COUNT_NAMES = ['ucnt', 'participantCount'];

function privacyOf(attrs: RoomAttrs, props: RoomProperties): ChatRoomSummary['privacy'] {
  // sipe reads the misspelt "visibilty"; accept the spelling a fixed server would use too.
  const value = attrOf(attrs, PRIVACY_NAMES) ?? props.visibilty ?? props.visibility ?? props.privacy;
  if (value === undefined) return undefined;
  const key = value.trim().toLowerCase();
  return Object.hasOwn(PRIVACY, key) ? PRIVACY[key] : undefined; // not `constructor` & co.
}

/** One `chanib` room record; undefined (reported) when it has no uri. */
export function decodeRoomRecord(chanib: XmlElement, options: DecodeOptions = {}): ChatRoomListing | undefined {
  return roomFromRecord(chanib.name, chanib.attrs, properties(chanib), options);
}

/** A room from a `chanib`'s name, attributes (by local name) and properties; undefined (reported) when it has no uri. */
export function roomFromRecord(name: string, attrs: RoomAttrs, props: RoomProperties, options: DecodeOptions): ChatRoomListing | undefined {
  const uri = attrOf(attrs, URI_NAMES);
  if (!uri) {
    options.onIgnored?.(`room record without uri: ${describe({ name, attrs })}`);
    return undefined;
  }
  const room: ChatRoomListing = { uri, name: attrOf(attrs, NAME) ?? uri };
  const description = attrOf(attrs, DESCRIPTION);
  if (description !== undefined) room.description = description;
  const count = parseCount(props.ucnt ?? attrOf(attrs, COUNT_NAMES));
  if (count !== undefined) room.participantCount = count;
  const privacy = privacyOf(attrs, props);
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
