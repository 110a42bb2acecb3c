/** Loads test/fixtures/captures/pidgin-sipe-ntlm-signin.json (found from this file or the working directory). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CapturedMessage { n: number; direction: 'C->S' | 'S->C'; bytes: number; text: string }

function findFixture(name: string): string {
  const relative = join('test', 'fixtures', 'captures', name);
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) break;
  }
  const fromCwd = join(process.cwd(), relative);
  if (existsSync(fromCwd)) return fromCwd;
  throw new Error(`fixture ${relative} not found`);
}

let cache: CapturedMessage[] | undefined;

/** Message #n of the capture (1-based), as wire text with CRLF line ends. */
export function captured(n: number): CapturedMessage {
  cache ??= (JSON.parse(readFileSync(findFixture('pidgin-sipe-ntlm-signin.json'), 'utf8')) as { messages: CapturedMessage[] }).messages;
  const message = cache.find((m) => m.n === n);
  if (!message) throw new Error(`capture has no message #${n}`);
  return message;
}
