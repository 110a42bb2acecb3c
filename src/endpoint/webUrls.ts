/** A web service provisioning names twice: for clients inside the network and for remote ones. */
export interface WebUrlPair {
  internal?: string;
  external?: string;
}

/** Where this sign-in comes from: 'external' when the registrar said `ms-user-logon-data: RemoteUser` (through an Access Edge). */
export type AccessLocation = 'internal' | 'external';

/** The access location of a sign-in whose registrar did (true) or did not say RemoteUser. */
export function accessLocation(remoteUser: boolean): AccessLocation {
  return remoteUser ? 'external' : 'internal';
}

/**
 * The address of one web service for this sign-in, as the Lync client and pidgin-sipe choose it:
 * the external one from outside (RemoteUser), else the internal one; the other when only that one
 * is provisioned. Undefined when provisioning names neither. Not checked here: still a network value.
 */
export function chooseWebUrl(pair: WebUrlPair | undefined, location: AccessLocation): string | undefined {
  if (!pair) return undefined;
  return location === 'external' ? pair.external ?? pair.internal : pair.internal ?? pair.external;
}
