/** Real and simulated SIP messages, and a structural image of parsed values, for the parser-identity tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatedLyncPool } from '../../../simulator/pool';
import { aliceConnection } from './connection';
import { startPool } from './pool';

export interface CorpusMessage { from: string; text: string }

const repoRoot = join(__dirname, '..', '..', '..', '..');

/**
 * A structural image of a value: class names, own properties (enumerable or not) and the sharing of
 * objects inside it. Two bundles have different class objects, so deepStrictEqual cannot compare them.
 */
export function image(value: unknown, seen = new Map<object, number>()): unknown {
  if (typeof value === 'function') return '[function]';
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return { ref: seen.get(value) };
  seen.set(value, seen.size);
  if (Array.isArray(value)) return { array: value.map((item) => image(item, seen)), extra: Object.keys(value).filter((k) => !/^\d+$/.test(k)) };
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  const props: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(value).sort()) props[key] = image((value as Record<string, unknown>)[key], seen);
  return { class: proto === null ? null : proto.constructor?.name ?? '?', props };
}

/** What the parsed-message images read: sip.js's IncomingMessage, from whichever bundle. */
export interface ParsedSipMessage {
  headers: Record<string, unknown[]>;
  parseHeader(name: string, idx?: number): unknown;
}

/**
 * A whole message as a parser builds it, once everything sip.js could ask of it has been asked: every
 * header parsed by its own rule (sip.js's parser does some eagerly, the rest lazily) and the parsed
 * fields read. Identical images mean sip.js cannot tell the two apart, whatever it reads and when.
 */
export function messageImage(parse: (text: string) => ParsedSipMessage | undefined, text: string): unknown {
  let message: ParsedSipMessage | undefined;
  // sip.js itself throws on some broken headers (a response whose CSeq does not parse): same throw both ways.
  try { message = parse(text); } catch (error) { return `threw ${(error as Error).message}`; }
  if (!message) return 'unparseable';
  const headers: unknown[] = [];
  for (const name of Object.keys(message.headers)) {
    for (let i = 0; i < message.headers[name].length; i++) {
      let parsed: unknown;
      try { parsed = message.parseHeader(name, i); } catch (error) { parsed = `threw ${(error as Error).message}`; }
      headers.push([name, i, image(parsed)]);
    }
  }
  const fields = message as unknown as Record<string, unknown>;
  return { message: image(message), headers, fields: image(['from', 'to', 'via', 'ruri'].map((f) => fields[f])) };
}

export function splitHeaders(text: string): { startLine: string; headers: Array<[string, string]> } {
  const head = text.split('\r\n\r\n')[0];
  const [startLine, ...lines] = head.split('\r\n');
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1][1] += ` ${line.trim()}`;
    else if (line.includes(':')) headers.push([line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]);
  }
  return { startLine, headers };
}

/** Messages parsed as the client would and deliberately broken copies of them (the failure paths). */
export function variants(text: string): string[] {
  const out = [text];
  const { headers } = splitHeaders(text);
  for (const [name, value] of headers) {
    if (!value) continue;
    out.push(text.replace(`${name}: ${value}`, `${name}: ${value.slice(0, Math.ceil(value.length / 2))}`));
    out.push(text.replace(`${name}: ${value}`, `${name}: <${value}`));
  }
  return out;
}

/**
 * The pidgin-sipe capture (client side real, server side a test responder, kept in
 * test/fixtures/captures) and every message of a full simulated connect (sign-in, provisioning, lookup, chat
 * session, invitations) both ways.
 */
export async function sipCorpus(): Promise<CorpusMessage[]> {
  const corpus: CorpusMessage[] = [];
  const capture = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'captures', 'pidgin-sipe-ntlm-signin.json'), 'utf8')) as { messages: Array<{ text: string; direction: string }> };
  for (const m of capture.messages) corpus.push({ from: `pidgin-sipe capture ${m.direction}`, text: m.text });
  let pool: SimulatedLyncPool | undefined;
  try {
    pool = await startPool();
    const { connection } = aliceConnection(pool);
    await connection.connect();
    await connection.disconnect();
    connection.dispose();
    for (const m of pool.messageLog) corpus.push({ from: `simulator ${m.direction}`, text: m.text });
  } finally {
    await pool?.stop();
  }
  return corpus;
}
