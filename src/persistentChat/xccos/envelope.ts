import { randomInt } from 'node:crypto';
import { LyncError } from '../../common/errors';
import { decodeChatMessage } from './messages';
import type { ChatMessage, ChatRoomListing } from './types';
import type { XmlElement } from '../../common/xml';
import { streamXml, XmlLimits } from '../../common/xmlStream';
import { EnvelopeChild, EnvelopeSink } from './envelopeSink';
import { attr, attrOf, DecodeOptions, describe, firstChild, sameName } from './xmlQuery';

const ENVID = ['envid'];

export const XCCOS_NAMESPACE = 'urn:parlano:xml:ns:xccos';

/** A whole `<xccos>` envelope ready to be an INFO body, and the envid it carries. */
export interface EncodedEnvelope {
  text: string;
  envid: string;
}

/** Client envids as sipe makes them: a random start that fits in 32 bits, +1 per envelope. */
export class EnvelopeIdSource {
  private value: bigint;

  constructor(start: number | bigint = randomInt(1, 2 ** 31)) {
    this.value = BigInt(start);
  }

  next(): string {
    const id = this.value.toString();
    this.value += 1n;
    return id;
  }
}

/** `<xccos ver="1" envid="N" xmlns="urn:parlano:xml:ns:xccos">…</xccos>`: no declaration, no whitespace. */
export function encodeEnvelope(envid: string, body: string): EncodedEnvelope {
  if (!/^\d+$/.test(envid)) throw new LyncError('ProtocolError', `An XCCOS envid must be decimal digits, not "${envid}".`, { retriable: false });
  return { text: `<xccos ver="1" envid="${envid}" xmlns="${XCCOS_NAMESPACE}">${body}</xccos>`, envid };
}

export interface XccosReply {
  kind: 'reply';
  /** `rpl:…`, lower case. */
  id: string;
  seqid?: string;
  /** The envid of the command answered (`commandid/@envid`), as a string (server envids are 64-bit). */
  commandEnvid?: string;
  /** `resp/@code`; 500 when there is no `resp`. */
  code: number;
  /** `resp` text, e.g. SUCCESS_OK. */
  text: string;
  data: XmlElement | undefined;
  /**
   * An `rpl:chansrch` reply's rooms, read while the envelope parsed (decodeEnvelope's `roomLists`):
   * then its data has no element tree (`data` is undefined) and these are what decodeRoomList returns for it.
   */
  rooms?: ChatRoomListing[];
}

export interface XccosNotice {
  kind: 'notice';
  /** `ntc:…`, lower case. */
  id: string;
  seqid?: string;
  data: XmlElement | undefined;
}

export interface XccosMessageItem {
  kind: 'message';
  message: ChatMessage;
}

/** Anything else at the top level of an envelope: kept for the log, never fatal. */
export interface XccosUnknown {
  kind: 'unknown';
  name: string;
  xml: XmlElement;
}

export type XccosItem = XccosReply | XccosNotice | XccosMessageItem | XccosUnknown;

export interface XccosEnvelope {
  /** The envelope's own envid (a string: server envids exceed 32 bits). */
  envid?: string;
  items: XccosItem[];
}

export interface EnvelopeDecodeOptions extends DecodeOptions {
  limits?: Partial<XmlLimits>;
  /** Read an `rpl:chansrch` reply's rooms as the envelope streams by, into `rooms`, instead of building its data's tree. */
  roomLists?: boolean;
}

function decodeReply({ element, rooms, ignored }: EnvelopeChild, options: DecodeOptions): XccosReply {
  const reply: XccosReply = { kind: 'reply', id: (attr(element, 'id') ?? '').toLowerCase(), code: 500, text: '', data: firstChild(element, 'data') };
  const seqid = attr(element, 'seqid');
  if (seqid !== undefined) reply.seqid = seqid;
  const commandEnvid = attr(firstChild(element, 'commandid') ?? element, 'envid');
  if (commandEnvid !== undefined) reply.commandEnvid = commandEnvid.trim();
  const resp = firstChild(element, 'resp');
  if (resp) {
    reply.text = resp.text.trim();
    const code = attr(resp, 'code');
    if (code !== undefined && /^\s*\d{1,9}\s*$/.test(code)) reply.code = Number(code);
    else options.onIgnored?.(`${reply.id || 'reply'} with ${code === undefined ? 'no' : `an unreadable`} resp code; taken as 500`);
  }
  if (rooms) {
    reply.rooms = rooms;
    reply.data = undefined;
    for (const why of ignored ?? []) options.onIgnored?.(why);
  }
  return reply;
}

function decodeNotice(element: XmlElement): XccosNotice {
  const notice: XccosNotice = { kind: 'notice', id: (attr(element, 'id') ?? '').toLowerCase(), data: firstChild(element, 'data') };
  const seqid = attr(element, 'seqid');
  if (seqid !== undefined) notice.seqid = seqid;
  return notice;
}

/**
 * Decodes one `<xccos>` envelope into its items, in order: replies, notices, live chat messages
 * and unknown elements (reported through onIgnored, never fatal). Throws LyncError('ProtocolError')
 * for XML that is malformed or unsafe (see parseXml) or is not an xccos envelope.
 */
export function decodeEnvelope(text: string, options: EnvelopeDecodeOptions = {}): XccosEnvelope {
  const sink = new EnvelopeSink(options.roomLists === true);
  streamXml(text, sink, options.limits);
  const root = sink.root as Pick<XmlElement, 'name' | 'attrs'>;
  if (!sameName(root.name, 'xccos')) throw new LyncError('ProtocolError', `Expected an <xccos> envelope, got <${root.name}>.`);
  const items: XccosItem[] = [];
  for (const child of sink.children) {
    const { element } = child;
    const name = element.name.toLowerCase();
    if (name === 'rpl') items.push(decodeReply(child, options));
    else if (name === 'ntc') items.push(decodeNotice(element));
    else if (name === 'grpchat') {
      const message = decodeChatMessage(element, options);
      if (message) items.push({ kind: 'message', message });
    } else {
      options.onIgnored?.(`unknown element ${describe(element)}`);
      items.push({ kind: 'unknown', name: element.name, xml: element });
    }
  }
  const envelope: XccosEnvelope = { items };
  const envid = attrOf(root.attrs, ENVID);
  if (envid !== undefined) envelope.envid = envid.trim();
  return envelope;
}
