import * as vscode from 'vscode';
import { LyncError } from '../../common/errors';
import type { ExtensionSettings } from '../settings';

/**
 * The public API's sign-in is for the configured user only: a trusted application has no password,
 * and another SIP address (with or without `sip:`) or an empty password is refused before anything is stored.
 */
export function checkApiSignIn(settings: ExtensionSettings, sipUri: string, password: string): void {
  if (settings.endpointKind !== 'user') throw new LyncError('InvalidSettings', vscode.l10n.t('A trusted application signs in with its certificate, not a password.'), { retriable: false });
  if (!password || !sipUri || settings.sipUri.toLowerCase() !== (/^sips?:/i.test(sipUri) ? sipUri : `sip:${sipUri}`).toLowerCase()) {
    throw new LyncError('InvalidSettings', vscode.l10n.t('{0} is not the SIP address in the settings.', sipUri), { retriable: false });
  }
}
