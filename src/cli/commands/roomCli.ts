import { CliOptions } from '../args';
import { runSession } from '../runSession';
import { CliSession } from '../session';
import { connectWithRetry } from './connectWithRetry';
import { execute } from './execute';
import { JsonFollowedRoomStore } from './followedRoomFile';
import { ParsedRoomCommand, parseRoomCommand, postText } from './parseRoomCommand';
import { messagesToPost } from './postInput';
import { cliStreams, CliStreams } from './streams';
import { parsedOrUsage } from './usage';

/** `lync-pchat <command> …`: resolves with the exit code (0 ok, 1 failure, 2 usage). */
export async function runRoomCli(options: CliOptions, signals: NodeJS.EventEmitter = process): Promise<number> {
  const parsed = parsedOrUsage(() => parseRoomCommand(options));
  if (!parsed) return 2;
  const streams = cliStreams(options.json);
  return runSession(options, streams.diag, signals, (session, signal) => runRoomCommand(parsed, session, streams, signal));
}

async function runRoomCommand(parsed: ParsedRoomCommand, session: CliSession, streams: CliStreams, signal: AbortSignal): Promise<number> {
  const { options } = session;
  const usesFollowed = parsed.command === 'follow' || parsed.command === 'unfollow' || parsed.command === 'following';
  const connection = await session.connection({ followedRooms: usesFollowed ? new JsonFollowedRoomStore(options.uri!) : undefined });
  if (options.json || options.verbose) connection.onEndpointStateChanged((e) => streams.diag.state(e.endpoint, e.change.state, e.change.reason));
  // Read before connecting: nothing to post is a usage error, and the server never sees the session.
  const messages = parsed.command === 'post' ? await messagesToPost(postText(parsed)) : [];
  await connectWithRetry(connection, parsed.command === 'tail' ? undefined : options.timeoutSec * 1000, options.once, signal, streams.diag);
  await connection.rooms.settled();
  return execute({ parsed, connection, streams, signal, messages });
}
