import * as vscode from 'vscode';
import { RESTRICTED_SETTINGS, Settings, SETTINGS_SECTION } from './ids';

export interface ExtensionSettings {
  /** The SIP address with `sip:` added when it was typed without. */
  sipUri: string;
  /** The SIP address as the user typed it (quoted when it is not valid). */
  sipUriTyped?: string;
  server: string;
  transport: 'tls' | 'tcp';
  username: string;
  endpointKind: 'user' | 'application';
  clientCertificate: string;
  clientKey: string;
  gruu: string;
  outboundProxy: string;
  persistentChatUri: string;
  caFile: string;
  autoConnect: boolean;
  notifications: 'all' | 'off';
  /** Kerberos single sign-on (no password), NTLM (the password), or Kerberos when a ticket exists. */
  authentication: 'auto' | 'kerberos' | 'ntlm';
}

/**
 * Reads the settings. Server, credential and certificate settings take only user/machine values
 * (and defaults): a workspace or folder value is ignored even in a trusted workspace, so a cloned
 * repository can never point the user's password at another server.
 */
export function readSettings(): ExtensionSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const get = <T>(key: string, fallback: T): T => {
    if (RESTRICTED_SETTINGS.includes(key)) {
      const inspected = config.inspect<T>(key);
      return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
    }
    return config.get<T>(key, fallback);
  };
  const str = (key: string) => String(get<string>(key, '') ?? '').trim();
  const transport = get<string>(Settings.transport, 'tls') === 'tcp' ? 'tcp' : 'tls';
  return {
    sipUri: normaliseUri(str(Settings.sipUri)),
    sipUriTyped: str(Settings.sipUri),
    server: str(Settings.server),
    transport,
    username: str(Settings.username),
    endpointKind: get<string>(Settings.endpointKind, 'user') === 'application' ? 'application' : 'user',
    clientCertificate: str(Settings.clientCertificate),
    clientKey: str(Settings.clientKey),
    gruu: str(Settings.gruu),
    outboundProxy: str(Settings.outboundProxy),
    persistentChatUri: str(Settings.persistentChatUri),
    caFile: str(Settings.caFile),
    autoConnect: get<boolean>(Settings.autoConnect, true) !== false,
    notifications: get<string>(Settings.notifications, 'all') === 'off' ? 'off' : 'all',
    authentication: authenticationChoice(get<string>(Settings.authentication, 'auto')),
  };
}

/** What is missing before a connection can be attempted, for the user to fix; undefined = complete. */
export function missingSetting(s: ExtensionSettings): string | undefined {
  if (!s.sipUri) return vscode.l10n.t('your SIP address (Lync › SIP URI)');
  if (!/^sip:[^@\s]+@[^@\s]+$/i.test(s.sipUri)) return vscode.l10n.t('a valid SIP address ("{0}" is not one)', s.sipUriTyped || s.sipUri);
  if (s.endpointKind === 'application') {
    if (!s.clientCertificate) return vscode.l10n.t('the trusted application\'s client certificate');
    if (!s.gruu) return vscode.l10n.t('the trusted application\'s GRUU');
    if (!s.outboundProxy) return vscode.l10n.t('the outbound proxy (the pool, host:port)');
  }
  return undefined;
}

/** Setting changes that need a reconnect to take effect. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return RESTRICTED_SETTINGS.some((key) => e.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}

function authenticationChoice(value: string): ExtensionSettings['authentication'] {
  return value === 'kerberos' || value === 'ntlm' ? value : 'auto';
}

function normaliseUri(uri: string): string {
  if (!uri) return uri;
  return /^sips?:/i.test(uri) ? uri : `sip:${uri}`;
}
