import * as vscode from 'vscode';
import { safeJson } from '../../common/escape';
import type { Logger } from '../../common/logger';
import { webPageUrl } from '../../persistentChat/connection/roomManagement';
import type { LyncService } from '../lyncService';

export const MANAGE_ROOMS_COMMAND = 'lyncPersistentChat.manageRooms';

/**
 * "Create or Manage Rooms…": opens the Persistent Chat room management web page provisioning names
 * (the external address when signed in from outside, see ChatConnection.roomManagementUrl), as the
 * Lync client does; says why when not connected, when the pool names no page, or when its address
 * is not a web address.
 */
export async function manageRooms(service: LyncService, logger: Logger): Promise<void> {
  if (service.status.phase !== 'Connected') {
    void vscode.window.showInformationMessage(service.status.phase === 'Reconnecting'
      ? vscode.l10n.t('Lync: reconnecting to the server; try Create or Manage Rooms again in a moment.')
      : vscode.l10n.t('Lync: connect first: the room management page is the one your pool names when you sign in.'));
    return;
  }
  const raw = service.roomManagementUrl;
  if (raw === undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Lync: your Persistent Chat pool names no room management web page. Ask your Lync administrator to create or change rooms.'));
    return;
  }
  const url = webPageUrl(raw);
  if (!url) {
    logger.warn(`manageRooms: the room management address provisioning names is not an http(s) address; not opened: ${safeJson(raw.slice(0, 200))}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Lync: the room management address your pool names is not a web address, so it was not opened. See the log for the address.'));
    return;
  }
  logger.info(`manageRooms: opening ${url.href}`);
  await vscode.env.openExternal(vscode.Uri.parse(url.href, true));
}

/** The command, disposed with the extension. */
export function registerManageRooms(service: LyncService, logger: Logger): vscode.Disposable {
  return vscode.commands.registerCommand(MANAGE_ROOMS_COMMAND, () => manageRooms(service, logger));
}
