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
  const signIn = { title: 'Sign In', command: Commands.signIn };
  switch (error.auth?.reason) {
    case 'noSupportedScheme':
      return { text: `Lync: ${error.message}`, actions: [] };
    case 'credentialsMissing':
      return { text: 'Lync: no password is stored for this account. Sign in to enter it.', actions: [signIn] };
    case 'challengeRepeated':
      return { text: `Lync: the server kept asking to authenticate after a new sign-in; your stored password was kept. ${error.message}`, actions: [signIn] };
    case 'handshakeIncomplete':
      return { text: `Lync: ${error.message} Your stored password was kept.`, actions: [signIn] };
    default:
      return { text: 'Lync sign-in failed: the user name or password is wrong.', actions: [signIn, { title: 'User Name Setting', ...openSetting('username') }] };
  }
}

/** Turns a core error into a message a user can act on (the only place this wording lives). */
export function userMessage(error: LyncError): UserMessage {
  const detail = error.diagnostics ? ` (${error.diagnostics})` : '';
  switch (error.code) {
    case 'AuthenticationFailed':
      return authMessage(error);
    case 'CertificateUntrusted':
      return { text: `Lync: the server's certificate is not trusted. If your pool uses an internal CA, set its PEM file in the CA File setting. ${error.message}`, actions: [{ title: 'CA File Setting', ...openSetting('caFile') }] };
    case 'CertificateNameMismatch':
      return { text: `Lync: ${error.message} Use the server name that is on its certificate.`, actions: [{ title: 'Server Setting', ...openSetting('server') }] };
    case 'CertificateInvalid':
      return { text: `Lync: ${error.message}`, actions: [] };
    case 'ServerNotFound':
      return { text: `Lync: the server was not found. Check the Server setting, or leave it empty to use DNS discovery. ${error.message}`, actions: [{ title: 'Open Settings', ...openSetting('server') }] };
    case 'ConnectionFailed':
    case 'ConnectionLost':
    case 'Timeout':
      return { text: `Lync: cannot reach the server. Check the Server setting. ${error.message}`, actions: [{ title: 'Open Settings', ...openSetting('server') }] };
    case 'UserNotEnabled':
      return { text: `Lync: this account is not enabled for Lync${detail}. Ask your administrator.`, actions: [] };
    case 'Rejected':
      return { text: `Lync: the server rejected the sign-in${detail}.`, actions: [] };
    case 'ServiceUnavailable':
      return { text: `Lync: the server is temporarily unavailable${detail}. It will be retried.`, actions: [] };
    case 'PersistentChatDisabled':
      return { text: 'Lync: Persistent Chat is not enabled for your account, or no Persistent Chat server answers.', actions: [{ title: 'Persistent Chat URI Setting', ...openSetting('persistentChatUri') }] };
    case 'InvalidSettings':
      // A file that cannot be read names itself ("The CA file … cannot be read"): open that setting.
      if (/^The CA file /.test(error.message)) return { text: `Lync: ${error.message} Set the CA File setting to your CA's PEM file.`, actions: [{ title: 'CA File Setting', ...openSetting('caFile') }] };
      if (/^The client (certificate|key) file /.test(error.message)) return { text: `Lync: ${error.message}`, actions: [{ title: 'Open Settings', ...openSetting(/key file/.test(error.message) ? 'application.clientKey' : 'application.clientCertificate') }] };
      return { text: `Lync: ${error.message}`, actions: [{ title: 'Open Settings', command: Commands.openSettings }] };
    case 'SignatureInvalid':
      return { text: `Lync: ${error.message} This can mean a proxy is altering messages.`, actions: [] };
    default:
      return { text: `Lync: ${error.message}`, actions: [] };
  }
}
