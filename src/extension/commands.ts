import * as vscode from 'vscode';
import { LyncError } from '../common/errors';
import { Logger } from '../common/logger';
import type { ChatRoomInvitation } from '../persistentChat/xccos/types';
import { userMessage } from './errorMessages';
import { Commands, SETTINGS_SECTION } from './ids';
import { InvitationsView } from './invitationsView';
import { LyncService } from './lyncService';

export interface CommandDeps {
  service: LyncService;
  view: InvitationsView;
  logger: Logger;
  channel: vscode.LogOutputChannel;
}

/** Invitation commands take the tree item (an invitation) or, from the palette, ask which. */
async function pickInvitation(service: LyncService, arg: unknown, verb: string): Promise<ChatRoomInvitation | undefined> {
  if (arg && typeof arg === 'object' && 'id' in arg) return arg as ChatRoomInvitation;
  const items = service.invitations.map((inv) => ({ label: inv.room.name, description: inv.room.description, inv }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Lync: there are no pending room invitations.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: `Lync: ${verb} Invitation`, placeHolder: 'Room' }))?.inv;
}

export function registerCommands({ service, view, logger, channel }: CommandDeps): vscode.Disposable[] {
  const guarded = (name: string, fn: (...args: unknown[]) => Promise<unknown> | unknown) => async (...args: unknown[]) => {
    try {
      await fn(...args);
    } catch (error) {
      const e = LyncError.from(error);
      logger.error(`${name}: ${e.code}: ${e.message}`);
      const message = userMessage(e);
      const choice = await vscode.window.showErrorMessage(message.text, 'Show Log');
      if (choice === 'Show Log') channel.show(true);
    }
  };
  const register = (id: string, fn: (...args: unknown[]) => Promise<unknown> | unknown) => vscode.commands.registerCommand(id, guarded(id, fn));
  return [
    register(Commands.connect, () => service.connect(true)),
    register(Commands.disconnect, () => service.disconnect()),
    register(Commands.signIn, () => service.signIn()),
    register(Commands.signOut, () => service.signOut()),
    register(Commands.showLog, () => channel.show(true)),
    register(Commands.showInvitations, () => view.reveal()),
    register(Commands.openSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_SECTION)),
    register(Commands.acceptInvitation, async (arg) => {
      const invitation = await pickInvitation(service, arg, 'Accept');
      if (!invitation) return;
      await vscode.window.withProgress({ location: { viewId: 'lyncPersistentChat.invitations' }, title: `Joining ${invitation.room.name}` }, () => service.acceptInvitation(invitation.id));
      await vscode.commands.executeCommand('lyncPersistentChat.openRoom', { uri: invitation.room.uri, name: invitation.room.name }); // follows and opens it
    }),
    register(Commands.dismissInvitation, async (arg) => {
      const invitation = await pickInvitation(service, arg, 'Dismiss');
      if (invitation) service.dismissInvitation(invitation.id);
    }),
    register(Commands.statusMenu, async () => {
      const phase = service.status.phase;
      const items: (vscode.QuickPickItem & { run: () => unknown })[] = [];
      if (phase === 'Connected' || phase === 'Connecting' || phase === 'Reconnecting') items.push({ label: '$(debug-disconnect) Disconnect', run: () => service.disconnect() });
      else items.push({ label: '$(plug) Connect', run: () => service.connect(true) });
      if (service.invitations.length) items.push({ label: `$(mail) Show Invitations (${service.invitations.length})`, run: () => view.reveal() });
      if (phase === 'Error' && 'lastError' in service.status && service.status.lastError) {
        const error = service.status.lastError;
        items.push({ label: '$(error) Show Error', detail: error.message, run: () => vscode.window.showErrorMessage(userMessage(error).text) });
      }
      items.push({ label: '$(output) Show Log', run: () => channel.show(true) });
      items.push({ label: '$(sign-out) Sign Out', run: () => service.signOut() });
      const choice = await vscode.window.showQuickPick(items, { title: 'Lync Persistent Chat' });
      await choice?.run();
    }),
  ];
}
