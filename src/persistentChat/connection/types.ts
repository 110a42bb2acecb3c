import type { LyncError } from '../../common/errors';
import type { Logger } from '../../common/logger';
import type { LocalEndpointBase } from '../../endpoint/localEndpoint';
import type { PoolMemoryStore } from '../../endpoint/poolMemory';
import type { StateChanged } from '../../endpoint/state';
import type { InvitationStore } from '../invitationStore';
import type { ReconnectorOptions } from '../reconnector';
import type { FollowedRoomStore } from '../rooms/types';

/** What ChatConnection shows of its phase (the machine's RestartingChat shows as Reconnecting). */
export type ConnectionPhase = 'Disconnected' | 'Connecting' | 'Connected' | 'Reconnecting' | 'Error';

export interface ConnectionStatus {
  phase: ConnectionPhase;
  userUri: string;
  /** host:port of the connection, once connected. */
  server?: string;
  chatServerUri?: string;
  /** When the current phase began. */
  since: Date;
  lastError?: LyncError;
  /** While Reconnecting: when the next attempt starts. */
  nextAttemptAt?: Date;
  attempt?: number;
}

export interface EndpointStateEvent {
  endpoint: 'user' | 'application' | 'chat';
  change: StateChanged;
}

export interface ChatConnectionOptions {
  userUri: string;
  /** A fresh UserEndpoint/ApplicationEndpoint per attempt (endpoints are single-use, as in UCMA). */
  createEndpoint: () => LocalEndpointBase;
  endpointKind?: 'user' | 'application';
  /** Persistent Chat lookup URI override (else provisioning, else sip:ocschat@<domain>). */
  chatUri?: string;
  /** Stop after signing in (CLI --no-chat). */
  noChat?: boolean;
  invitations?: InvitationStore;
  /** Followed rooms and their last-read markers (default: in memory). */
  followedRooms?: FollowedRoomStore;
  /** The user's display name, for mentions (the user part of the SIP URI always counts). */
  displayName?: string;
  logger?: Logger;
  reconnect?: Omit<ReconnectorOptions, 'logger' | 'wake'>;
  /** Watch for wake from sleep and network changes (default true). */
  watchNetwork?: boolean;
  commandTimeoutMs?: number;
  /** What the last run learned about the pool (default: this process only); the endpoints get the same store. */
  poolMemory?: PoolMemoryStore;
}
