import * as vscode from 'vscode';
import type { Logger } from '../../common/logger';
import { RoomCommands } from './roomIds';
import { isRoomLink } from './roomProtocol';
import type { RoomsModel } from './roomsModel';

/**
 * Where a link in a room editor leads inside VS Code: a `ma-chan://` room link opens that room
 * (following it first, as Lync: Open Room does), and a shared selection's "path, line N" header
 * opens the file at that line when a workspace folder holds it. The page checked both against
 * roomProtocol.ts already; nothing here trusts it.
 */
export async function openRoomLink(model: RoomsModel, uri: string): Promise<void> {
  if (!isRoomLink(uri)) return;
  // Through the command, so a join that fails reports the way Open Room reports it.
  await vscode.commands.executeCommand(RoomCommands.open, uri);
  const room = model.find(uri);
  if (room?.state === 'NoAccess') void vscode.window.showWarningMessage(vscode.l10n.t('Lync: you are not a member of {0}, so it cannot be read. Ask one of its managers to add you.', room.name || uri));
  else if (room?.state === 'Gone') void vscode.window.showWarningMessage(vscode.l10n.t('Lync: the room {0} no longer exists.', uri));
}

/** Opens `path` (workspace-relative, as Share Selection to Room wrote it) at `line`, or says why not. */
export async function openWorkspaceFile(path: string, line: number, logger: Logger): Promise<void> {
  const file = await findInWorkspace(path);
  if (!file) {
    logger.info(`a shared path is not in this workspace: ${path}`);
    void vscode.window.showWarningMessage(vscode.l10n.t('Lync: {0} is not in the folders open in this window.', path));
    return;
  }
  const document = await vscode.workspace.openTextDocument(file);
  const at = new vscode.Position(Math.min(line, document.lineCount) - 1, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at), preview: true });
}

/**
 * The file a workspace-relative path names: in a window with several folders the path starts with
 * the folder's name (vscode.workspace.asRelativePath), else it is relative to a folder.
 */
async function findInWorkspace(path: string): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const candidates = folders.flatMap((folder) => {
    const named = path.startsWith(`${folder.name}/`) ? [vscode.Uri.joinPath(folder.uri, path.slice(folder.name.length + 1))] : [];
    return [...named, vscode.Uri.joinPath(folder.uri, path)];
  });
  for (const candidate of candidates) {
    try {
      const stat = await vscode.workspace.fs.stat(candidate);
      if (stat.type & vscode.FileType.File) return candidate;
    } catch {
      // Not in this folder: try the next.
    }
  }
  return undefined;
}
