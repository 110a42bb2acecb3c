import { LyncError } from '../../common/errors';
import { EncodedEnvelope, encodeEnvelope } from './envelope';
import { formatXccosTime } from './time';
import { escapeAttr, escapeXml } from '../../common/xml';

// Every encoder returns the whole envelope exactly as sipe writes it (no declaration, no
// whitespace, seqid="1"), for the envid the caller took from its EnvelopeIdSource.

function command(envid: string, id: string, data: string): EncodedEnvelope {
  return encodeEnvelope(envid, `<cmd id="${id}" seqid="1">${data ? `<data>${data}</data>` : '<data/>'}</cmd>`);
}

function invalid(message: string): LyncError {
  return new LyncError('ProtocolError', message, { retriable: false });
}

/** `ma-chan://<domain>/<value>` → its domain and value (sipe accepts only ma-chan URIs). */
export function splitRoomUri(uri: string): { domain: string; value: string } {
  const m = /^ma-chan:\/\/([^/]+)\/(.+)$/i.exec(uri.trim());
  if (!m) throw invalid(`Not a Persistent Chat room URI (ma-chan://<domain>/<id>): "${uri}".`);
  return { domain: m[1], value: m[2] };
}

function chanid(key: number, uri: string): string {
  const { domain, value } = splitRoomUri(uri);
  return `<chanid key="${key}" domain="${escapeAttr(domain)}" value="${escapeAttr(value)}"/>`;
}

/** Lookup dialog: ask for the chat server's URI. */
export function requri(envid: string): EncodedEnvelope {
  return command(envid, 'cmd:requri', '');
}

/** Server limits and root category (the official client sends it first). */
export function getServerInfo(envid: string, domain: string): EncodedEnvelope {
  return command(envid, 'cmd:getserverinfo', `<sib domain="${escapeAttr(domain)}" infoType="123"/>`);
}

/** Join several rooms at once (`chanid` key = index in the list). */
export function bjoin(envid: string, roomUris: readonly string[]): EncodedEnvelope {
  return command(envid, 'cmd:bjoin', roomUris.map((uri, i) => chanid(i, uri)).join(''));
}

export function join(envid: string, roomUri: string): EncodedEnvelope {
  return command(envid, 'cmd:join', chanid(0, roomUri));
}

export function part(envid: string, roomUri: string): EncodedEnvelope {
  return command(envid, 'cmd:part', `<chanib uri="${escapeAttr(roomUri)}"/>`);
}

/** Room search by name ('' = every room the server lets us see, up to its search limit). */
export function chansrch(envid: string, criteria = ''): EncodedEnvelope {
  return command(envid, 'cmd:chansrch', `<qib qtype="BYNAME" criteria="${escapeAttr(criteria)}" extended="false"/>`);
}

/** Invitations with an id greater than `highWaterMark` (0 = all). */
export function getinv(envid: string, highWaterMark: number, domain: string): EncodedEnvelope {
  if (!Number.isSafeInteger(highWaterMark) || highWaterMark < 0) throw invalid(`Invalid invitation high-water mark ${highWaterMark}.`);
  return command(envid, 'cmd:getinv', `<inv inviteId="${highWaterMark}" domain="${escapeAttr(domain)}"/>`);
}

/** The last `count` messages of a joined room. */
export function bccontext(envid: string, roomUri: string, count = 25): EncodedEnvelope {
  if (!Number.isSafeInteger(count) || count < 1) throw invalid(`Invalid history count ${count}.`);
  return command(envid, 'cmd:bccontext', `<chanib uri="${escapeAttr(roomUri)}"/><bcq><last cnt="${count}"/></bcq>`);
}

export interface OutgoingChatMessage {
  roomUri: string;
  /** Our own SIP URI. */
  author: string;
  /** Plain text; line breaks are sent as CRLF. */
  text: string;
  timestamp: Date;
}

/** A post: plain text only, escaped, line breaks as CRLF, ts in UTC to the second. */
export function grpchat(envid: string, message: OutgoingChatMessage): EncodedEnvelope {
  const text = escapeXml(message.text).replace(/\r\n|\r|\n/g, '\r\n');
  return encodeEnvelope(envid, `<grpchat id="grpchat" seqid="1" chanUri="${escapeAttr(message.roomUri)}" author="${escapeAttr(message.author)}" ts="${formatXccosTime(message.timestamp)}"><chat>${text}</chat></grpchat>`);
}
