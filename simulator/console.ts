/**
 * The command prompt of `npm run sim`: one line in, the text to print out. Kept apart from the
 * readline wiring (main.ts) so tests can drive it.
 */
import { LyncError } from '../src/common/errors';
import type { SimulatedLyncPool } from './pool';
import { PRESENCE_HELP, presenceCommand } from './presence/presenceCommand';
import { reasonPhrase } from './responses';

export const HELP = `Commands:
  help                                 this list
  users                                configured users and who is registered
  rooms                                the chat rooms (number, name, privacy, members)
  sessions                             live chat sessions
  invite <user> <room>                 add <user> to <room> and push the invitation
  post <as-user> <room> <text…>        post into <room> as <as-user>
  alert <as-user> <room> <text…>       post a high-importance (alert) message
  enter <user> <room> / leave <user> <room>   <user> comes into / leaves <room> (ntc:join / ntc:part)
  remove <user> <room>                 take <user>'s membership away, parting their sessions
  delete <room>                        delete <room>, parting everyone
  bye <user>                           the chat server BYEs <user>'s chat sessions
  reset [user]                         TCP RST on <user>'s connections (all without a user)
  stall <seconds>                      delay everything the pool sends (0 = off)
  fail <status> [method] [diagnostics] answer the next (METHOD) request with <status>
  malformed <user>                     write a garbage frame on <user>'s connections
  dropsa <user>                        forget <user>'s security association: the next request gets 401
  challenge <401|407> [method]         challenge the next (METHOD) request once with fresh offers
${PRESENCE_HELP}
  restart                              drop every connection, listen again on the same ports
  quit                                 stop the pool and exit
<user> is alice or sip:alice@contoso.com; <room> is a number from \`rooms\`, a name ("Release Train") or a ma-chan:// URI.`;

/** The re-authentication controls; undefined when `command` is not one of them. */
function authCommand(pool: SimulatedLyncPool, command: string, args: string[]): string | undefined {
  if (command === 'dropsa') return `security association dropped on ${pool.dropSecurityAssociation(userUri(pool, args[0]))} connection(s)`;
  if (command !== 'challenge') return undefined;
  const status = Number(args[0]);
  if (status !== 401 && status !== 407) return 'usage: challenge <401|407> [method]';
  const method = args[1] && /^[A-Z]+$/.test(args[1]) ? args[1] : undefined;
  pool.challengeNext(status, method);
  return `the next ${method ?? 'request'} gets ${status} with fresh offers`;
}

/** Splits on spaces, keeping "double quoted" parts together. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  for (const match of line.matchAll(pattern)) tokens.push(match[1] ?? match[2] ?? '');
  return tokens;
}

export function userUri(pool: SimulatedLyncPool, name: string | undefined): string {
  if (!name) throw new LyncError('InvalidSettings', 'Which user?');
  if (/^sips?:/i.test(name)) return name;
  return name.includes('@') ? `sip:${name}` : `sip:${name}@${pool.config.domain}`;
}

export function roomUri(pool: SimulatedLyncPool, name: string | undefined): string {
  if (!name) throw new LyncError('InvalidSettings', 'Which room?');
  const rooms = pool.rooms();
  if (/^ma-chan:/i.test(name)) return name;
  if (/^\d+$/.test(name)) {
    const room = rooms[Number(name) - 1];
    if (room) return room.uri;
  }
  const lower = name.toLowerCase();
  const matches = rooms.filter((r) => r.name.toLowerCase() === lower);
  const byPrefix = matches.length > 0 ? matches : rooms.filter((r) => r.name.toLowerCase().startsWith(lower));
  if (byPrefix.length === 1 && byPrefix[0]) return byPrefix[0].uri;
  throw new LyncError('InvalidSettings', byPrefix.length > 1 ? `"${name}" matches ${byPrefix.length} rooms` : `No room "${name}" (see \`rooms\`)`);
}

export function describeUsers(pool: SimulatedLyncPool): string {
  const registered = pool.registrations();
  return pool.users.map((u) => {
    const regs = registered.filter((r) => r.userUri === u.uri.toLowerCase());
    const state = regs.length ? `registered (${regs.map((r) => r.transport).join(', ')})` : 'offline';
    return `  ${u.uri.padEnd(28)} login ${u.login.padEnd(16)} password ${u.password.padEnd(8)} ${u.displayName.padEnd(16)} ${state}`;
  }).join('\n');
}

export function describeRooms(pool: SimulatedLyncPool): string {
  return pool.rooms().map((r, i) =>
    `  ${String(i + 1).padStart(2)}. ${r.name.padEnd(24)} ${r.privacy.padEnd(6)} ${String(r.members.length).padStart(2)} members, ${r.historyCount} messages  ${r.uri}`,
  ).join('\n');
}

/** Runs one command; returns what to print, or 'quit'. Errors come back as text. */
export async function runCommand(pool: SimulatedLyncPool, line: string): Promise<string | 'quit'> {
  const [command, ...args] = tokenize(line.trim());
  try {
    switch ((command ?? '').toLowerCase()) {
      case '':
        return '';
      case 'help':
      case '?':
        return HELP;
      case 'users':
        return describeUsers(pool);
      case 'rooms':
        return describeRooms(pool);
      case 'sessions': {
        const sessions = pool.chatSessions();
        return sessions.length ? sessions.map((s) => `  ${s.userUri} ${s.kind} conn ${s.connectionId} rooms: ${s.rooms.join(', ') || '-'}`).join('\n') : '  no chat sessions';
      }
      case 'invite': {
        const user = userUri(pool, args[0]);
        const room = roomUri(pool, args.slice(1).join(' '));
        const invitation = pool.inviteUser(user, room);
        return invitation ? `${user} invited to ${invitation.room.name} (invitation ${invitation.id})` : `${user} added to ${room} (the room sends no invitations)`;
      }
      case 'post': {
        if (args.length < 3) return 'usage: post <as-user> <room> <text…>';
        const record = pool.post(userUri(pool, args[0]), roomUri(pool, args[1]), args.slice(2).join(' '));
        return `posted as ${record.author} in ${record.chanUri} at ${record.ts}`;
      }
      case 'alert': {
        if (args.length < 3) return 'usage: alert <as-user> <room> <text…>';
        const record = pool.post(userUri(pool, args[0]), roomUri(pool, args[1]), args.slice(2).join(' '), { alert: true });
        return `alert posted as ${record.author} in ${record.chanUri} at ${record.ts}`;
      }
      case 'enter':
      case 'leave': {
        if (args.length < 2) return `usage: ${command} <user> <room>`;
        pool.setPresence(userUri(pool, args[0]), roomUri(pool, args.slice(1).join(' ')), command === 'enter');
        return `${args[0]} ${command === 'enter' ? 'entered' : 'left'} the room`;
      }
      case 'remove':
        if (args.length < 2) return 'usage: remove <user> <room>';
        return `${pool.removeFromRoom(userUri(pool, args[0]), roomUri(pool, args.slice(1).join(' ')))} session(s) parted`;
      case 'delete':
        return `room deleted; ${pool.deleteRoom(roomUri(pool, args.join(' ')))} session(s) parted`;
      case 'restart':
        await pool.restart();
        return `restarted: TLS ${pool.addresses.tls.port}, TCP ${pool.addresses.tcp.port}`;
      case 'quit':
      case 'exit':
        return 'quit';
      default:
        return connectionCommand(pool, (command ?? '').toLowerCase(), args)
          ?? authCommand(pool, (command ?? '').toLowerCase(), args)
          ?? presenceCommand(pool, (command ?? '').toLowerCase(), args, (name) => userUri(pool, name))
          ?? `unknown command "${command}" (try help)`;
    }
  } catch (error) {
    return `error: ${LyncError.from(error).message}`;
  }
}

/** The commands that break connections and requests on purpose (undefined: not one of them). */
function connectionCommand(pool: SimulatedLyncPool, command: string, args: string[]): string | undefined {
  switch (command) {
    case 'bye':
      return `${pool.disconnectSession(userUri(pool, args[0]))} chat session(s) ended`;
    case 'reset':
      return `${pool.resetConnections(args[0] ? userUri(pool, args[0]) : undefined)} connection(s) reset`;
    case 'stall': {
      const seconds = Number(args[0]);
      if (!Number.isFinite(seconds) || seconds < 0) return 'usage: stall <seconds>';
      pool.stall(seconds);
      return seconds > 0 ? `stalling everything the pool sends by ${seconds} s` : 'stall off';
    }
    case 'fail': {
      const status = Number(args[0]);
      if (!Number.isInteger(status) || status < 300 || status > 699) return 'usage: fail <status 300-699> [method] [diagnostics]';
      const method = args[1] && /^[A-Z]+$/.test(args[1]) ? args[1] : undefined;
      const diagnostics = args.slice(method ? 2 : 1).join(' ') || undefined;
      pool.failNext({ status, reason: reasonPhrase(status), method, diagnostics });
      return `the next ${method ?? 'request'} gets ${status} ${reasonPhrase(status)}${diagnostics ? ` (ms-diagnostics: ${diagnostics})` : ''}`;
    }
    case 'malformed':
      return `garbage frame sent on ${pool.sendMalformed(userUri(pool, args[0]))} connection(s)`;
    default:
      return undefined;
  }
}
