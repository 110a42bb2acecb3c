import { isIP } from 'node:net';
import type { Logger } from '../common/logger';
import type { ConnectTarget } from '../sip/transport/connect';
import { isParsableSipUri } from '../sip/uri';

/**
 * What the last run learned about the user's pool, for the next start: the registrar that
 * answered the REGISTER (after discovery and redirects), the Persistent Chat lookup service and the
 * chat server. A restart then signs in at the registrar directly and opens the chat session at the
 * chat server directly; each falls back to the full path when it no longer answers.
 */
export interface RememberedPool {
  registrar?: ConnectTarget;
  lookupUri?: string;
  chatServerUri?: string;
  /** The registrar's NTLM offer (not a secret): the next start's first REGISTER asks for the CHALLENGE directly. */
  ntlmOffer?: RememberedNtlmOffer;
}

/** What a `WWW-Authenticate: NTLM realm=…, targetname=…, version=…` offer said (docs/protocol/sipae.md#early-negotiate). */
export interface RememberedNtlmOffer {
  realm: string;
  targetname: string;
  version?: number;
  /** Whether the registrar offered Kerberos beside NTLM; false: `auto` need not look for a ticket before asking NTLM early. */
  kerberos?: boolean;
}

/**
 * Where a RememberedPool lives between runs (globalState in VS Code, a 0600 file in the CLI), one
 * per account and server setting (see poolMemoryKey). `load` returns only validated values.
 */
export interface PoolMemoryStore {
  load(): RememberedPool;
  save(pool: RememberedPool): void;
}

/** The store for one process only (the default): what reconnects use. */
export class InProcessPoolMemory implements PoolMemoryStore {
  private pool: RememberedPool = {};

  load(): RememberedPool {
    return { ...this.pool };
  }

  save(pool: RememberedPool): void {
    this.pool = sanitizeRememberedPool(pool);
  }
}

/** Keys remembered pools: another account, server setting or transport never reuses this one's. */
export function poolMemoryKey(account: { userUri: string; server?: string; transport?: string }): string {
  const server = account.server?.trim().toLowerCase() || 'discovered';
  return `${account.userUri.trim().toLowerCase()}|${server}|${account.transport ?? 'tls'}`;
}

const MAX_HOST = 253;
const MAX_URI = 512;
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** A registrar read back from storage: a plain host name or IP address, a port in range, tls or tcp; else undefined. */
export function sanitizeTarget(value: unknown): ConnectTarget | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { host, port, transport } = value as Record<string, unknown>;
  if (typeof host !== 'string' || host.length > MAX_HOST || !isHost(host)) return undefined;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (transport !== 'tls' && transport !== 'tcp') return undefined;
  return { host, port, transport };
}

function isHost(host: string): boolean {
  return isIP(host) !== 0 || (HOST_NAME.test(host) && !host.includes('..'));
}

/** A lookup or chat server URI read back from storage: a bounded sip:/sips: URI sip.js can parse; else undefined. */
export function sanitizeSipUri(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URI || !/^sips?:/i.test(value) || /[\s<>"]/.test(value)) return undefined;
  return isParsableSipUri(value) ? value : undefined;
}

const MAX_REALM = 128;
/** Printable ASCII without the quote and backslash (the values go back inside quoted-strings). */
const PLAIN_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** An NTLM offer read back from storage: bounded plain-text realm and targetname, a small integer version; else undefined. */
export function sanitizeNtlmOffer(value: unknown): RememberedNtlmOffer | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { realm, targetname, version } = value as Record<string, unknown>;
  if (typeof realm !== 'string' || realm.length > MAX_REALM || !PLAIN_TEXT.test(realm)) return undefined;
  if (typeof targetname !== 'string' || targetname.length === 0 || targetname.length > MAX_HOST || !PLAIN_TEXT.test(targetname)) return undefined;
  const { kerberos } = value as Record<string, unknown>;
  const offer: RememberedNtlmOffer = { realm, targetname, ...(typeof kerberos === 'boolean' ? { kerberos } : {}) };
  if (version === undefined) return offer;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > 16) return undefined;
  return { ...offer, version };
}

/** Keeps each field of a stored value only when it is valid (storage is hostile: a hand-edited file, an older version). */
export function sanitizeRememberedPool(value: unknown): RememberedPool {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const raw = value as Record<string, unknown>;
  const pool: RememberedPool = {};
  const registrar = sanitizeTarget(raw.registrar);
  const lookupUri = sanitizeSipUri(raw.lookupUri);
  const chatServerUri = sanitizeSipUri(raw.chatServerUri);
  if (registrar) pool.registrar = registrar;
  if (lookupUri) pool.lookupUri = lookupUri;
  if (chatServerUri) pool.chatServerUri = chatServerUri;
  const ntlmOffer = sanitizeNtlmOffer(raw.ntlmOffer);
  if (ntlmOffer) pool.ntlmOffer = ntlmOffer;
  return pool;
}

/** Updates some fields of the stored pool, keeping the others; a store that fails to write is logged, not fatal. */
export function updatePoolMemory(store: PoolMemoryStore, update: RememberedPool, logger: Logger): void {
  try {
    store.save({ ...store.load(), ...update });
  } catch (error) {
    logger.debug(`remembering the pool failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
