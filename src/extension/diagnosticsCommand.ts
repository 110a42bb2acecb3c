import * as vscode from 'vscode';
import { connectionSections, type DiagnosticsRecorder } from '../common/diagnostics';
import type { ServiceStatus } from './lyncService';
import type { ExtensionSettings } from './settings';

export const COPY_DIAGNOSTICS_COMMAND = 'lyncPersistentChat.copyDiagnostics';

/**
 * "Lync: Copy Diagnostics": the redacted report on the clipboard, ready for a public bug report:
 * versions, settings without secrets, the connection state and last error, protocol items not
 * understood, and the last SIP/XCCOS messages with their bodies summarised (no chat text or room
 * history), within a size an issue accepts. The notification offers the full bodies as an opt-in.
 * Paths of certificate and key files are named, never their contents; passwords live only in
 * SecretStorage and never reach the logger.
 */
export function registerCopyDiagnostics(recorder: DiagnosticsRecorder, settings: () => ExtensionSettings, extensionVersion: string, status?: () => ServiceStatus): vscode.Disposable {
  const make = (includeBodies: boolean) => {
    const s = settings();
    return recorder.report({
      product: 'Lync Persistent Chat for VS Code',
      versions: { extension: extensionVersion, vscode: vscode.version, node: process.version, platform: `${process.platform} ${process.arch}` },
      settings: {
        sipUri: s.sipUri, server: s.server, transport: s.transport, username: s.username, endpointKind: s.endpointKind,
        clientCertificateFile: s.clientCertificate, gruu: s.gruu, outboundProxy: s.outboundProxy,
        persistentChatUri: s.persistentChatUri, caFile: s.caFile, autoConnect: s.autoConnect,
      },
      sections: status ? connectionSections(status()) : [],
      includeBodies,
    });
  };
  return vscode.commands.registerCommand(COPY_DIAGNOSTICS_COMMAND, async () => {
    const report = make(false);
    await vscode.env.clipboard.writeText(report);
    const withBodies = vscode.l10n.t('Copy with Message Text');
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Lync: diagnostics copied ({0} characters, message text left out; {1} unrecognized protocol items). Paste them into your bug report.', report.length, recorder.unrecognizedItems.length),
      withBodies,
    ).then(async (choice) => {
      if (choice !== withBodies) return;
      await vscode.env.clipboard.writeText(make(true));
      void vscode.window.showInformationMessage(vscode.l10n.t('Lync: diagnostics with message text copied. They contain chat messages: share them privately only.'));
    });
    return report;
  });
}
