import type { ChatConnection } from '../../persistentChat/chatConnection';
import type { ParsedRoomCommand } from './parseRoomCommand';
import type { CliStreams } from './streams';

/** A room subcommand at work: connected, its arguments checked (and, for post, its messages read). */
export interface RoomRun {
  parsed: ParsedRoomCommand;
  connection: ChatConnection;
  streams: CliStreams;
  signal: AbortSignal;
  /** post: the messages to send, none blank. */
  messages: string[];
}
