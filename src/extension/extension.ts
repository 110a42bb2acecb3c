import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { missingSetting } from './settings';
import { onSettingsChanged } from './settingsWatcher';
import { InvitationsView } from './invitationsView';
import { registerCopyDiagnostics } from './diagnosticsCommand';
import { createOutputLogger } from './log';
import { LyncService } from './lyncService';
import { Notifications } from './notifications';
import { CredentialStore } from './secrets';
import { ConnectionStatusBar } from './statusBar';
import { registerRooms } from './rooms';
import { PublicApiHost } from './api/publicApi';
import type { LyncPersistentChatApi } from './api/types';
import { ROOM_OPENED_KEY, WalkthroughProgress } from './walkthroughProgress';

/** Composition root: builds the pieces and hands each to VS Code to dispose. */
export function activate(context: vscode.ExtensionContext): LyncPersistentChatApi {
  const { logger, channel, recorder } = createOutputLogger();
  const credentials = new CredentialStore(context.secrets);
  const service = new LyncService(context, credentials, logger);
  const statusBar = new ConnectionStatusBar(service.status);
  const view = new InvitationsView(service);
  const notifications = new Notifications(service);
  const walkthrough = new WalkthroughProgress();
  const syncWalkthrough = () => walkthrough.update({ configured: !missingSetting(service.settings), signedIn: service.isSignedIn, connected: service.status.phase === 'Connected' });
  const rooms = registerRooms(context, service, logger);
  const api = new PublicApiHost(service, rooms.model);
  // After each read of whether a password is stored: the walkthrough and the API's status follow it.
  const signedInChecked = () => {
    syncWalkthrough();
    api.statusMayHaveChanged();
  };
  context.subscriptions.push(
    channel, credentials, service, statusBar, view, notifications, walkthrough, api,
    service.onDidChangeStatus(syncWalkthrough),
    service.onDidChangeStatus((s) => statusBar.update(s, service.invitations.length)),
    service.onDidChangeInvitations(() => statusBar.update(service.status, service.invitations.length)),
    credentials.onDidChange(() => void service.refreshSignedIn().then(signedInChecked)),
    vscode.workspace.onDidChangeConfiguration((e) => void onSettingsChanged(e, service, signedInChecked)),
    ...registerCommands({ service, view, logger, channel }),
    registerCopyDiagnostics(recorder, () => service.settings, String(context.extension.packageJSON.version), () => service.status),
  );
  const syncMentions = () => statusBar.setMentions({ count: rooms.model.unreadMentions, rooms: rooms.model.roomsWithMentions.map((r) => r.name || r.uri) });
  context.subscriptions.push(rooms.model.onDidChangeFollowed(syncMentions));
  syncMentions();
  // The walkthrough ends in an open room: its last step ticks once a room editor is open.
  const syncRoomOpened = () => {
    if (rooms.panels.openRooms.length === 0) return;
    void vscode.commands.executeCommand('setContext', ROOM_OPENED_KEY, true);
    walkthrough.update({ roomOpened: true });
  };
  context.subscriptions.push(rooms.panels.onDidChange(syncRoomOpened));
  void service.refreshSignedIn().then((signedIn) => {
    signedInChecked();
    if (signedIn && service.settings.autoConnect) void service.autoConnect();
  });
  logger.info(`activated (version ${String(context.extension.packageJSON.version)})`);
  return api.api;
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
