import type { ProvisioningData } from '../../endpoint/provisioning';
import { accessLocation, chooseWebUrl } from '../../endpoint/webUrls';

/**
 * The room management web page for this sign-in, from provisioning (PersistentChatWebManagerUriInt/Ext,
 * docs/protocol/provisioning.md): the external address when the user signed in from outside (the
 * REGISTER 200 OK said `ms-user-logon-data: RemoteUser`), else the internal one; the other when
 * only that one is provisioned. Undefined when provisioning names neither.
 */
export function chooseRoomManagementUrl(provisioning: ProvisioningData | undefined, remoteUser: boolean): string | undefined {
  return chooseWebUrl(provisioning?.persistentChatConfiguration?.webManagerUrl, accessLocation(remoteUser));
}

/** Longest address opened: a provisioned page address is short; anything longer is not one. */
const MAX_URL_LENGTH = 2048;

/**
 * The room management web page's address as a URL to open, or undefined when it is not a plain
 * http(s) address (provisioning is a network value: no other scheme, no credentials, bounded).
 */
export function webPageUrl(raw: string): URL | undefined {
  if (raw.length > MAX_URL_LENGTH || /[\s\u0000-\u001f\u007f-\u009f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.username || url.password || !url.hostname ? undefined : url;
}
