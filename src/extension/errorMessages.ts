import * as vscode from 'vscode';
import { LyncError } from '../common/errors';
import { Commands } from './ids';

export interface UserMessage {
  text: string;
  /** Button label → command id (with optional args). "Show Log" is always added. */
  actions: { title: string; command: string; args?: unknown[] }[];
}

/** Lync: Open Settings on one setting; it opens the tab the setting is read from (settingsTab.ts). */
const openSetting = (key: string) => ({ command: Commands.openSettings, args: [key] });

/** AuthenticationFailed by its reason: only a refused password is called a wrong password. */
function authMessage(error: LyncError): UserMessage {
  const signIn = { title: vscode.l10n.t('Sign In'), command: Commands.signIn };
  switch (error.auth?.reason) {
    case 'noSupportedScheme':
      return { text: vscode.l10n.t('Lync: {0}', error.message), actions: [] };
    case 'credentialsMissing':
      return { text: vscode.l10n.t('Lync: no password is stored for this account. Sign in to enter it.'), actions: [signIn] };
    case 'challengeRepeated':
      return { text: vscode.l10n.t('Lync: the server kept asking to authenticate after a new sign-in; your stored password was kept. {0}', error.message), actions: [signIn] };
    case 'handshakeIncomplete':
      return { text: vscode.l10n.t('Lync: {0} Your stored password was kept.', error.message), actions: [signIn] };
    case 'noTicket':
    case 'clockSkew':
    case 'unknownServicePrincipal':
    case 'kerberosRefused':
    case 'kerberosUnavailable':
      return { text: vscode.l10n.t('Lync: {0}', error.message), actions: [signIn, { title: vscode.l10n.t('Authentication Setting'), ...openSetting('authentication') }] };
    default:
      return { text: vscode.l10n.t('Lync sign-in failed: the user name or password is wrong.'), actions: [signIn, { title: vscode.l10n.t('User Name Setting'), ...openSetting('username') }] };
  }
}

/** Turns a core error into a message a user can act on (the only place this wording lives). */
export function userMessage(error: LyncError): UserMessage {
  const detail = error.diagnostics ? ` (${error.diagnostics})` : '';
  switch (error.code) {
    case 'AuthenticationFailed':
      return authMessage(error);
    case 'CertificateUntrusted':
      return { text: vscode.l10n.t('Lync: the server\'s certificate is not trusted. If your pool uses an internal CA, set its PEM file in the CA File setting. {0}', error.message), actions: [{ title: vscode.l10n.t('CA File Setting'), ...openSetting('caFile') }] };
    case 'CertificateNameMismatch':
      return { text: vscode.l10n.t('Lync: {0} Use the server name that is on its certificate.', error.message), actions: [{ title: vscode.l10n.t('Server Setting'), ...openSetting('server') }] };
    case 'CertificateInvalid':
      return { text: vscode.l10n.t('Lync: {0}', error.message), actions: [] };
    case 'ServerNotFound':
      return { text: vscode.l10n.t('Lync: the server was not found. Check the Server setting, or leave it empty to use DNS discovery. {0}', error.message), actions: [{ title: vscode.l10n.t('Open Settings'), ...openSetting('server') }] };
    case 'ConnectionFailed':
    case 'ConnectionLost':
    case 'Timeout':
      return { text: vscode.l10n.t('Lync: cannot reach the server. Check the Server setting. {0}', error.message), actions: [{ title: vscode.l10n.t('Open Settings'), ...openSetting('server') }] };
    case 'UserNotEnabled':
      return { text: vscode.l10n.t('Lync: this account is not enabled for Lync{0}. Ask your administrator.', detail), actions: [] };
    case 'Rejected':
      return { text: vscode.l10n.t('Lync: the server rejected the sign-in{0}.', detail), actions: [] };
    case 'ServiceUnavailable':
      return { text: vscode.l10n.t('Lync: the server is temporarily unavailable{0}. It will be retried.', detail), actions: [] };
    case 'PersistentChatDisabled':
      return { text: vscode.l10n.t('Lync: Persistent Chat is not enabled for your account, or no Persistent Chat server answers.'), actions: [{ title: vscode.l10n.t('Persistent Chat URI Setting'), ...openSetting('persistentChatUri') }] };
    case 'InvalidSettings':
      // A file that cannot be read names itself ("The CA file … cannot be read"): open that setting.
      if (/^The CA file /.test(error.message)) return { text: vscode.l10n.t('Lync: {0} Set the CA File setting to your CA\'s PEM file.', error.message), actions: [{ title: vscode.l10n.t('CA File Setting'), ...openSetting('caFile') }] };
      if (/^The client (certificate|key) file /.test(error.message)) return { text: vscode.l10n.t('Lync: {0}', error.message), actions: [{ title: vscode.l10n.t('Open Settings'), ...openSetting(/key file/.test(error.message) ? 'application.clientKey' : 'application.clientCertificate') }] };
      return { text: vscode.l10n.t('Lync: {0}', error.message), actions: [{ title: vscode.l10n.t('Open Settings'), command: Commands.openSettings }] };
    case 'SignatureInvalid':
      return { text: vscode.l10n.t('Lync: {0} This can mean a proxy is altering messages.', error.message), actions: [] };
    default:
      return { text: vscode.l10n.t('Lync: {0}', error.message), actions: [] };
  }
}
