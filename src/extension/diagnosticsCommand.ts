import * as vscode from 'vscode';
import type { DiagnosticsRecorder } from '../common/diagnostics';
import type { ExtensionSettings } from './settings';

export const COPY_DIAGNOSTICS_COMMAND = 'lyncPersistentChat.copyDiagnostics';

/**
 * "Lync: Copy Diagnostics": the redacted report (versions, settings without secrets, the last 200
 * SIP/XCCOS messages, protocol items not understood) on the clipboard, ready for a bug report.
 * Paths of certificate and key files are named, never their contents; passwords live only in
 * SecretStorage and never reach the logger.
 */
export function registerCopyDiagnostics(recorder: DiagnosticsRecorder, settings: () => ExtensionSettings, extensionVersion: string): vscode.Disposable {
  return vscode.commands.registerCommand(COPY_DIAGNOSTICS_COMMAND, async () => {
    const s = settings();
    const report = recorder.report({
      product: 'Lync Persistent Chat for VS Code',
      versions: { extension: extensionVersion, vscode: vscode.version, node: process.version, platform: `${process.platform} ${process.arch}` },
      settings: {
        sipUri: s.sipUri, server: s.server, transport: s.transport, username: s.username, endpointKind: s.endpointKind,
        clientCertificateFile: s.clientCertificate, gruu: s.gruu, outboundProxy: s.outboundProxy,
        persistentChatUri: s.persistentChatUri, caFile: s.caFile, autoConnect: s.autoConnect,
      },
    });
    await vscode.env.clipboard.writeText(report);
    void vscode.window.showInformationMessage(`Lync: diagnostics copied (${recorder.unrecognizedItems.length} unrecognized protocol items). Paste them into your bug report.`);
    return report;
  });
}
