import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import { oversize } from '../../persistentChat/rooms/messageSize';
import type { FollowedRoom } from '../../persistentChat/rooms/types';
import type { RoomsModel } from './roomsModel';

/** The text posted for a selection: where it is from (workspace-relative path, lines), then the code. */
export function shareText(editor: vscode.TextEditor): string {
  const selection = editor.selection;
  const document = editor.document;
  const code = document.getText(selection);
  const path = vscode.workspace.asRelativePath(document.uri, vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 1);
  const first = selection.start.line + 1;
  // A selection that ends at column 0 of a line does not include that line.
  const last = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
  // The header line is posted to the room: English, as the rest of the room reads it.
  const where = first === last ? `${path}, line ${first}` : `${path}, lines ${first}-${last}`;
  return `${where}:\n${code.replace(/\s+$/, '')}`;
}

/** Share to Room: pick a followed, joined room, confirm with a preview, post the selection. */
export async function shareToRoom(model: RoomsModel, preselected?: string): Promise<FollowedRoom | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) throw new LyncError('CommandFailed', vscode.l10n.t('Select the text to share first.'));
  const rooms = model.require();
  const text = shareText(editor);
  const limit = rooms.messageSizeLimit;
  const size = oversize(text, limit);
  if (size !== undefined) throw new LyncError('MessageTooLarge', vscode.l10n.t('The selection is {0} characters long with its path and line numbers; the server accepts at most {1} per message (an emoji counts as 2). Select less.', size, limit ?? 0));
  const joined = model.followed.filter((r) => r.state === 'Joined' && r.canPost !== false);
  if (joined.length === 0) throw new LyncError('CommandFailed', vscode.l10n.t('You follow no room you can post in. Use "Lync: Browse Rooms…" to join one.'));
  let room = preselected ? joined.find((r) => r.uri.toLowerCase() === preselected.toLowerCase()) : undefined;
  if (!room) {
    const picked = await vscode.window.showQuickPick(joined.map((r) => ({ label: r.name, description: r.description, room: r })), {
      title: vscode.l10n.t('Lync: Share to Room'), placeHolder: vscode.l10n.t('Room to share the selection in'),
    });
    room = picked?.room;
  }
  if (!room) return undefined;
  // The confirmation is a second quick pick step (keyboard-first, and it shows the whole header line).
  const [where, ...code] = text.split('\n');
  const confirm = await vscode.window.showQuickPick([
    { label: `$(comment) ${vscode.l10n.t('Share in {0}', room.name)}`, description: where.replace(/:$/, ''), detail: code.slice(0, 3).join(' ⏎ ') + (code.length > 3 ? ` … ${vscode.l10n.t('({0} lines)', code.length)}` : ''), share: true },
    { label: `$(close) ${vscode.l10n.t('Cancel')}`, share: false },
  ], { title: vscode.l10n.t('Lync: Share to "{0}"?', room.name), placeHolder: vscode.l10n.t('The selection is posted with its path and line numbers') });
  if (!confirm?.share) return undefined;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sharing to {0}…', room.name) }, () => rooms.post(room.uri, text));
  void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Shared to {0}', room.name)}`, 4000);
  return room;
}
