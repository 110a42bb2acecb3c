/**
 * The connection core (SIP, NTLM, XCCOS: most of the code), loaded on the first Connect instead of
 * at activation. esbuild bundles this file as dist/core.js; lazyCore.ts requires it on first use.
 */
import { setListenerErrorReporter } from '../common/events';
import { Logger } from '../common/logger';
import type * as vscode from 'vscode';
import { validateSipUri } from '../endpoint/localEndpoint';
import { poolMemoryKey } from '../endpoint/poolMemory';
import { ChatConnection } from '../persistentChat/chatConnection';
import { InvitationStoreState, MemoryInvitationStore } from '../persistentChat/invitationStore';
import type { FollowedRoomStore } from '../persistentChat/rooms/types';
import { createEndpointFactory } from './endpointFactory';
import { GlobalStatePoolMemory } from './poolMemoryState';
import type { ExtensionSettings } from './settings';

/** Whether the user holds a Kerberos ticket (`auto` then signs in without a password); loads the native binding. */
export { kerberosCredentialsAvailable } from '../sip/auth/kerberos/loader';

export interface StoredInvitations {
  state: InvitationStoreState | undefined;
  save(state: InvitationStoreState): void;
}

/** A ChatConnection for these settings; throws LyncError('InvalidSettings'/…) for unusable ones. */
export function createConnection(
  settings: ExtensionSettings, secret: string | undefined, logger: Logger, invitations: StoredInvitations, followedRooms?: FollowedRoomStore, globalState?: Pick<vscode.Memento, 'get' | 'update'>,
): ChatConnection {
  setListenerErrorReporter((error) => logger.warn(`an event listener threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
  validateSipUri(settings.sipUri); // InvalidSettings now, before any socket
  const poolMemory = globalState && new GlobalStatePoolMemory(globalState, poolMemoryKey(settings.endpointKind === 'application'
    ? { userUri: settings.sipUri, server: settings.outboundProxy, transport: 'tls' }
    : { userUri: settings.sipUri, server: settings.server, transport: settings.transport }));
  return new ChatConnection({
    userUri: settings.sipUri,
    createEndpoint: createEndpointFactory(settings, secret, logger, poolMemory),
    poolMemory,
    endpointKind: settings.endpointKind,
    chatUri: settings.persistentChatUri || undefined,
    invitations: new MemoryInvitationStore(invitations.state, (state) => invitations.save(state)),
    followedRooms,
    logger,
  });
}
