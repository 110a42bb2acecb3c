import * as vscode from 'vscode';
import type { LyncService } from './lyncService';
import { affectsConnection } from './settings';

/**
 * A change to a connection setting: the service applies it (ends a session the settings no longer
 * describe, retries with the new values while reconnecting), then the user is offered a reconnect
 * when one would change something (connected, or a session the settings ended can resume).
 */
export async function onSettingsChanged(e: vscode.ConfigurationChangeEvent, service: LyncService, sync: () => void): Promise<void> {
  if (!affectsConnection(e)) return;
  const offer = await service.applySettings();
  sync();
  if (!offer) return;
  const reconnect = vscode.l10n.t('Reconnect');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Lync: the connection settings changed. Reconnect to apply them?'), reconnect, vscode.l10n.t('Later'));
  if (choice === reconnect) await service.connect(true);
}
