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
  const where = first === last ? `${path}, line ${first}` : `${path}, lines ${first}-${last}`;
  return `${where}:\n${code.replace(/\s+$/, '')}`;
}

/** Share to Room: pick a followed, joined room, confirm with a preview, post the selection. */
export async function shareToRoom(model: RoomsModel, preselected?: string): Promise<FollowedRoom | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) throw new LyncError('CommandFailed', 'Select the text to share first.');
  const rooms = model.require();
  const text = shareText(editor);
  const limit = rooms.messageSizeLimit;
  const size = oversize(text, limit);
  if (size !== undefined) throw new LyncError('MessageTooLarge', vscode.l10n.t('The selection is {0} characters long with its path and line numbers; the server accepts at most {1} per message (an emoji counts as 2). Select less.', size, limit ?? 0));
  const joined = model.followed.filter((r) => r.state === 'Joined' && r.canPost !== false);
  if (joined.length === 0) throw new LyncError('CommandFailed', 'You follow no room you can post in. Use "Lync: Browse Rooms…" to join one.');
  let room = preselected ? joined.find((r) => r.uri.toLowerCase() === preselected.toLowerCase()) : undefined;
  if (!room) {
    const picked = await vscode.window.showQuickPick(joined.map((r) => ({ label: r.name, description: r.description, room: r })), {
      title: 'Lync: Share to Room', placeHolder: 'Room to share the selection in',
    });
    room = picked?.room;
  }
  if (!room) return undefined;
  // The confirmation is a second quick pick step (keyboard-first, and it shows the whole header line).
  const [where, ...code] = text.split('\n');
  const confirm = await vscode.window.showQuickPick([
    { label: `$(comment) Share in ${room.name}`, description: where.replace(/:$/, ''), detail: code.slice(0, 3).join(' ⏎ ') + (code.length > 3 ? ` … (${code.length} lines)` : ''), share: true },
    { label: '$(close) Cancel', share: false },
  ], { title: `Lync: Share to "${room.name}"?`, placeHolder: 'The selection is posted with its path and line numbers' });
  if (!confirm?.share) return undefined;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Sharing to ${room.name}…` }, () => rooms.post(room.uri, text));
  void vscode.window.setStatusBarMessage(`$(check) Shared to ${room.name}`, 4000);
  return room;
}
