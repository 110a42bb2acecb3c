import * as vscode from 'vscode';
import type { Logger } from '../../common/logger';
import { EXTENSION_ID } from '../ids';
import { openRoomLink } from './linkTargets';
import { isRoomLink } from './roomProtocol';
import type { RoomsModel } from './roomsModel';

const ROOM_PATH = '/room';

/** The VS Code link of a room: `vscode://lync-pchat.lync-persistent-chat/room?uri=<ma-chan link>` (the scheme is this editor's). */
export function vscodeRoomLink(roomUri: string): string {
  return `${vscode.env.uriScheme}://${EXTENSION_ID}${ROOM_PATH}?uri=${encodeURIComponent(roomUri)}`;
}

/** Opens the room a VS Code link names (from a browser, a mail, another app); any other link is refused with a message. */
export function registerRoomUriHandler(model: RoomsModel, logger: Logger): vscode.Disposable {
  return vscode.window.registerUriHandler({
    handleUri: async (uri) => {
      const room = uri.path === ROOM_PATH ? new URLSearchParams(uri.query).get('uri') : null;
      if (!isRoomLink(room)) {
        logger.warn(`refused a link to the extension: path ${JSON.stringify(uri.path.slice(0, 200))}`);
        void vscode.window.showWarningMessage(vscode.l10n.t('Lync: this link does not name a room (expected …/room?uri=ma-chan://<domain>/<id>).'));
        return;
      }
      await openRoomLink(model, room);
    },
  });
}
