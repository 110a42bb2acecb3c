import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import type { RoomInfo } from '../../persistentChat/rooms/types';
import type { RoomsModel } from './roomsModel';

const DEBOUNCE_MS = 300;

type RoomPick = vscode.QuickPickItem & { room?: RoomInfo };

/**
 * Browse Rooms…: a quick pick that searches the server (`chansrch`) as the user types, debounced,
 * the previous search aborted; empty text lists the rooms the user is a member of. Resolves with
 * the picked room, or undefined when cancelled.
 */
export function browseRooms(model: RoomsModel): Promise<RoomInfo | undefined> {
  const rooms = model.require();
  const pick = vscode.window.createQuickPick<RoomPick>();
  pick.title = vscode.l10n.t('Lync: Browse Rooms');
  pick.placeholder = vscode.l10n.t('Search rooms by name or keyword (empty: rooms you are a member of)');
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  let timer: NodeJS.Timeout | undefined;
  let search: AbortController | undefined;
  let generation = 0;

  const run = (query: string) => {
    search?.abort();
    const controller = new AbortController();
    search = controller;
    const mine = ++generation;
    pick.busy = true;
    rooms.find(query.trim(), controller.signal).then(
      (found) => {
        if (mine !== generation) return;
        const followed = new Set(model.followed.map((r) => r.uri.toLowerCase()));
        pick.items = found.length
          ? found.map((room) => toItem(room, followed.has(room.uri.toLowerCase())))
          : [{ label: query.trim() ? vscode.l10n.t('No rooms match "{0}"', query.trim()) : vscode.l10n.t('You are not a member of any room yet: type to search'), alwaysShow: true }];
        pick.busy = false;
      },
      (error: unknown) => {
        if (mine !== generation || controller.signal.aborted) return;
        pick.items = [{ label: `$(error) ${vscode.l10n.t('The search failed')}`, detail: LyncError.from(error).message, alwaysShow: true }];
        pick.busy = false;
      },
    );
  };

  return new Promise<RoomInfo | undefined>((resolve) => {
    let result: RoomInfo | undefined;
    pick.onDidChangeValue((value) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => run(value), DEBOUNCE_MS);
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.room;
      if (!chosen) return;
      result = chosen;
      pick.hide();
    });
    pick.onDidHide(() => {
      if (timer) clearTimeout(timer);
      search?.abort();
      generation++;
      pick.dispose();
      resolve(result);
    });
    pick.show();
    run('');
  });
}

function toItem(room: RoomInfo, followed: boolean): RoomPick {
  const facts: string[] = [];
  if (room.memberCount !== undefined) facts.push(room.memberCount === 1 ? vscode.l10n.t('1 member') : vscode.l10n.t('{0} members', room.memberCount));
  if (room.visibility) facts.push(room.visibility);
  if (followed) facts.push(vscode.l10n.t('followed'));
  return {
    label: `$(${room.visibility === 'open' ? 'comment-discussion' : 'lock'}) ${room.name || room.uri}`,
    description: facts.join(' · '),
    detail: room.description || undefined,
    alwaysShow: true, // the server already matched it, perhaps on a keyword not in the label
    room,
  };
}
