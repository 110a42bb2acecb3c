import * as vscode from 'vscode';
import type { Person } from '../../persistentChat/presence/presenceDirectory';
import type { FollowedRoom } from '../../persistentChat/rooms/types';
import { showBidiControls } from './bidi';
import { wirePerson } from './roomPeople';

/** Most managers the line names; the rest are counted. */
const NAMED = 3;

/**
 * The line shown in place of the compose box once the server refused the user's post. Which role
 * may post is not public (docs/protocol/xccos.md#room-roles), so the line names who the client does
 * know can give the right: the room's managers from its join reply, by display name when the pool
 * gave one; else it says to ask the room's managers through Create or Manage Rooms.
 */
export function readOnlyLine(room: FollowedRoom, person: (uri: string) => Person | undefined): string {
  const refused = vscode.l10n.t('The server refused your post: you can read this room but not post in it.');
  const managers = room.managers ?? [];
  if (managers.length === 0) {
    return `${refused} ${vscode.l10n.t('Ask the room\'s managers for the right to post (Lync: Create or Manage Rooms… opens the room management page).')}`;
  }
  // A name is the pool's text: a direction control in it cannot reorder the rest of the line.
  const names = managers.slice(0, NAMED).map((uri) => showBidiControls(wirePerson(uri, person(uri)).name));
  const rest = managers.length - names.length;
  const who = rest > 0 ? vscode.l10n.t('{0} and {1} more', names.join(', '), rest) : names.join(', ');
  return `${refused} ${vscode.l10n.t('Ask a room manager for the right to post: {0}.', who)}`;
}
