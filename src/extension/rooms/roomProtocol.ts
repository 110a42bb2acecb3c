/**
 * The messages between the room editor (roomPanel.ts, in the extension host) and its page
 * (page/main.ts, in the webview), typed once for both sides, and the checks each side runs on what
 * it receives: a message that does not have the declared shape is dropped (and logged) whole.
 * No `vscode` and no DOM here: both sides compile this file.
 */

/** A message as the page gets it: plain data, its text to be inserted as text. */
export interface WireMessage {
  id: string; author: string; authorUri: string; time: number; text: string; mention: boolean; alert: boolean; own: boolean;
  /** Markers (already in the user's language) for parts of the message the page does not render. */
  unrendered?: string[];
}

export interface WireHeader { uri: string; name: string; topic: string; participants: string; state: string }

/**
 * The compose box: whether it is enabled (else why not), and the server's size limit (0: none known).
 * readOnly: the user may only read the room; the page shows the reason in place of the compose box.
 */
export interface WireCompose { enabled: boolean; readOnly: boolean; reason: string; placeholder: string; sizeLimit: number }

/** Presence as the page shows it (a coloured dot and its label); 'unknown': the pool said nothing. */
export type WireAvailability = 'available' | 'busy' | 'doNotDisturb' | 'away' | 'offline' | 'unknown';

/**
 * A person as the pool's contact card and presence name them: `name` is the display name (or the
 * SIP address when the pool gave none), `status` the localized label of `availability`.
 */
export interface WirePerson { uri: string; name: string; availability: WireAvailability; status: string; title: string }

/** Longest name, title or status the page accepts (the host cuts them shorter). */
export const MAX_PERSON_TEXT = 256;
/** Most people in one message. */
export const MAX_PEOPLE = 1000;

/** Why no older message can be loaded: the start of the room's history, or the server's limit (see HistoryEnd). */
export type WireHistoryEnd = 'start' | 'serverLimit';

export type HostToPage =
  | { type: 'init'; room: WireHeader; compose: WireCompose; messages: WireMessage[]; hasMore: boolean; historyEnd?: WireHistoryEnd; unreadFrom?: string }
  | { type: 'header'; room: WireHeader; compose: WireCompose }
  | { type: 'append'; messages: WireMessage[] }
  | { type: 'older'; messages: WireMessage[]; hasMore: boolean; historyEnd?: WireHistoryEnd }
  | { type: 'olderFailed'; error: string }
  | { type: 'posted'; message: WireMessage }
  | { type: 'postFailed'; error: string; canRetry: boolean }
  | { type: 'loading'; text: string }
  /** Names and presence of people (authors, participants) that changed or became known. */
  | { type: 'people'; people: WirePerson[] }
  /** Who is in the room now (SIP URIs, in the order to list them). */
  | { type: 'participants'; uris: string[] };

export type PageToHost =
  | { type: 'ready' }
  | { type: 'loadOlder'; before: string }
  | { type: 'send'; text: string }
  | { type: 'openLink'; url: string }
  | { type: 'openRoom'; uri: string }
  | { type: 'openFile'; path: string; line: number }
  | { type: 'painted'; count: number };

/** A room link as a message, the page or a VS Code link may name it: `ma-chan://<domain>/<guid>`. */
const ROOM_LINK = /^ma-chan:\/\/[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)*\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The highest line number a `path, line N` reference may name (no file in a workspace is longer). */
export const MAX_LINE = 10_000_000;
const MAX_PATH = 1024;

export function isRoomLink(value: unknown): value is string {
  return typeof value === 'string' && ROOM_LINK.test(value);
}

/**
 * A path as Share Selection to Room writes it (vscode.workspace.asRelativePath): relative, `/`
 * separated, no drive, scheme or backslash, no `.` or `..` segment (nothing outside the workspace).
 */
export function isWorkspacePath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATH) return false;
  if (/[\u0000-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\\:]/.test(value) || value.startsWith('/')) return false;
  return value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

export function isLineNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_LINE;
}

type Check = (value: unknown) => boolean;
type Fields = Record<string, Check>;

const str: Check = (v) => typeof v === 'string';
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Check = (v) => typeof v === 'boolean';
const optional = (check: Check): Check => (v) => v === undefined || check(v);
const record = (fields: Fields): Check => (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return Object.entries(fields).every(([name, check]) => check(o[name]));
};
const oneOf = (...values: string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const list = (check: Check): Check => (v) => Array.isArray(v) && v.every(check);

const message = record({ id: str, author: str, authorUri: str, time: num, text: str, mention: bool, alert: bool, own: bool, unrendered: optional(list(str)) });
const header = record({ uri: str, name: str, topic: str, participants: str, state: str });
const compose = record({ enabled: bool, readOnly: bool, reason: str, placeholder: str, sizeLimit: num });
const historyEnd = optional(oneOf('start', 'serverLimit'));
const shortStr: Check = (v) => typeof v === 'string' && v.length <= MAX_PERSON_TEXT;
const person = record({ uri: shortStr, name: shortStr, availability: oneOf('available', 'busy', 'doNotDisturb', 'away', 'offline', 'unknown'), status: shortStr, title: shortStr });
const boundedList = (check: Check): Check => (v) => Array.isArray(v) && v.length <= MAX_PEOPLE && v.every(check);

const HOST_TO_PAGE: Record<HostToPage['type'], Fields> = {
  init: { room: header, compose, messages: list(message), hasMore: bool, historyEnd, unreadFrom: optional(str) },
  header: { room: header, compose },
  append: { messages: list(message) },
  older: { messages: list(message), hasMore: bool, historyEnd },
  olderFailed: { error: str },
  posted: { message },
  postFailed: { error: str, canRetry: bool },
  loading: { text: str },
  people: { people: boundedList(person) },
  participants: { uris: boundedList(shortStr) },
};

const PAGE_TO_HOST: Record<PageToHost['type'], Fields> = {
  ready: {},
  loadOlder: { before: str },
  send: { text: str },
  openLink: { url: str },
  openRoom: { uri: isRoomLink },
  openFile: { path: isWorkspacePath, line: isLineNumber },
  painted: { count: num },
};

function validate<T extends { type: string }>(table: Record<string, Fields>, value: unknown): T | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) return undefined;
  return record(table[type])(value) ? value as T : undefined;
}

/** The page's check of what the host sent: the message, or undefined when it is malformed. */
export function hostToPage(value: unknown): HostToPage | undefined {
  return validate<HostToPage>(HOST_TO_PAGE, value);
}

/** The host's check of what the page sent: the message, or undefined when it is malformed. */
export function pageToHost(value: unknown): PageToHost | undefined {
  return validate<PageToHost>(PAGE_TO_HOST, value);
}
