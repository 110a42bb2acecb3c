import { createInterface } from 'node:readline';
import { LyncError } from '../../common/errors';
import { createLogger, Logger, nullLogger } from '../../common/logger';
import { ChatConnection } from '../../persistentChat/chatConnection';
import type { RoomMessage } from '../../persistentChat/rooms/types';
import { CliOptions, UsageError } from '../args';
import { DemoPool, startDemo } from '../demo';
import { endpointFactory } from '../endpointFactory';
import { CliOutput } from '../output';
import { JsonFollowedRoomStore } from './followedRoomFile';
import { followedJson, followedLine, messageJson, messageLine, roomJson, roomLine } from './format';
import { resolveRoom } from './resolveRoom';
import { parsedOrUsage } from './usage';

export const ROOM_COMMANDS = ['rooms', 'history', 'post', 'tail', 'follow', 'unfollow', 'following'] as const;
type RoomCommand = (typeof ROOM_COMMANDS)[number];

const MAX_COUNT = 2000;

interface Parsed {
  command: RoomCommand;
  args: string[];
  count: number;
  history: number;
}

function integer(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > MAX_COUNT) throw new UsageError(`${flag} must be a whole number from ${min} to ${MAX_COUNT}, not "${value}".`);
  return Number(value);
}

/** Checks the subcommand and its arguments before anything connects (a mistake exits 2 at once). */
export function parseRoomCommand(options: CliOptions): Parsed {
  const [name, ...args] = options.positionals;
  if (!(ROOM_COMMANDS as readonly string[]).includes(name)) throw new UsageError(`Unknown command "${name}" (commands: ${ROOM_COMMANDS.join(', ')}).`);
  const command = name as RoomCommand;
  if (options.count !== undefined && command !== 'history') throw new UsageError('--count belongs to history.');
  if (options.history !== undefined && command !== 'tail') throw new UsageError('--history belongs to tail.');
  const need = (ok: boolean, usage: string) => { if (!ok) throw new UsageError(`usage: lync-pchat ${usage}`); };
  switch (command) {
    case 'rooms': break;
    case 'history': need(args.length === 1, 'history ROOM [--count N]'); break;
    case 'post': need(args.length >= 2, 'post ROOM TEXT   (TEXT "-" reads stdin)'); break;
    case 'tail': need(args.length >= 1, 'tail ROOM... [--history N]'); break;
    case 'follow': need(args.length === 1, 'follow ROOM'); break;
    case 'unfollow': need(args.length === 1, 'unfollow ROOM'); break;
    case 'following': need(args.length === 0, 'following'); break;
  }
  if (options.noChat) throw new UsageError(`--no-chat cannot be used with ${command}.`);
  return { command, args, count: integer('--count', options.count, 25, 1), history: integer('--history', options.history, 10, 0) };
}

/** `lync-pchat <command> …`: resolves with the exit code (0 ok, 1 failure, 2 usage). */
export async function runRoomCli(options: CliOptions, signals: NodeJS.EventEmitter = process): Promise<number> {
  const parsed = parsedOrUsage(() => parseRoomCommand(options));
  if (!parsed) return 2;
  // Results on stdout; in text mode, states and errors on stderr so that output can be piped.
  const out = new CliOutput(options.json);
  const diag = options.json ? out : new CliOutput(false, process.stderr);
  const logger: Logger = options.verbose ? createLogger((level, line) => process.stderr.write(`${level.padEnd(5)} ${line}\n`)) : nullLogger;
  let demo: DemoPool | undefined;
  try {
    if (options.demo) {
      demo = await startDemo(options.verbose);
      options = { ...options, ...demo.options };
      process.env.LYNC_PASSWORD = demo.password;
      diag.event('demo', { uri: options.uri, server: options.server }, `demo: simulated Lync pool at ${options.server}; signing in as ${options.uri}`);
    }
    return await run(parsed, options, out, diag, logger, signals);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`lync-pchat: ${error.message}\n`);
      return 2;
    }
    diag.error(LyncError.from(error));
    return 1;
  } finally {
    await demo?.stop();
  }
}

async function run(parsed: Parsed, options: CliOptions, out: CliOutput, diag: CliOutput, logger: Logger, signals: NodeJS.EventEmitter): Promise<number> {
  const createEndpoint = await endpointFactory(options, logger).catch((error) => { throw LyncError.from(error, 'InvalidSettings'); });
  const usesFollowed = parsed.command === 'follow' || parsed.command === 'unfollow' || parsed.command === 'following';
  const connection = new ChatConnection({
    userUri: options.uri!,
    endpointKind: options.application ? 'application' : 'user',
    createEndpoint,
    chatUri: options.chatUri,
    followedRooms: usesFollowed ? new JsonFollowedRoomStore(options.uri!) : undefined,
    logger,
  });
  if (options.json || options.verbose) connection.onEndpointStateChanged((e) => diag.state(e.endpoint, e.change.state, e.change.reason));
  const abort = new AbortController();
  const stop = () => abort.abort();
  signals.once('SIGINT', stop);
  signals.once('SIGTERM', stop);
  try {
    await connectWithRetry(connection, parsed.command === 'tail' ? undefined : options.timeoutSec * 1000, options.once, abort.signal, diag);
    await connection.rooms.settled();
    return await execute(parsed, connection, out, diag, abort.signal);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const e = LyncError.from(error);
    if (e.code === 'Aborted') return 0;
    diag.error(e);
    return 1;
  } finally {
    signals.removeListener('SIGINT', stop);
    signals.removeListener('SIGTERM', stop);
    await connection.disconnect();
    connection.dispose();
  }
}

async function execute(parsed: Parsed, connection: ChatConnection, out: CliOutput, diag: CliOutput, signal: AbortSignal): Promise<number> {
  const rooms = connection.rooms;
  const [first] = parsed.args;
  switch (parsed.command) {
    case 'rooms': {
      for (const room of await rooms.find(parsed.args.join(' '), signal)) out.event('room', roomJson(room), roomLine(room));
      return 0;
    }
    case 'history': {
      const room = await resolveRoom(rooms, first, signal);
      const page = await rooms.history(room.uri, { count: parsed.count }, signal);
      for (const m of page.messages) out.event('message', messageJson(m), messageLine(m));
      return 0;
    }
    case 'post': {
      const room = await resolveRoom(rooms, first, signal);
      const text = parsed.args.slice(1).join(' ');
      const lines = text === '-' ? await readStdinLines() : [text];
      for (const line of lines) {
        if (!line.trim()) continue;
        const message = await rooms.post(room.uri, line, signal);
        if (out === diag) out.event('message', messageJson(message), '');
        else diag.event('posted', {}, `posted to ${room.name} at ${message.time.toISOString()}`);
      }
      return 0;
    }
    case 'follow': {
      const room = await resolveRoom(rooms, first, signal);
      const [followed] = await rooms.follow([room.uri], signal);
      out.event('room', followedJson(followed), `following ${followedLine(followed)}`);
      return 0;
    }
    case 'unfollow': {
      const room = await resolveRoom(rooms, first, signal);
      if (!rooms.isFollowed(room.uri)) throw new UsageError(`You do not follow "${room.name}" (see: lync-pchat following).`);
      await rooms.unfollow(room.uri, signal);
      diag.event('unfollowed', { uri: room.uri }, `no longer following ${room.name}`);
      return 0;
    }
    case 'following': {
      for (const room of rooms.followed) out.event('room', followedJson(room), followedLine(room));
      return 0;
    }
    case 'tail':
      return tail(parsed, connection, out, diag, signal);
  }
}

async function tail(parsed: Parsed, connection: ChatConnection, out: CliOutput, diag: CliOutput, signal: AbortSignal): Promise<number> {
  const rooms = connection.rooms;
  const targets = [];
  for (const arg of parsed.args) targets.push(await resolveRoom(rooms, arg, signal));
  const names = new Map(targets.map((r) => [r.uri.toLowerCase(), r.name]));
  const several = targets.length > 1;
  const print = (m: RoomMessage) => {
    const name = names.get(m.roomUri.toLowerCase());
    if (name === undefined) return;
    out.event('message', messageJson(m), messageLine(m, several ? name : undefined));
  };
  // Messages that arrive while history is read are held, then printed after it, each once.
  let held: RoomMessage[] | undefined = [];
  const shown = new Set<string>();
  connection.rooms.onMessage((m) => {
    if (held) held.push(m);
    else if (!shown.has(m.id)) print(m);
  });
  connection.onStatusChanged((s) => {
    if (s.phase === 'Reconnecting') diag.event('reconnecting', { attempt: s.attempt, reason: s.lastError?.code }, `reconnecting (attempt ${s.attempt}): ${s.lastError?.message ?? ''}`);
  });
  const joined = await rooms.join(targets.map((r) => r.uri), signal);
  for (const room of joined) names.set(room.uri.toLowerCase(), room.name);
  if (parsed.history > 0) {
    for (const room of joined) {
      for (const m of (await rooms.history(room.uri, { count: parsed.history }, signal)).messages) {
        shown.add(m.id);
        print(m);
      }
    }
  }
  const pending = held;
  held = undefined;
  for (const m of pending) if (!shown.has(m.id)) print(m);
  // Say that live messages follow (on stderr in text mode, so piped output stays messages only).
  diag.event('tailing', { rooms: joined.map((r) => r.uri) }, `tailing ${joined.map((r) => r.name).join(', ')}: live messages follow; Ctrl-C to stop`);
  const gaveUp = new Promise<LyncError | undefined>((resolve) => connection.onStatusChanged((s) => { if (s.phase === 'Error') resolve(s.lastError); }));
  const stopped = new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined), { once: true }));
  const reason = await Promise.race([gaveUp, stopped]);
  if (reason) {
    diag.error(reason);
    return 1;
  }
  return 0;
}

async function readStdinLines(): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of reader) lines.push(line);
  return lines;
}

/**
 * The first connect, under the one recovery policy: a transient failure (reset, timeout, 503, a
 * server BYE) is retried with backoff — by a one-shot command for at most `timeoutMs` (--timeout),
 * by `tail` until Ctrl-C — while `--once` and non-transient failures end at once with their error.
 */
async function connectWithRetry(connection: ChatConnection, timeoutMs: number | undefined, once: boolean, signal: AbortSignal, diag: CliOutput): Promise<void> {
  try {
    await connection.connect(signal);
  } catch (error) {
    const e = LyncError.from(error);
    if (once || !e.retriable || e.code === 'Aborted') throw e;
    diag.event('retrying', { code: e.code, message: e.message }, `connect failed (${e.message}); retrying${timeoutMs === undefined ? ' until Ctrl-C' : ` for up to ${Math.round(timeoutMs / 1000)} s`}`);
    // Without a bound (tail), wait in steps the timer API can hold until Connected, Error or Ctrl-C.
    for (;;) {
      try {
        await connection.waitConnected(timeoutMs ?? 3_600_000, signal);
        return;
      } catch (waitError) {
        if (timeoutMs !== undefined || !LyncError.is(waitError, 'Timeout')) throw waitError;
      }
    }
  }
}
