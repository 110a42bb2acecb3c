/**
 * The chat catalogue: categories, rooms, history and pending invitations, loaded from JSON and
 * validated field by field so a typo in a hand-edited catalogue names the exact bad field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LyncError } from '../../src/common/errors';

export type RoomPrivacy = 'open' | 'closed' | 'secret';

export interface CatalogueCategory {
  id: string;
  uri: string;           // ma-cat://<domain>/<guid>
  name: string;
  description: string;
}

export interface CatalogueMessage {
  author: string;        // sip:…
  ts: string;            // ISO-8601 UTC
  text: string;
}

export interface CatalogueRoom {
  uri: string;           // ma-chan://<domain>/<guid>
  name: string;
  description: string;
  topic: string;
  category: string;      // CatalogueCategory.id
  privacy: RoomPrivacy;
  invitations: boolean;
  filePost: boolean;
  members: string[];
  managers: string[];
  /** When not empty the room is an auditorium: only these users (and managers) may post. */
  presenters: string[];
  history: CatalogueMessage[];
  /** Generated messages before `history` (a room of realistic depth), one a minute up to the first listed one. */
  generatedHistory: number;
}

export interface CatalogueInvitation {
  id: number;
  user: string;
  room: string;          // room uri
  inviter: string;
  createdOn: string;     // ISO-8601 UTC
}

export interface Catalogue {
  rootUri: string;       // ma-cat://<domain>/<guid> of the root category
  categories: CatalogueCategory[];
  rooms: CatalogueRoom[];
  invitations: CatalogueInvitation[];
}

const SIP_URI = /^sip:[^@\s<>"]+@[^@\s<>";]+$/i;
const ROOM_URI = /^ma-chan:\/\/[^/\s]+\/[^/\s]+$/;
const CAT_URI = /^ma-cat:\/\/[^/\s]+\/[^/\s]+$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

function fail(file: string, field: string, problem: string): never {
  throw new LyncError('InvalidSettings', `Catalogue ${file}: ${field} ${problem}`);
}

type Obj = Record<string, unknown>;

function obj(file: string, field: string, value: unknown): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, field, 'must be an object');
  return value as Obj;
}

function arr(file: string, field: string, value: unknown, optional = false): unknown[] {
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) fail(file, field, 'must be an array');
  return value;
}

function str(file: string, field: string, value: unknown, pattern?: RegExp, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) fail(file, field, 'must be a non-empty string');
  if (pattern && !pattern.test(value)) fail(file, field, `has an invalid value ${JSON.stringify(value)} (expected ${pattern})`);
  return value;
}

function bool(file: string, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(file, field, 'must be true or false');
  return value;
}

function count(file: string, field: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100_000) fail(file, field, 'must be an integer from 0 to 100000');
  return value;
}

function uris(file: string, field: string, value: unknown): string[] {
  return arr(file, field, value, true).map((u, i) => str(file, `${field}[${i}]`, u, SIP_URI));
}

function parseRoom(file: string, field: string, raw: unknown, categories: Set<string>): CatalogueRoom {
  const r = obj(file, field, raw);
  const privacy = r.privacy ?? 'open';
  if (privacy !== 'open' && privacy !== 'closed' && privacy !== 'secret') {
    fail(file, `${field}.privacy`, `must be one of open, closed, secret (got ${JSON.stringify(privacy)})`);
  }
  const category = str(file, `${field}.category`, r.category);
  if (!categories.has(category)) fail(file, `${field}.category`, `names no category (${JSON.stringify(category)})`);
  const description = str(file, `${field}.description`, r.description, undefined, '');
  return {
    uri: str(file, `${field}.uri`, r.uri, ROOM_URI),
    name: str(file, `${field}.name`, r.name),
    description,
    topic: str(file, `${field}.topic`, r.topic, undefined, description),
    category,
    privacy,
    invitations: bool(file, `${field}.invitations`, r.invitations, false),
    filePost: bool(file, `${field}.filePost`, r.filePost, false),
    members: uris(file, `${field}.members`, r.members),
    managers: uris(file, `${field}.managers`, r.managers),
    presenters: uris(file, `${field}.presenters`, r.presenters),
    generatedHistory: count(file, `${field}.generatedHistory`, r.generatedHistory),
    history: arr(file, `${field}.history`, r.history, true).map((m, i) => {
      const f = `${field}.history[${i}]`;
      const msg = obj(file, f, m);
      return {
        author: str(file, `${f}.author`, msg.author, SIP_URI),
        ts: str(file, `${f}.ts`, msg.ts, ISO_UTC),
        text: str(file, `${f}.text`, msg.text),
      };
    }),
  };
}

/** Validates a parsed catalogue document. `file` only names the source in error messages. */
export function validateCatalogue(raw: unknown, file = '<inline>'): Catalogue {
  const root = obj(file, '(root)', raw);
  const categories = arr(file, 'categories', root.categories).map((c, i) => {
    const f = `categories[${i}]`;
    const cat = obj(file, f, c);
    return {
      id: str(file, `${f}.id`, cat.id),
      uri: str(file, `${f}.uri`, cat.uri, CAT_URI),
      name: str(file, `${f}.name`, cat.name),
      description: str(file, `${f}.description`, cat.description, undefined, ''),
    };
  });
  const categoryIds = new Set<string>();
  categories.forEach((c, i) => {
    if (categoryIds.has(c.id)) fail(file, `categories[${i}].id`, `duplicates ${JSON.stringify(c.id)}`);
    categoryIds.add(c.id);
  });
  const rooms = arr(file, 'rooms', root.rooms).map((r, i) => parseRoom(file, `rooms[${i}]`, r, categoryIds));
  const roomByUri = new Map<string, CatalogueRoom>();
  rooms.forEach((r, i) => {
    if (roomByUri.has(r.uri.toLowerCase())) fail(file, `rooms[${i}].uri`, `duplicates ${JSON.stringify(r.uri)}`);
    roomByUri.set(r.uri.toLowerCase(), r);
  });
  const ids = new Set<number>();
  const invitations = arr(file, 'invitations', root.invitations, true).map((v, i) => {
    const f = `invitations[${i}]`;
    const inv = obj(file, f, v);
    if (typeof inv.id !== 'number' || !Number.isInteger(inv.id) || inv.id < 1) fail(file, `${f}.id`, 'must be a positive integer');
    if (ids.has(inv.id)) fail(file, `${f}.id`, `duplicates ${inv.id}`);
    ids.add(inv.id);
    const user = str(file, `${f}.user`, inv.user, SIP_URI);
    const roomUri = str(file, `${f}.room`, inv.room, ROOM_URI);
    const room = roomByUri.get(roomUri.toLowerCase());
    if (!room) fail(file, `${f}.room`, `names no room (${JSON.stringify(roomUri)})`);
    const lower = user.toLowerCase();
    if (![...room.members, ...room.managers].some((m) => m.toLowerCase() === lower)) {
      fail(file, `${f}.user`, `must be a member or manager of ${room.name} (invitations follow membership)`);
    }
    return {
      id: inv.id,
      user,
      room: room.uri,
      inviter: str(file, `${f}.inviter`, inv.inviter, SIP_URI),
      createdOn: str(file, `${f}.createdOn`, inv.createdOn, ISO_UTC),
    };
  });
  return { rootUri: str(file, 'rootUri', root.rootUri, CAT_URI), categories, rooms, invitations };
}

/** Reads and validates a catalogue JSON file. Throws LyncError('InvalidSettings') naming the bad field. */
export function loadCatalogue(file: string): Catalogue {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new LyncError('InvalidSettings', `Catalogue ${file}: cannot be read (${(err as Error).message})`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new LyncError('InvalidSettings', `Catalogue ${file}: is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  return validateCatalogue(raw, file);
}

/**
 * Where simulator/catalogue.default.json is: tsc does not copy JSON into the output folder, so walk
 * up from the compiled file (out/simulator/chat/…) and from the working directory to find the source.
 */
export function defaultCataloguePath(): string {
  const relative = path.join('simulator', 'catalogue.default.json');
  const starts = [path.resolve(__dirname, '..'), process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (path.basename(dir) === 'simulator' && fs.existsSync(path.join(dir, 'catalogue.default.json'))) return path.join(dir, 'catalogue.default.json');
      if (fs.existsSync(path.join(dir, relative))) return path.join(dir, relative);
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new LyncError('InvalidSettings', `Cannot find ${relative} above ${starts.join(' or ')}`);
}
