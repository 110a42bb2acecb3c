import * as vscode from 'vscode';
import type { RoomMessage } from '../../persistentChat/rooms/types';
import { SETTINGS_SECTION } from '../ids';
import { MESSAGE_NOTIFICATIONS_SETTING, MessageNotifications, RoomCommands } from './roomIds';
import type { RoomPanels } from './roomPanels';
import type { RoomsModel } from './roomsModel';

const PREVIEW = 140;

export function messageNotifications(): MessageNotifications {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>(MESSAGE_NOTIFICATIONS_SETTING);
  return value === 'all' || value === 'off' ? value : 'mentions';
}

/**
 * Message notifications (`messageNotifications`: mentions / all / off; never for a muted room, for
 * the user's own posts, or for the room the user is looking at), each with Open Room. (Unread
 * mentions show in the one Lync status bar item: see statusBar.ts.)
 */
export class RoomNotifications implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly model: RoomsModel, private readonly panels: RoomPanels) {
    this.subscriptions = [model.onMessage((m) => void this.onMessage(m))];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private async onMessage(message: RoomMessage): Promise<void> {
    if (message.own) return;
    const setting = messageNotifications();
    if (setting === 'off' || (setting === 'mentions' && !message.mention)) return;
    const room = this.model.find(message.roomUri);
    if (!room || room.muted || this.panels.isSeen(message.roomUri)) return;
    const who = message.authorName || message.author.replace(/^sips?:/i, '');
    const text = oneLine(message.text);
    const notice = message.mention
      ? vscode.l10n.t('Lync: {0} mentioned you in "{1}": {2}', who, room.name, text)
      : vscode.l10n.t('Lync: {0} in "{1}": {2}', who, room.name, text);
    const openRoom = vscode.l10n.t('Open Room');
    const choice = await vscode.window.showInformationMessage(notice, openRoom);
    if (choice === openRoom) await vscode.commands.executeCommand(RoomCommands.open, { uri: room.uri, name: room.name });
  }
}

/** A message as one short line for a notification (control characters and runs of space folded). */
export function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW - 1)}…` : flat;
}
