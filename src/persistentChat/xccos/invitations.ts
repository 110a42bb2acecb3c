import { decodeRoomRecord, toSummary } from './rooms';
import { parseXccosTime } from './time';
import type { ChatRoomInvitation, ChatRoomSummary } from './types';
import type { XmlElement } from '../../common/xml';
import { attr, DecodeOptions, describe, findAll, firstChild, parseCount } from './xmlQuery';

// The rpl:getinv / invitation-push layout is not public (docs/protocol/xccos.md#invitations): every name below is
// a plausible spelling, tried in order, so the first real capture only adds names, never rewrites.
const ID_NAMES = ['inviteId', 'invId', 'id'];
const TIME_NAMES = ['createdOn', 'created', 'ts'];
const INVITER_NAMES = ['inviter', 'invitedBy', 'inviterUri'];
const ROOM_URI_NAMES = ['uri', 'chanUri', 'channelUri'];

/** An attribute, else the text of a child element of that name (`<inviteId>12</inviteId>`). */
function field(element: XmlElement, names: string[]): string | undefined {
  const value = attr(element, ...names);
  if (value !== undefined) return value;
  for (const name of names) {
    const text = firstChild(element, name)?.text.trim();
    if (text) return text;
  }
  return undefined;
}

function uriKey(uri: string): string {
  return uri.trim().toLowerCase();
}

function roomOf(inv: XmlElement, siblings: Map<string, XmlElement>, options: DecodeOptions): ChatRoomSummary | undefined {
  const quiet: DecodeOptions = {};
  const nested = findAll(inv, 'chanib')[0];
  const fromNested = nested && decodeRoomRecord(nested, quiet);
  if (fromNested) return toSummary(fromNested);
  const uri = field(inv, ROOM_URI_NAMES);
  if (!uri) {
    options.onIgnored?.(`invitation without a room: ${describe(inv)}`);
    return undefined;
  }
  const sibling = siblings.get(uriKey(uri));
  const record = sibling ? decodeRoomRecord(sibling, quiet) : undefined;
  // No room record: the inv element itself carries the room's uri/name/description (and info children).
  return toSummary(record ?? decodeRoomRecord(inv, quiet) ?? { uri, name: uri });
}

/**
 * Invitations in `rpl:getinv` data or an invitation notice: every `inv` element anywhere below
 * `data`, its room from a nested `chanib`, else a sibling `chanib` with the same uri, else the
 * inv's own attributes. Records without an integer id or a room are skipped and reported; a
 * missing creation time becomes the decode time (reported). Duplicated ids keep the first.
 */
export function decodeInvitations(data: XmlElement | undefined, options: DecodeOptions = {}): ChatRoomInvitation[] {
  const siblings = new Map<string, XmlElement>();
  for (const chanib of findAll(data, 'chanib', ['inv'])) {
    const uri = attr(chanib, 'uri', 'chanUri');
    if (uri && !siblings.has(uriKey(uri))) siblings.set(uriKey(uri), chanib);
  }
  const seen = new Set<number>();
  const invitations: ChatRoomInvitation[] = [];
  for (const inv of findAll(data, 'inv')) {
    const id = parseCount(field(inv, ID_NAMES));
    if (id === undefined) {
      options.onIgnored?.(`invitation without an integer id: ${describe(inv)}`);
      continue;
    }
    if (seen.has(id)) {
      options.onIgnored?.(`invitation ${id} listed twice`);
      continue;
    }
    const room = roomOf(inv, siblings, options);
    if (!room) continue;
    const created = field(inv, TIME_NAMES);
    let createdOn = parseXccosTime(created);
    if (!createdOn) {
      options.onIgnored?.(`invitation ${id} has ${created === undefined ? 'no creation time' : `an unreadable creation time "${created}"`}; using the time received`);
      createdOn = options.now?.() ?? new Date();
    }
    seen.add(id);
    const invitation: ChatRoomInvitation = { id, createdOn, room };
    const inviter = field(inv, INVITER_NAMES);
    if (inviter !== undefined) invitation.inviter = inviter;
    invitations.push(invitation);
  }
  return invitations;
}

/** The next `cmd:getinv` high-water mark: the largest invitation id seen, never going down. */
export function highWaterMark(invitations: readonly ChatRoomInvitation[], previous: number): number {
  let mark = previous;
  for (const invitation of invitations) if (invitation.id > mark) mark = invitation.id;
  return mark;
}
