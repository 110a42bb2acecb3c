import { CliOptions, UsageError } from '../args';
import { isRoomCommand, ROOM_COMMANDS, RoomCommand } from '../roomCommandNames';
import { parseMatch } from './matchOption';

/** `--count`: any count is accepted (the server returns at most its last 2,000 and the CLI says so); bounded against typos. */
const MAX_COUNT = 1_000_000;
/** `--history` of tail: what one history read returns at most. */
const MAX_TAIL_HISTORY = 2000;

export interface ParsedRoomCommand {
  command: RoomCommand;
  args: string[];
  count: number;
  history: number;
  /** tail --match: only messages whose text matches. */
  match?: RegExp;
}

function integer(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${value}".`);
  return Number(value);
}

/** `post ROOM TEXT`'s TEXT: the words after ROOM ("-" = read stdin). */
export function postText(parsed: ParsedRoomCommand): string {
  return parsed.args.slice(1).join(' ');
}

/** The usage error of a post with nothing in it (an empty TEXT, or blank stdin lines). */
export function nothingToPost(): UsageError {
  return new UsageError('nothing to post: TEXT is empty or blank (with "-", every stdin line was blank).');
}

function checkArguments(command: RoomCommand, args: string[]): void {
  const need = (ok: boolean, usage: string) => { if (!ok) throw new UsageError(`usage: lync-pchat ${usage}`); };
  switch (command) {
    case 'rooms': break;
    case 'history': need(args.length === 1, 'history ROOM [--count N]'); break;
    case 'post': need(args.length >= 2, 'post ROOM TEXT   (TEXT "-" reads stdin)'); break;
    case 'tail': need(args.length >= 1, 'tail ROOM... [--history N] [--match REGEX]'); break;
    case 'follow': need(args.length === 1, 'follow ROOM'); break;
    case 'unfollow': need(args.length === 1, 'unfollow ROOM'); break;
    case 'following': need(args.length === 0, 'following'); break;
  }
}

/** Checks the subcommand and its arguments before anything connects (a mistake exits 2 at once). */
export function parseRoomCommand(options: CliOptions): ParsedRoomCommand {
  const [name, ...args] = options.positionals;
  if (!isRoomCommand(name)) throw new UsageError(`Unknown command "${name}" (commands: ${ROOM_COMMANDS.join(', ')}).`);
  if (options.count !== undefined && name !== 'history') throw new UsageError('--count belongs to history.');
  if (options.history !== undefined && name !== 'tail') throw new UsageError('--history belongs to tail.');
  if (options.match !== undefined && name !== 'tail') throw new UsageError('--match belongs to tail.');
  checkArguments(name, args);
  if (options.noChat) throw new UsageError(`--no-chat cannot be used with ${name}.`);
  const parsed: ParsedRoomCommand = { command: name, args, count: integer('--count', options.count, 25, 1, MAX_COUNT), history: integer('--history', options.history, 10, 0, MAX_TAIL_HISTORY) };
  const match = parseMatch(options.match);
  if (match) parsed.match = match;
  if (name === 'post' && !postText(parsed).trim()) throw nothingToPost();
  return parsed;
}
