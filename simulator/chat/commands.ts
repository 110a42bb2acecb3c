/**
 * The chat server's XCCOS command handlers: one function per `cmd:` id, each answering with a
 * separate `rpl:` envelope (and `ntc:` notices to other participants) through the context.
 */
import type { Logger } from '../../src/common/logger';
import type { SimChatConfig } from '../types';
import type { Dialog } from './dialog';
import { getinvReply } from './invitationXml';
import type { Room, RoomStore } from './roomState';
import { aor } from './sipText';
import {
  ChatRecord, CommandRef, RESP, Resp, chanibSearchRecord, chatXml, historyData, joinNoticeData, joinReplyData,
  partNoticeData, reply, serverTimestamp,
} from './xccosXml';
import { XmlElement, attrs, child, childrenNamed } from './xml';

export interface XccosContext {
  readonly config: SimChatConfig;
  readonly rooms: RoomStore;
  readonly rootUri: string;
  readonly log: Logger;
  now(): Date;
  /** Wraps `inner` in a server envelope and sends it to `dialog` as an INFO. */
  sendXccos(dialog: Dialog, inner: string): void;
  /** The live chat-server dialog with this Call-ID. */
  chatDialog(callId: string): Dialog | undefined;
  /** Invitation view (room record + user count) for the getinv reply. */
  invitationViews(user: string, afterId: number): Parameters<typeof getinvReply>[1];
}

export type CommandHandler = (ctx: XccosContext, dialog: Dialog, ref: CommandRef, data: XmlElement | undefined) => void;

export const SEARCH_LIMIT = 999;
const DEFAULT_HISTORY = 25;
/** The largest history a `cmd:bccontext` returns (a reply must fit in one SIP message). */
const MAX_HISTORY = 2000;
const DB_VERSION = '3ea3a5a8-ef36-46cf-898f-7a5133931d63';

function fail(ctx: XccosContext, dialog: Dialog, id: string, ref: CommandRef, resp: Resp, data = ''): void {
  ctx.log.info(`${id} for ${dialog.userUri}: ${resp.code} ${resp.text}`);
  ctx.sendXccos(dialog, reply(id, ref, resp, data));
}

/** Notifies every other dialog joined to `room` (excluding `except`). */
export function noticeOthers(ctx: XccosContext, room: Room, except: string, inner: string): void {
  for (const callId of room.joined.keys()) {
    if (callId === except) continue;
    const other = ctx.chatDialog(callId);
    if (other) ctx.sendXccos(other, inner);
  }
}

/** True when `user` is joined to `room` from any dialog other than `except`. */
function joinedElsewhere(room: Room, user: string, except: string): boolean {
  for (const [callId, u] of room.joined) if (u === user && callId !== except) return true;
  return false;
}

/** Removes `dialog` from `room`, sending ntc:part to the others when the user's last dialog left. */
export function leaveRoom(ctx: XccosContext, room: Room, dialog: Dialog): void {
  if (!room.joined.delete(dialog.callId)) return;
  if (!joinedElsewhere(room, dialog.userUri, dialog.callId)) {
    noticeOthers(ctx, room, dialog.callId, `<ntc id="ntc:part" seqid="1"><data>${partNoticeData(room.uri, dialog.userUri)}</data></ntc>`);
  }
}

function sevenDigitTime(now: Date): string {
  // .NET writes serverTime with 7 fractional digits (2010-09-14T14:26:17.6206356Z).
  return now.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

const requri: CommandHandler = (ctx, dialog, ref) => {
  ctx.sendXccos(dialog, reply('rpl:requri', ref, RESP.ok, `<uib${attrs({ uri: ctx.config.chatServerUri })}/>`));
};

export const MESSAGE_SIZE_LIMIT = 512;

const getserverinfo: CommandHandler = (ctx, dialog, ref) => {
  const sib = `<sib${attrs({
    infoType: 123, serverTime: sevenDigitTime(ctx.now()), searchLimit: SEARCH_LIMIT, messageSizeLimit: MESSAGE_SIZE_LIMIT,
    storySizeLimit: 4096, rootUri: ctx.rootUri, dbVersion: DB_VERSION,
  })}/>`;
  ctx.sendXccos(dialog, reply('rpl:getserverinfo', ref, RESP.ok, sib));
};

function join(id: 'rpl:join' | 'rpl:bjoin'): CommandHandler {
  return (ctx, dialog, ref, data) => {
    const chanids = childrenNamed(data, 'chanid');
    if (chanids.length === 0) return fail(ctx, dialog, id, ref, RESP.invalidArgument);
    const replies: string[] = [];
    const joined: Room[] = [];
    for (const chanid of chanids) {
      const { domain, value } = chanid.attrs;
      const uri = `ma-chan://${domain ?? ''}/${value ?? ''}`;
      const room = domain && value ? ctx.rooms.get(uri) : undefined;
      const resp = !domain || !value ? RESP.invalidArgument : !room ? RESP.noSuchNode : !room.canJoin(dialog.userUri) ? RESP.permission : undefined;
      if (resp || !room) {
        ctx.log.info(`${id} ${uri} for ${dialog.userUri}: ${resp?.code} ${resp?.text}`);
        replies.push(reply(id, ref, resp ?? RESP.noSuchNode, `<chanib${attrs({ uri })}/>`));
        continue;
      }
      const first = !room.joined.has(dialog.callId) && !joinedElsewhere(room, dialog.userUri, dialog.callId);
      room.joined.set(dialog.callId, dialog.userUri);
      if (first) {
        const me = { uri: dialog.userUri, manager: room.isManager(dialog.userUri) };
        noticeOthers(ctx, room, dialog.callId, `<ntc id="ntc:join" seqid="1"><data>${joinNoticeData(room.uri, me)}</data></ntc>`);
      }
      if (!joined.includes(room)) joined.push(room);
    }
    if (joined.length) {
      replies.unshift(reply(id, ref, RESP.ok, joinReplyData(joined.map((room) => ({ room, participants: room.participants() })))));
    }
    ctx.sendXccos(dialog, replies.join(''));
    // MS-OCSPROT 2.5.21 step 12: the server follows the join with the room's back-chat.
    for (const room of joined) {
      ctx.sendXccos(dialog, reply('rpl:bccontext', ref, RESP.ok, historyData(room.uri, room.history.slice(-DEFAULT_HISTORY))));
    }
  };
}

const part: CommandHandler = (ctx, dialog, ref, data) => {
  const uri = child(data, 'chanib')?.attrs.uri;
  if (!uri) return fail(ctx, dialog, 'rpl:part', ref, RESP.invalidArgument);
  const room = ctx.rooms.get(uri);
  if (!room) return fail(ctx, dialog, 'rpl:part', ref, RESP.noSuchNode, `<chanib${attrs({ uri })}/>`);
  leaveRoom(ctx, room, dialog);
  ctx.sendXccos(dialog, reply('rpl:part', ref, RESP.ok, `<chanib${attrs({ uri: room.uri })}/>`));
};

const chansrch: CommandHandler = (ctx, dialog, ref, data) => {
  const qib = child(data, 'qib');
  if (!qib) return fail(ctx, dialog, 'rpl:chansrch', ref, RESP.invalidArgument);
  if ((qib.attrs.qtype ?? '').toUpperCase() !== 'BYNAME') return fail(ctx, dialog, 'rpl:chansrch', ref, RESP.notSupported);
  const criteria = (qib.attrs.criteria ?? '').toLowerCase();
  const inDescription = qib.attrs.extended === 'true';
  const found = ctx.rooms.list()
    .filter((room) => room.visibleTo(dialog.userUri))
    .filter((room) => room.name.toLowerCase().includes(criteria) || (inDescription && room.description.toLowerCase().includes(criteria)))
    .slice(0, SEARCH_LIMIT);
  ctx.sendXccos(dialog, reply('rpl:chansrch', ref, RESP.ok, found.map((room) => chanibSearchRecord(room, room.userCount())).join('')));
};

const bccontext: CommandHandler = (ctx, dialog, ref, data) => {
  const uri = child(data, 'chanib')?.attrs.uri;
  const cntText = child(child(data, 'bcq'), 'last')?.attrs.cnt;
  const cnt = cntText === undefined ? DEFAULT_HISTORY : Number(cntText);
  if (!uri || !Number.isInteger(cnt) || cnt < 1) return fail(ctx, dialog, 'rpl:bccontext', ref, RESP.invalidArgument);
  const room = ctx.rooms.get(uri);
  if (!room) return fail(ctx, dialog, 'rpl:bccontext', ref, RESP.noSuchNode, `<chanib${attrs({ uri })}/>`);
  if (!room.canJoin(dialog.userUri)) return fail(ctx, dialog, 'rpl:bccontext', ref, RESP.permission, `<chanib${attrs({ uri })}/>`);
  ctx.sendXccos(dialog, reply('rpl:bccontext', ref, RESP.ok, historyData(room.uri, room.history.slice(-Math.min(cnt, MAX_HISTORY)))));
};

const getinv: CommandHandler = (ctx, dialog, ref, data) => {
  const inviteId = child(data, 'inv')?.attrs.inviteId;
  const after = inviteId === undefined ? Number.NaN : Number(inviteId);
  if (!Number.isInteger(after) || after < 0) return fail(ctx, dialog, 'rpl:getinv', ref, RESP.invalidArgument);
  ctx.sendXccos(dialog, getinvReply(ref, ctx.invitationViews(dialog.userUri, after)));
};

/** Commands of the chat server dialog. */
export const CHAT_COMMANDS: Readonly<Record<string, CommandHandler>> = {
  'cmd:getserverinfo': getserverinfo,
  'cmd:join': join('rpl:join'),
  'cmd:bjoin': join('rpl:bjoin'),
  'cmd:part': part,
  'cmd:chansrch': chansrch,
  'cmd:bccontext': bccontext,
  'cmd:getinv': getinv,
};

/** The lookup service knows only where the chat server is. */
export const LOOKUP_COMMANDS: Readonly<Record<string, CommandHandler>> = {
  'cmd:requri': requri,
};

/** Any command id the dialog does not support: an error reply, never a crash. */
export function unsupported(ctx: XccosContext, dialog: Dialog, ref: CommandRef, id: string): void {
  const rplId = /^cmd:/i.test(id) ? `rpl:${id.slice(4)}` : `rpl:${id || 'unknown'}`;
  fail(ctx, dialog, rplId, ref, RESP.notSupported);
}

/** Stores a message with the server's timestamp and fans it out to every joined dialog but the sender's. */
export function postMessage(ctx: XccosContext, room: Room, author: string, text: string, exceptCallId = '', alert = false, rtf?: string): ChatRecord {
  const record: ChatRecord = { chanUri: room.uri, author, ts: serverTimestamp(ctx.now()), text };
  if (alert) record.alert = true;
  if (rtf !== undefined) record.rtf = rtf;
  room.history.push(record);
  for (const callId of room.joined.keys()) {
    if (callId === exceptCallId) continue;
    const target = ctx.chatDialog(callId);
    if (target) ctx.sendXccos(target, chatXml(record, 'grpchat'));
  }
  return record;
}

/** A `grpchat` from a client: checked (room, joined, author, ts), then posted. Errors come back as rpl:grpchat. */
export function handleGrpchat(ctx: XccosContext, dialog: Dialog, envid: string, element: XmlElement): void {
  const ref: CommandRef = { seqid: element.attrs.seqid ?? '1', envid };
  const { chanUri, author, ts } = element.attrs;
  const text = child(element, 'chat')?.text;
  const echo = chanUri ? `<chanib${attrs({ uri: chanUri })}/>` : '';
  // sipe's log: the server rejects a message without ts.
  if (!chanUri || !ts || text === undefined) return fail(ctx, dialog, 'rpl:grpchat', ref, RESP.invalidArgument, echo);
  if (author !== undefined && aor(author) !== dialog.userUri) return fail(ctx, dialog, 'rpl:grpchat', ref, RESP.permission, echo);
  const room = ctx.rooms.get(chanUri);
  if (!room) return fail(ctx, dialog, 'rpl:grpchat', ref, RESP.noSuchNode, echo);
  if (!room.joined.has(dialog.callId) || !room.canPost(dialog.userUri)) return fail(ctx, dialog, 'rpl:grpchat', ref, RESP.permission, echo);
  if (text.length > MESSAGE_SIZE_LIMIT) return fail(ctx, dialog, 'rpl:grpchat', ref, RESP.limitExceeded, echo);
  postMessage(ctx, room, dialog.userUri, text, dialog.callId);
}
