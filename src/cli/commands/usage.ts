import { USAGE, UsageError } from '../args';

/** The rooms subcommands' part of `lync-pchat --help` (kept apart from the connection options' USAGE). */
export const ROOMS_USAGE = `
Rooms (each takes the connection options above, --demo, --json and --verbose):
  lync-pchat rooms [QUERY]              search rooms by name; one room per line
  lync-pchat history ROOM [--count N]   the last N messages (default 25, at most 2000), oldest first
  lync-pchat post ROOM TEXT             post TEXT; TEXT "-" reads stdin, each line one message;
                                        exits 0 once the server accepted every message
  lync-pchat tail ROOM... [--history N] join, print N history messages (default 10), then live
                                        messages until Ctrl-C
  lync-pchat follow ROOM                follow a room (joined on every connect, unread counted)
  lync-pchat unfollow ROOM              stop following it
  lync-pchat following                  followed rooms with their unread and mention counts
ROOM is a ma-chan:// URI or a room name (exact, case-insensitive). Followed rooms are kept in
$XDG_CONFIG_HOME/lync-pchat/followed-rooms.json (default ~/.config/lync-pchat/).
With --json: {"type":"room","uri":…,"name":…,"description":…,"members":N} and
{"type":"message","room":…,"author":…,"time":…,"text":…,"mention":false}, one per line.

Exit codes: 0 ok; 1 failure (sign-in, connection, the server refused); 2 usage (bad arguments, a
room name that is unknown or ambiguous — the candidates are listed).
`;

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
