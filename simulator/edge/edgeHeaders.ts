/**
 * What the simulated Access Edge changes in a SIP message it relays (RFC 3261 §16 proxy rules, as a
 * Lync Edge applies them; docs/protocol/registration.md#through-an-access-edge):
 * its own Via on top of every request, a Record-Route on dialog-creating requests, its Route entry
 * taken off, its Via taken off responses, `ms-edge-proxy-message-trust` on what goes inwards (a
 * client's own copy removed first), and the Kerberos offers removed from challenges going out.
 * Header blocks are rewritten as text; bodies pass through as the exact bytes received.
 */
import { randomBytes } from 'node:crypto';
import { splitHeaderEntries } from '../headerList';

/** The branch prefix of every Via this Edge writes (RFC 3261 magic cookie + our mark). */
export const EDGE_BRANCH_PREFIX = 'z9hG4bKedge';
/** Methods whose out-of-dialog requests create a dialog the Edge stays in. */
const DIALOG_METHODS = new Set(['INVITE', 'SUBSCRIBE']);

/** A message split into its header lines (start line first, folded lines joined) and its body bytes. */
export interface SplitMessage {
  lines: string[];
  body: Buffer;
}

export function splitMessage(bytes: Buffer): SplitMessage {
  const end = bytes.indexOf('\r\n\r\n');
  const head = (end < 0 ? bytes : bytes.subarray(0, end)).toString('utf8');
  const body = end < 0 ? Buffer.alloc(0) : bytes.subarray(end + 4);
  const lines: string[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (lines.length > 1 && /^[ \t]/.test(line)) lines[lines.length - 1] += ` ${line.trim()}`;
    else lines.push(line);
  }
  return { lines, body };
}

export function joinMessage(message: SplitMessage): Buffer {
  return Buffer.concat([Buffer.from(`${message.lines.join('\r\n')}\r\n\r\n`, 'utf8'), message.body]);
}

function nameOf(line: string): string {
  const colon = line.indexOf(':');
  const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
  return ({ v: 'via', t: 'to', i: 'call-id' } as Record<string, string>)[name] ?? name;
}

function valueOf(line: string): string {
  return line.slice(line.indexOf(':') + 1).trim();
}

export function header(message: SplitMessage, name: string): string | undefined {
  const line = message.lines.slice(1).find((l) => nameOf(l) === name.toLowerCase());
  return line === undefined ? undefined : valueOf(line);
}

export function isRequest(message: SplitMessage): boolean {
  return !message.lines[0]?.startsWith('SIP/2.0 ');
}

export function methodOf(message: SplitMessage): string {
  return isRequest(message) ? message.lines[0].split(' ')[0].toUpperCase() : '';
}

/** A new top Via naming the Edge. */
export function pushVia(message: SplitMessage, sentBy: string): void {
  const branch = `${EDGE_BRANCH_PREFIX}${randomBytes(8).toString('hex')}`;
  message.lines.splice(1, 0, `Via: SIP/2.0/TLS ${sentBy};branch=${branch}`);
}

/** Takes the top Via off when it is the Edge's; false (message untouched) when it is not. */
export function popOwnVia(message: SplitMessage): boolean {
  return popFirstEntry(message, 'via', (entry) => entry.includes(`branch=${EDGE_BRANCH_PREFIX}`));
}

/** An out-of-dialog INVITE or SUBSCRIBE gets the Edge's Record-Route on top. */
export function recordRoute(message: SplitMessage, routeUri: string): boolean {
  const to = header(message, 'to') ?? '';
  if (!DIALOG_METHODS.has(methodOf(message)) || /;\s*tag=/i.test(to)) return false;
  message.lines.splice(1, 0, `Record-Route: <${routeUri}>`);
  return true;
}

/** Takes the top Route entry off when it names the Edge (loose routing, RFC 3261 §16.4). */
export function popOwnRoute(message: SplitMessage, isOwn: (uri: string) => boolean): boolean {
  return popFirstEntry(message, 'route', (entry) => isOwn(/<([^>]*)>/.exec(entry)?.[1] ?? entry));
}

/** Replaces every copy of `name` by `value` (what a client sent of the Edge's own header is not passed on). */
export function setHeader(message: SplitMessage, name: string, value: string): void {
  message.lines = [message.lines[0], ...message.lines.slice(1).filter((l) => nameOf(l) !== name.toLowerCase())];
  message.lines.splice(1, 0, `${name}: ${value}`);
}

/** Removes the Kerberos offers of a 401/407: Kerberos does not cross the Edge; returns how many. */
export function dropKerberosOffers(message: SplitMessage): number {
  const before = message.lines.length;
  message.lines = message.lines.filter((l, i) => i === 0 || !(/^(www|proxy)-authenticate$/.test(nameOf(l)) && /^kerberos\b/i.test(valueOf(l))));
  return before - message.lines.length;
}

/** Removes the first comma-separated entry of the first `name` header when `accept` says so. */
function popFirstEntry(message: SplitMessage, name: string, accept: (entry: string) => boolean): boolean {
  const index = message.lines.findIndex((l, i) => i > 0 && nameOf(l) === name);
  if (index < 0) return false;
  const line = message.lines[index];
  const entries = splitHeaderEntries(valueOf(line));
  if (!accept(entries[0] ?? '')) return false;
  if (entries.length <= 1) message.lines.splice(index, 1);
  else message.lines[index] = `${line.slice(0, line.indexOf(':'))}: ${entries.slice(1).join(', ')}`;
  return true;
}
