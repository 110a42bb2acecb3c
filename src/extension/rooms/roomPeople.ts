import * as vscode from 'vscode';
import type { Availability, Person } from '../../persistentChat/presence/presenceDirectory';
import type { RoomMessage } from '../../persistentChat/rooms/types';
import { MAX_PEOPLE, type WireAvailability, type WirePerson } from './roomProtocol';

/** Longest name or title shown (a hostile contact card cannot fill the header). */
const MAX_NAME = 128;

/** The state in words, as the Lync client says it. */
export function statusLabel(availability: Availability | undefined): string {
  switch (availability) {
    case 'available': return vscode.l10n.t('Available');
    case 'busy': return vscode.l10n.t('Busy');
    case 'doNotDisturb': return vscode.l10n.t('Do not disturb');
    case 'away': return vscode.l10n.t('Away');
    case 'offline': return vscode.l10n.t('Offline');
    default: return vscode.l10n.t('Presence unknown');
  }
}

/** How the page shows `uri`: the pool's display name and state, else the SIP address and no state. */
export function wirePerson(uri: string, person: Person | undefined): WirePerson {
  const availability: WireAvailability = person?.availability ?? 'unknown';
  return {
    uri: cut(uri, 256),
    name: cut(person?.displayName || uri.replace(/^sips?:/i, ''), MAX_NAME),
    availability,
    status: statusLabel(person?.availability),
    title: cut(person?.title ?? '', MAX_NAME),
  };
}

/** The name a message row shows before the page knows more: display name, server's name, address. */
export function authorName(m: RoomMessage, person: Person | undefined): string {
  return cut(person?.displayName || m.authorName || m.author.replace(/^sips?:/i, ''), MAX_NAME);
}

/** Everyone a page shows (authors, participants), once each, bounded. */
export function peopleOf(uris: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const uri of uris) {
    if (seen.size >= MAX_PEOPLE) break;
    if (!seen.has(uri.toLowerCase())) seen.set(uri.toLowerCase(), uri);
  }
  return [...seen.values()];
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
