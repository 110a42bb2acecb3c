import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { affectsConnection } from './settings';
import { InvitationsView } from './invitationsView';
import { seedDemoPassword } from './demoSeed';
import { registerCopyDiagnostics } from './diagnosticsCommand';
import { createOutputLogger } from './log';
import { LyncService } from './lyncService';
import { Notifications } from './notifications';
import { CredentialStore } from './secrets';
import { ConnectionStatusBar } from './statusBar';

/** What tests (and other extensions) can reach. */
export interface LyncExtensionApi {
  readonly service: LyncService;
}

/** Composition root: builds the pieces and hands each to VS Code to dispose. */
export function activate(context: vscode.ExtensionContext): LyncExtensionApi {
  const { logger, channel, recorder } = createOutputLogger();
  const credentials = new CredentialStore(context.secrets);
  const service = new LyncService(context, credentials, logger);
  const statusBar = new ConnectionStatusBar(service.status);
  const view = new InvitationsView(service);
  const notifications = new Notifications(service);
  context.subscriptions.push(
    channel, credentials, service, statusBar, view, notifications,
    service.onDidChangeStatus((s) => statusBar.update(s, service.invitations.length)),
    service.onDidChangeInvitations(() => statusBar.update(service.status, service.invitations.length)),
    credentials.onDidChange(() => void service.refreshSignedIn()),
    vscode.workspace.onDidChangeConfiguration((e) => void onSettingsChanged(e, service)),
    ...registerCommands({ service, view, logger, channel }),
    registerCopyDiagnostics(recorder, () => service.settings, String(context.extension.packageJSON.version)),
  );
  void seedDemoPassword(service.settings, credentials)
    .then(() => service.refreshSignedIn())
    .then((signedIn) => {
      if (signedIn && service.settings.autoConnect) void service.connect(false);
    });
  logger.info(`activated (version ${String(context.extension.packageJSON.version)})`);
  return { service };
}

async function onSettingsChanged(e: vscode.ConfigurationChangeEvent, service: LyncService): Promise<void> {
  if (!affectsConnection(e)) return;
  await service.refreshSignedIn();
  const phase = service.status.phase;
  if (phase !== 'Connected' && phase !== 'Reconnecting') return;
  const choice = await vscode.window.showInformationMessage('Lync: the connection settings changed. Reconnect to apply them?', 'Reconnect', 'Later');
  if (choice === 'Reconnect') await service.connect(true);
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
