import { LyncError } from '../../common/errors';
import type { ChatMessage } from '../xccos/types';
import { postRefusal, postRefusedBefore, tooLarge } from './errors';
import type { MessageModel } from './messageModel';
import { oversize, postBody } from './messageSize';
import type { ReadMarkers } from './readMarkers';
import type { RoomJoiner } from './roomJoiner';
import type { RoomTable } from './roomTable';
import type { RoomMessage } from './types';

/** Posting (`grpchat`): checked against the server's size limit, confirmed by the server, seen once by the sender. */
export class RoomPoster {
  constructor(
    private readonly table: RoomTable,
    private readonly model: MessageModel,
    private readonly joiner: RoomJoiner,
    private readonly markers: ReadMarkers,
  ) {}

  async post(uri: string, text: string, signal?: AbortSignal): Promise<RoomMessage> {
    this.table.requireChat();
    const body = postBody(text);
    if (body.trim() === '') throw new LyncError('InvalidSettings', 'There is nothing to post: the message is empty.', { retriable: false });
    const name = this.table.get(uri)?.info.name ?? uri;
    const limit = this.table.sizeLimit;
    const size = oversize(body, limit);
    if (size !== undefined && limit !== undefined) throw tooLarge(name, size, limit);
    const entry = await this.joiner.ensureJoined(uri, signal);
    if (entry.info.canPost === false) throw postRefusedBefore(entry.info.name);
    const chat = this.table.requireChat();
    let stored: ChatMessage;
    try {
      stored = await chat.sendChatMessage(entry.uri, body, signal);
    } catch (error) {
      const e = postRefusal(error, entry.info.name);
      if (e.code === 'PostNotAllowed') {
        this.table.markPostingRight(entry, false);
        this.table.fireChanged();
      }
      throw e;
    }
    const message = this.model.toRoomMessage(stored, entry.uri);
    if (!entry.known.has(message.id)) entry.window.push(message);
    this.markers.remember(entry, message);
    if (entry.followed) this.markers.markRead(entry.uri);
    return message;
  }
}
