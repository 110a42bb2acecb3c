import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import type { FollowedRoom } from '../../persistentChat/rooms/types';
import { browseRooms } from './browseRooms';
import { RoomCommands } from './roomIds';
import type { RoomPanels } from './roomPanels';
import type { RoomsModel } from './roomsModel';
import type { RoomsView } from './roomsView';
import { vscodeRoomLink } from './roomUriHandler';
import { shareToRoom } from './shareToRoom';

export interface RoomCommandDeps {
  model: RoomsModel;
  panels: RoomPanels;
  view: RoomsView;
  logger: Logger;
}

type RoomRef = { uri: string; name: string };

/**
 * A room from a tree item, a notification ({uri, name}), a URI string, or (from the palette) a pick
 * of followed rooms. When rooms are followed but none passes `filter`, `noneMatch` says so.
 */
async function roomArg(model: RoomsModel, arg: unknown, verb: string, filter: (r: FollowedRoom) => boolean = () => true, noneMatch?: string): Promise<RoomRef | undefined> {
  if (typeof arg === 'string' && /^ma-chan:\/\//i.test(arg)) return { uri: arg, name: model.find(arg)?.name ?? arg };
  if (arg && typeof arg === 'object' && typeof (arg as RoomRef).uri === 'string') {
    const ref = arg as RoomRef;
    return { uri: ref.uri, name: typeof ref.name === 'string' && ref.name ? ref.name : ref.uri };
  }
  const rooms = model.followed.filter(filter);
  if (rooms.length === 0) {
    const message = model.followed.length && noneMatch ? noneMatch : vscode.l10n.t('Lync: you follow no rooms here. Use "Lync: Browse Rooms…" to find some.');
    void vscode.window.showInformationMessage(message);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(rooms.map((r) => ({ label: r.name, description: r.unread ? vscode.l10n.t('{0} new', r.unread) : undefined, detail: r.description, room: r })), {
    title: vscode.l10n.t('Lync: {0}', verb), placeHolder: vscode.l10n.t('Room'),
  });
  return picked?.room;
}

/** Follows (joins) the room unless already followed, then opens its editor. */
export async function openRoom(model: RoomsModel, panels: RoomPanels, ref: RoomRef): Promise<void> {
  if (!model.find(ref.uri)) {
    const rooms = model.require();
    await vscode.window.withProgress({ location: { viewId: 'lyncPersistentChat.rooms' }, title: vscode.l10n.t('Joining {0}', ref.name) }, () => rooms.follow([ref.uri]));
  }
  panels.open(ref.uri, model.find(ref.uri)?.name ?? ref.name);
}

/** Copy Room Link's two forms: the ma-chan:// link Lync clients open, and the VS Code link that opens the room here. */
async function pickLinkForm(ref: RoomRef): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick([
    { label: vscode.l10n.t('ma-chan:// link (for Lync)'), detail: ref.uri, link: ref.uri },
    { label: vscode.l10n.t('VS Code link'), detail: vscodeRoomLink(ref.uri), link: vscodeRoomLink(ref.uri) },
  ], { title: vscode.l10n.t('Lync: Copy Room Link'), placeHolder: vscode.l10n.t('Which link to {0} to copy', ref.name) });
  return picked?.link;
}

/** One room with mentions opens at once; several are picked from; none says so and shows the Rooms view. */
async function openRoomWithMentions({ model, panels, view }: RoomCommandDeps): Promise<void> {
  const withMentions = model.roomsWithMentions;
  if (withMentions.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Lync: no unread mentions in the rooms you follow.'));
    return view.reveal();
  }
  const ref = withMentions.length === 1 ? withMentions[0] : await roomArg(model, undefined, vscode.l10n.t('Open Room'), (r) => r.mentions > 0 && !r.muted);
  if (ref) await openRoom(model, panels, ref);
}

/** Copy Room Link: the room (given or picked), then the link form, to the clipboard. */
async function copyRoomLink(model: RoomCommandDeps['model'], arg: unknown): Promise<void> {
  const ref = await roomArg(model, arg, vscode.l10n.t('Copy Room Link'));
  if (!ref) return;
  const link = await pickLinkForm(ref);
  if (!link) return;
  await vscode.env.clipboard.writeText(link);
  void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied the link of {0}', ref.name)}`, 3000);
}

export function registerRoomCommands({ model, panels, view, logger }: RoomCommandDeps): vscode.Disposable[] {
  const register = (id: string, fn: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      await fn(...args);
    } catch (error) {
      const e = LyncError.from(error);
      logger.error(`${id}: ${e.code}: ${e.message}`);
      const showLog = vscode.l10n.t('Show Log');
      const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Lync: {0}', e.message), showLog);
      if (choice === showLog) await vscode.commands.executeCommand('lyncPersistentChat.showLog');
    }
  });
  return [
    register(RoomCommands.showRooms, () => view.reveal()),
    register(RoomCommands.refresh, () => view.refresh()),
    register(RoomCommands.browse, async () => {
      const room = await browseRooms(model);
      if (room) await openRoom(model, panels, room);
    }),
    register(RoomCommands.open, async (arg) => {
      const ref = await roomArg(model, arg, vscode.l10n.t('Open Room'));
      if (ref) await openRoom(model, panels, ref);
    }),
    register(RoomCommands.openMentions, () => openRoomWithMentions({ model, panels, view, logger })),
    register(RoomCommands.leave, async (arg) => {
      const ref = await roomArg(model, arg, vscode.l10n.t('Leave Room'));
      if (!ref) return;
      await model.require().unfollow(ref.uri);
      panels.close(ref.uri);
      void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Left {0}', ref.name)}`, 4000);
    }),
    register(RoomCommands.mute, async (arg) => {
      const ref = await roomArg(model, arg, vscode.l10n.t('Mute Room'), (r) => !r.muted, vscode.l10n.t('Lync: every room you follow is already muted.'));
      if (ref) model.require().setMuted(ref.uri, true);
    }),
    register(RoomCommands.unmute, async (arg) => {
      const ref = await roomArg(model, arg, vscode.l10n.t('Unmute Room'), (r) => r.muted, vscode.l10n.t('Lync: none of the rooms you follow is muted.'));
      if (ref) model.require().setMuted(ref.uri, false);
    }),
    register(RoomCommands.copyLink, (arg) => copyRoomLink(model, arg)),
    register(RoomCommands.share, async (arg) => {
      const preselected = typeof arg === 'string' ? arg : undefined;
      await shareToRoom(model, preselected);
    }),
  ];
}
