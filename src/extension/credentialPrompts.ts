import * as vscode from 'vscode';
import { loadCore } from './lazyCore';
import { CredentialStore } from './secrets';
import { ExtensionSettings } from './settings';

/** The masked input box Sign In asks a secret in. */
function secretBox(prompt: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title: vscode.l10n.t('Lync: Sign In'), prompt, password: true, ignoreFocusOut: true, validateInput: (v) => (v ? undefined : vscode.l10n.t('Enter your password')) });
}

/** Asks for the user's password or the client certificate's passphrase; what is entered goes to SecretStorage only. */
export class CredentialPrompts {
  constructor(private readonly credentials: CredentialStore) {}

  /** Kerberos signs in without a password: chosen, or `auto` with a ticket at hand (loads the native binding then). */
  singleSignOn(settings: ExtensionSettings): boolean {
    if (settings.authentication === 'kerberos') return true;
    return settings.authentication === 'auto' && loadCore().kerberosCredentialsAvailable();
  }

  /** The password, stored once entered; `retry` says the last one was not accepted. */
  async password(settings: ExtensionSettings, retry = false): Promise<string | undefined> {
    const who = settings.username || settings.sipUri.replace(/^sip:/i, '');
    const password = await secretBox(retry ? vscode.l10n.t('The password for {0} was not accepted. Enter it again:', who) : vscode.l10n.t('Password for {0}', who));
    if (!password) return undefined;
    await this.credentials.setPassword(settings.sipUri, password);
    return password;
  }

  /** A PFX client certificate's passphrase: the stored one, else asked and stored. */
  async passphrase(settings: ExtensionSettings): Promise<string | undefined> {
    if (!/\.(pfx|p12)$/i.test(settings.clientCertificate)) return undefined;
    const stored = await this.credentials.getPassphrase(settings.clientCertificate);
    if (stored !== undefined) return stored;
    const entered = await secretBox(vscode.l10n.t('Passphrase of {0} (empty if none)', settings.clientCertificate));
    if (entered !== undefined) await this.credentials.setPassphrase(settings.clientCertificate, entered);
    return entered;
  }
}
