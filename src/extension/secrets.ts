import * as vscode from 'vscode';
import { Disposable } from '../common/events';

/**
 * Passwords and certificate passphrases live only in SecretStorage (the OS keychain), one per
 * SIP URI. SecretStorage is shared between windows, so changes from another window are reported.
 */
export class CredentialStore implements Disposable {
  private readonly subscription: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith('lyncPersistentChat.')) this.changed.fire();
    });
  }

  getPassword(sipUri: string): Thenable<string | undefined> {
    return this.secrets.get(passwordKey(sipUri));
  }

  async setPassword(sipUri: string, password: string): Promise<void> {
    await this.secrets.store(passwordKey(sipUri), password);
  }

  async deletePassword(sipUri: string): Promise<void> {
    await this.secrets.delete(passwordKey(sipUri));
  }

  getPassphrase(certificatePath: string): Thenable<string | undefined> {
    return this.secrets.get(passphraseKey(certificatePath));
  }

  async setPassphrase(certificatePath: string, passphrase: string): Promise<void> {
    await this.secrets.store(passphraseKey(certificatePath), passphrase);
  }

  async deletePassphrase(certificatePath: string): Promise<void> {
    await this.secrets.delete(passphraseKey(certificatePath));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

const passwordKey = (sipUri: string) => `lyncPersistentChat.password:${sipUri.toLowerCase()}`;
const passphraseKey = (path: string) => `lyncPersistentChat.passphrase:${path}`;
