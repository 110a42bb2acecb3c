import * as vscode from 'vscode';
import type { Logger } from '../../common/logger';
import { registerFeeds } from '../feeds';
import type { LyncService } from '../lyncService';
import { registerManageRooms } from './manageRooms';
import { registerRoomCommands } from './roomCommands';
import { RoomNotifications } from './roomNotifications';
import { RoomPanels } from './roomPanels';
import { RoomsModel } from './roomsModel';
import { RoomsView } from './roomsView';
import { registerRoomUriHandler } from './roomUriHandler';

/** What the rest of the extension reaches of the rooms UI (other extensions see api/types.ts instead). */
export interface RoomsUi {
  readonly model: RoomsModel;
  readonly panels: RoomPanels;
  readonly view: RoomsView;
}

/** The rooms UI: the Rooms view, the room editors, their notifications and commands; all disposed with the extension. */
export function registerRooms(context: vscode.ExtensionContext, service: LyncService, logger: Logger): RoomsUi {
  const model = new RoomsModel(service, context.globalState);
  const panels = new RoomPanels(context.extensionUri, model, logger);
  const feeds = registerFeeds(context, model, () => service.settings.sipUri, logger);
  const view = new RoomsView(model, feeds);
  const notifications = new RoomNotifications(model, panels);
  context.subscriptions.push(model, panels, view, notifications, ...registerRoomCommands({ model, panels, view, logger }), registerManageRooms(service, logger));
  context.subscriptions.push(registerRoomUriHandler(model, logger));
  return { model, panels, view };
}
