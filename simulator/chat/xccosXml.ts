/**
 * Writers for the XCCOS the chat server sends: envelopes, replies, notices, room records and
 * chat messages, in the shapes of docs/protocol/xccos.md#replies-and-notices (Lync 2013 envelope namespaces included).
 */
import { attrs, escapeXml } from './xml';

export const XCCOS_NS = 'urn:parlano:xml:ns:xccos';

/** Server envelope ids: 64-bit, so a BigInt counter from the value seen in a Lync 2013 capture. */
export class EnvelopeIds {
  private next = 7962449779256945056n;
  take(): string {
    const id = this.next;
    this.next += 1n;
    return id.toString();
  }
}

export function envelope(envid: string, inner: string): string {
  return '<xccos xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    + `${attrs({ ver: 1, envid })} xmlns="${XCCOS_NS}">${inner}</xccos>`;
}

/** The command a reply answers: its seqid and the client's envelope id (echoed in `<commandid>`). */
export interface CommandRef { seqid: string; envid: string }

export interface Resp { code: number; text: string }

/**
 * `<resp>` codes and texts. Only 200 SUCCESS_OK is seen on the wire; the error tokens are named
 * after the Persistent Chat SDK's PersistentChatErrorCode (see simulator/chat/README.md).
 */
export const RESP = {
  ok: { code: 200, text: 'SUCCESS_OK' },
  invalidArgument: { code: 400, text: 'INVALID_ARGUMENT' },
  permission: { code: 403, text: 'ERR_PERMISSION' },
  noSuchNode: { code: 404, text: 'NO_SUCH_NODE' },
  limitExceeded: { code: 413, text: 'LIMIT_EXCEEDED' },
  notSupported: { code: 501, text: 'MSG_NOT_SUPPORTED' },
} as const satisfies Record<string, Resp>;

export function reply(id: string, ref: CommandRef, resp: Resp, data = ''): string {
  return `<rpl${attrs({ id, seqid: ref.seqid })}><commandid${attrs({ seqid: ref.seqid, envid: ref.envid })}/>`
    + `<resp code="${resp.code}">${escapeXml(resp.text)}</resp><data>${data}</data></rpl>`;
}

export function notice(id: string, data: string): string {
  return `<ntc${attrs({ id, seqid: 1 })}><data>${data}</data></ntc>`;
}

/** Role keys of `aib` (sipe's reading: 12276 = managers, 3984 = members). */
export const AIB_MANAGER = '12276';
export const AIB_MEMBER = '3984';

export interface RoomRecord {
  uri: string;
  name: string;
  description: string;
  topic: string;
  privacy: 'open' | 'closed' | 'secret';
  invitations: boolean;
  filePost: boolean;
}

/** ma-chan://<domain>/<value> → its two parts (the `aib`/`chanid` form). */
export function splitRoomUri(uri: string): { domain: string; value: string } {
  const m = /^ma-chan:\/\/([^/]+)\/(.+)$/.exec(uri);
  return m ? { domain: m[1], value: m[2] } : { domain: '', value: uri };
}

/** A room as `rpl:chansrch` lists it: name/description/uri, user count, visibility, properties. */
export function chanibSearchRecord(room: RoomRecord, userCount: number): string {
  // Lync spells the info id "visibilty"; sipe reads only the value "private".
  const visibility = room.privacy === 'open' ? 'public' : 'private';
  return `<chanib${attrs({ name: room.name, description: room.description, uri: room.uri })}>`
    + `<info id="urn:parlano:ma:info:ucnt">${userCount}</info>`
    + `<info id="urn:parlano:ma:info:visibilty">${visibility}</info>`
    + `<prop id="urn:parlano:ma:prop:invite">${room.invitations}</prop>`
    + `<prop id="urn:parlano:ma:prop:filepost">${room.filePost}</prop>`
    + '<prop id="urn:parlano:ma:prop:logged">true</prop>'
    + '</chanib>';
}

export interface Participant { uri: string; manager: boolean }

/**
 * `rpl:join`/`rpl:bjoin` data: one `uib` id→uri map for all rooms, then per room a chanib whose
 * `aib` entries list the joined participants' ids by role.
 */
export function joinReplyData(rooms: Array<{ room: RoomRecord; participants: Participant[] }>): string {
  const ids = new Map<string, number>();
  for (const { participants } of rooms) {
    for (const p of participants) if (!ids.has(p.uri)) ids.set(p.uri, ids.size + 1);
  }
  const uibs = [...ids].map(([uri, id]) => `<uib${attrs({ id, uri })}/>`).join('');
  const chanibs = rooms.map(({ room, participants }) => {
    const managers = participants.filter((p) => p.manager).map((p) => ids.get(p.uri));
    const members = participants.filter((p) => !p.manager).map((p) => ids.get(p.uri));
    const aibs = (managers.length ? `<aib key="${AIB_MANAGER}" value="${managers.join(',')}"/>` : '')
      + (members.length ? `<aib key="${AIB_MEMBER}" value="${members.join(',')}"/>` : '');
    return `<chanib${attrs({ uri: room.uri, name: room.name, topic: room.topic, description: room.description })}>${aibs}</chanib>`;
  }).join('');
  return uibs + chanibs;
}

/** `ntc:join` data: the joining user with the room as an aib. */
export function joinNoticeData(roomUri: string, user: Participant): string {
  const { domain, value } = splitRoomUri(roomUri);
  return `<uib${attrs({ uri: user.uri })}><aib${attrs({ key: user.manager ? AIB_MANAGER : AIB_MEMBER, domain, value })}/></uib>`;
}

/** `ntc:part` data: the room with the leaving user. */
export function partNoticeData(roomUri: string, userUri: string): string {
  return `<chanib${attrs({ uri: roomUri })}><uib${attrs({ uri: userUri })}/></chanib>`;
}

export interface ChatRecord {
  chanUri: string; author: string; ts: string; text: string;
  /** Sent as `alert="true"` (the simulator's choice; the real attribute is not public). */ alert?: boolean;
  /** A rich-text copy, sent as an `<rtf>` element after `<chat>` (its wire form is not public either). */ rtf?: string;
}

/** A chat message: `grpchat` when live, `msg` inside a `rpl:bccontext` (docs/protocol/xccos.md#chat-messages). */
export function chatXml(message: ChatRecord, element: 'grpchat' | 'msg'): string {
  return `<${element}${attrs({ id: 'grpchat', seqid: element === 'grpchat' ? 1 : undefined, chanUri: message.chanUri, author: message.author, ts: message.ts, alert: message.alert ? 'true' : undefined })}>`
    + `<chat>${escapeXml(message.text)}</chat>${message.rtf === undefined ? '' : `<rtf>${escapeXml(message.rtf)}</rtf>`}</${element}>`;
}

export function historyData(roomUri: string, messages: ChatRecord[]): string {
  return `<chanib${attrs({ uri: roomUri })}>${messages.map((m) => chatXml(m, 'msg')).join('')}</chanib>`;
}

/** Server timestamps: ISO-8601 UTC with milliseconds (`2026-11-24T08:30:00.123Z`). */
export function serverTimestamp(now: Date): string {
  // a burst stamps thousands of messages within one millisecond or a few
  const ms = now.getTime();
  if (ms !== lastStamp.ms) lastStamp = { ms, text: now.toISOString() };
  return lastStamp.text;
}

let lastStamp = { ms: Number.NaN, text: '' };
