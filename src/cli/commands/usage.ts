import { USAGE, UsageError } from '../args';
import { isRoomCommand, RoomCommand } from '../roomCommandNames';

/** Each room subcommand's lines of `--help`, also its own `lync-pchat help COMMAND`. */
const COMMAND_USAGE: Readonly<Record<RoomCommand, string>> = {
  rooms: '  lync-pchat rooms [QUERY]              search rooms by name; one room per line\n',
  history: '  lync-pchat history ROOM [--count N]   the last N messages (default 25; the server returns at most its last 2000), oldest first\n',
  post: `  lync-pchat post ROOM TEXT             post TEXT; TEXT "-" reads stdin, each line one message;
                                        exits 0 once the server accepted every message
`,
  tail: `  lync-pchat tail ROOM... [--history N] join, print N history messages (default 10), then live
                  [--match REGEX]       messages until Ctrl-C; with --match only those whose text
                                        matches REGEX (a JavaScript regular expression)
`,
  follow: '  lync-pchat follow ROOM                follow a room (joined on every connect, unread counted)\n',
  unfollow: '  lync-pchat unfollow ROOM              stop following it\n',
  following: '  lync-pchat following                  followed rooms with their unread and mention counts\n',
};

const ROOM_NOTE = `ROOM is a ma-chan:// URI or a room name (exact, case-insensitive). Followed rooms are kept in
$XDG_CONFIG_HOME/lync-pchat/followed-rooms.json (default ~/.config/lync-pchat/).
With --json: {"type":"room","uri":…,"name":…,"description":…,"members":N} and
{"type":"message","room":…,"author":…,"time":…,"text":…,"mention":false}, one per line.
`;

const ROOMS_EXIT = `Exit codes: 0 ok; 1 failure (sign-in, connection, the server refused); 2 usage (bad arguments, a
room name that is unknown or ambiguous — the candidates are listed).
`;

/** The rooms subcommands' part of `lync-pchat --help` (kept apart from the connection options' USAGE). */
export const ROOMS_USAGE = `
Rooms (each takes the connection options above, --demo, --json and --verbose):
${Object.values(COMMAND_USAGE).join('')}${ROOM_NOTE}
${ROOMS_EXIT}`;

/** `lync-pchat --help` / `help`: everything; `help COMMAND` / `COMMAND --help`: that subcommand only. */
export function helpText(command?: string): string {
  if (command === undefined || command === 'help') return `${USAGE}${ROOMS_USAGE}`;
  if (!isRoomCommand(command)) throw new UsageError(`Unknown command "${command}" (commands: ${Object.keys(COMMAND_USAGE).join(', ')}, help).`);
  return `Usage:\n${COMMAND_USAGE[command]}\nIt takes the connection options, --demo, --json and --verbose (see: lync-pchat --help).\n${ROOM_NOTE}\n${ROOMS_EXIT}`;
}

/** `parse()`'s result, or undefined after printing a usage error and the full usage to stderr (exit code 2). */
export function parsedOrUsage<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`lync-pchat: ${error.message}\n\n${USAGE}${ROOMS_USAGE}`);
    return undefined;
  }
}
