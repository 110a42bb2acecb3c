import * as vscode from 'vscode';
import { LyncError } from '../common/errors';
import { Logger } from '../common/logger';
import type { ChatRoomInvitation } from '../persistentChat/xccos/types';
import { userMessage } from './errorMessages';
import { Commands } from './ids';
import { InvitationsView } from './invitationsView';
import { LyncService } from './lyncService';
import { openSettingsAt } from './settingsTab';

export interface CommandDeps {
  service: LyncService;
  view: InvitationsView;
  logger: Logger;
  channel: vscode.LogOutputChannel;
}

/**
 * An invitation acted on from a notification or tree item that is not (or not yet) actionable:
 * says why and returns true. While not connected the invitation stays listed; once handled it is gone.
 */
function explainStale(service: LyncService, invitation: ChatRoomInvitation, verb: 'Accept' | 'Dismiss'): boolean {
  const name = invitation.room.name || invitation.room.uri;
  if (!service.invitationsLive) {
    const text = verb === 'Accept'
      ? vscode.l10n.t('Lync: not connected, so the invitation to "{0}" cannot be accepted yet. It stays in the Invitations view; Accept it there once connected.', name)
      : vscode.l10n.t('Lync: not connected, so the invitation to "{0}" cannot be dismissed yet. It stays in the Invitations view; Dismiss it there once connected.', name);
    void vscode.window.showInformationMessage(text, vscode.l10n.t('Show Invitations'))
      .then((choice) => choice && vscode.commands.executeCommand(Commands.showInvitations));
    return true;
  }
  if (service.invitations.some((i) => i.id === invitation.id)) return false;
  const joined = service.joinedRooms.some((uri) => uri.toLowerCase() === invitation.room.uri.toLowerCase());
  void vscode.window.showInformationMessage(joined
    ? vscode.l10n.t('Lync: you are already in "{0}".', name)
    : vscode.l10n.t('Lync: the invitation to "{0}" is no longer pending: it was already accepted or dismissed.', name));
  return true;
}

/** Invitation commands take the tree item (an invitation) or, from the palette, ask which. */
async function pickInvitation(service: LyncService, arg: unknown, verb: 'Accept' | 'Dismiss'): Promise<ChatRoomInvitation | undefined> {
  if (arg && typeof arg === 'object' && 'id' in arg) return arg as ChatRoomInvitation;
  const items = service.invitations.map((inv) => ({ label: inv.room.name, description: inv.room.description, inv }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Lync: there are no pending room invitations.'));
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: verb === 'Accept' ? vscode.l10n.t('Lync: Accept Invitation') : vscode.l10n.t('Lync: Dismiss Invitation'), placeHolder: vscode.l10n.t('Room') }))?.inv;
}

export function registerCommands({ service, view, logger, channel }: CommandDeps): vscode.Disposable[] {
  const guarded = (name: string, fn: (...args: unknown[]) => Promise<unknown> | unknown) => async (...args: unknown[]) => {
    try {
      await fn(...args);
    } catch (error) {
      const e = LyncError.from(error);
      logger.error(`${name}: ${e.code}: ${e.message}`);
      const message = userMessage(e);
      const showLog = vscode.l10n.t('Show Log');
      const choice = await vscode.window.showErrorMessage(message.text, showLog);
      if (choice === showLog) channel.show(true);
    }
  };
  const register = (id: string, fn: (...args: unknown[]) => Promise<unknown> | unknown) => vscode.commands.registerCommand(id, guarded(id, fn));
  return [
    register(Commands.connect, () => service.connect(true)),
    register(Commands.disconnect, () => service.disconnect()),
    register(Commands.signIn, () => service.signIn()),
    register(Commands.signOut, async () => {
      await service.signOut();
      void vscode.window.showInformationMessage(vscode.l10n.t('Lync: signed out. Your password was removed from secret storage.'));
    }),
    register(Commands.showLog, () => channel.show(true)),
    register(Commands.showInvitations, () => view.reveal()),
    // With a setting key (from an error's button), the tab where that setting is read.
    register(Commands.openSettings, (key) => openSettingsAt(typeof key === 'string' ? key : undefined)),
    register(Commands.acceptInvitation, async (arg) => {
      const invitation = await pickInvitation(service, arg, 'Accept');
      if (!invitation || explainStale(service, invitation, 'Accept')) return;
      await vscode.window.withProgress({ location: { viewId: 'lyncPersistentChat.invitations' }, title: vscode.l10n.t('Joining {0}', invitation.room.name) }, () => service.acceptInvitation(invitation.id));
      await vscode.commands.executeCommand('lyncPersistentChat.openRoom', { uri: invitation.room.uri, name: invitation.room.name }); // follows and opens it
    }),
    register(Commands.dismissInvitation, async (arg) => {
      const invitation = await pickInvitation(service, arg, 'Dismiss');
      if (!invitation || explainStale(service, invitation, 'Dismiss')) return;
      service.dismissInvitation(invitation.id);
      void vscode.window.setStatusBarMessage(`$(close) ${vscode.l10n.t('Lync: dismissed the invitation to {0}', invitation.room.name)}`, 5000);
    }),
    register(Commands.statusMenu, async () => {
      const items = statusMenuItems(service, view, channel);
      const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Lync Persistent Chat') });
      await choice?.run();
    }),
  ];
}

type MenuItem = vscode.QuickPickItem & { run: () => unknown };

/**
 * The status bar item's menu. The first row is pre-selected, so it is never one that ends the
 * session (a stray Enter must not disconnect): Disconnect and Sign Out come last.
 */
function statusMenuItems(service: LyncService, view: InvitationsView, channel: vscode.LogOutputChannel): MenuItem[] {
  const status = service.status;
  const items: MenuItem[] = [];
  if (status.phase === 'Reconnecting') items.push({ label: `$(plug) ${vscode.l10n.t('Connect now')}`, detail: vscode.l10n.t('Retry at once instead of waiting'), run: () => service.connect(true) });
  else if (status.phase !== 'Connected' && status.phase !== 'Connecting') items.push({ label: `$(plug) ${vscode.l10n.t('Connect')}`, run: () => service.connect(true) });
  if (service.invitations.length) items.push({ label: `$(mail) ${vscode.l10n.t('Show Invitations ({0})', service.invitations.length)}`, run: () => view.reveal() });
  if ((status.phase === 'Error' || status.phase === 'Reconnecting') && 'lastError' in status && status.lastError) {
    const error = status.lastError;
    items.push({ label: `$(error) ${vscode.l10n.t('Show Error')}`, detail: error.message, run: () => vscode.window.showErrorMessage(userMessage(error).text) });
  }
  items.push({ label: `$(settings-gear) ${vscode.l10n.t('Open Settings')}`, run: () => vscode.commands.executeCommand(Commands.openSettings) });
  items.push({ label: `$(output) ${vscode.l10n.t('Show Log')}`, run: () => channel.show(true) });
  if (status.phase === 'Connected' || status.phase === 'Connecting' || status.phase === 'Reconnecting') {
    items.push({ label: `$(debug-disconnect) ${vscode.l10n.t('Disconnect')}`, run: () => service.disconnect() });
  }
  items.push({ label: `$(sign-out) ${vscode.l10n.t('Sign Out')}`, run: () => vscode.commands.executeCommand(Commands.signOut) });
  return items;
}
