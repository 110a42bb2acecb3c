import { parseXccosTime } from './time';
import type { ChatMessage } from './types';
import type { XmlElement } from '../../common/xml';
import { attr, DecodeOptions, describe, findAll, firstChild, sameName } from './xmlQuery';
import { unrenderedParts } from './messageParts';

/**
 * A live `grpchat` or a history `msg`: chanUri and author are required (else dropped and
 * reported); a missing or unreadable ts becomes the decode time (reported). `roomUri` is the
 * enclosing `chanib` of a history record, used when the message itself names no room.
 */
export function decodeChatMessage(element: XmlElement, options: DecodeOptions = {}, roomUri?: string): ChatMessage | undefined {
  const room = attr(element, 'chanUri') ?? roomUri;
  const author = attr(element, 'author');
  if (!room || !author) {
    options.onIgnored?.(`chat message without ${room ? 'author' : 'chanUri'}: ${describe(element)}`);
    return undefined;
  }
  const ts = attr(element, 'ts');
  let timestamp = parseXccosTime(ts);
  if (!timestamp) {
    options.onIgnored?.(`chat message with ${ts === undefined ? 'no ts' : `unreadable ts "${ts}"`}; using the time received`);
    timestamp = options.now?.() ?? new Date();
  }
  const chat = firstChild(element, 'chat');
  const message: ChatMessage = { roomUri: room, author, timestamp, text: chat?.text ?? '' };
  const parts = unrenderedParts(element, chat);
  if (parts.kinds.length > 0) message.unrendered = parts.kinds;
  for (const name of parts.names) options.onIgnored?.(`chat message part <${name}> not shown (only the text is)`);
  const seqid = attr(element, 'seqid');
  if (seqid !== undefined) message.seqid = seqid;
  // The SDK's ChatMessage.IsAlert; its wire attribute is not public, so read the plausible spellings.
  const alert = attr(element, 'alert', 'isAlert', 'importance', 'priority');
  if (alert !== undefined && /^(true|1|high|urgent)$/i.test(alert.trim())) message.alert = true;
  return message;
}

/** `rpl:bccontext` data: each `chanib/msg` whose id is grpchat, oldest first as the server sent them. */
export function decodeHistory(data: XmlElement | undefined, options: DecodeOptions = {}): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const rooms = findAll(data, 'chanib');
  // A server that leaves out the chanib wrapper: take msg records directly under data too.
  const groups: { room?: string; records: XmlElement[] }[] = rooms.map((r) => ({ room: attr(r, 'uri'), records: findAll(r, 'msg') }));
  groups.push({ records: findAll(data, 'msg', ['chanib']) });
  for (const { room, records } of groups) {
    for (const record of records) {
      const id = attr(record, 'id');
      if (id !== undefined && !sameName(id, 'grpchat')) {
        options.onIgnored?.(`history record of kind "${id}"`);
        continue;
      }
      const message = decodeChatMessage(record, options, room);
      if (message) messages.push(message);
    }
  }
  return messages;
}
