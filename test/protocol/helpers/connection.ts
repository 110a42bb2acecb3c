import { Logger } from '../../../src/common/logger';
import { UserEndpointSettings } from '../../../src/endpoint/userEndpoint';
import { ChatConnection, ChatConnectionOptions, ConnectionPhase, ConnectionStatus } from '../../../src/persistentChat/chatConnection';
import { ChatRoomInvitation } from '../../../src/persistentChat/xccos/types';
import { SimulatedLyncPool } from '../../../simulator/pool';
import { waitFor } from './net';
import { aliceEndpoint } from './pool';

export const ROOMS = {
  releaseTrain: 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7',
  incidentBridge: 'ma-chan://contoso.com/f5942c06-a3f7-4983-903c-9968d5dc522a',
  architectureGuild: 'ma-chan://contoso.com/3393f007-8fe0-482d-be1e-d2a3ad5a5b17',
  buildNotifications: 'ma-chan://contoso.com/6d0f3b52-9a41-4c7e-b8d2-1e5f7a9c3b04',
  coffeeCorner: 'ma-chan://contoso.com/9d0c79ef-ee68-4d04-a871-b1af450eecad',
};

/** alice's ChatConnection to the pool with fast test timings; records phases and invitations. */
export function aliceConnection(pool: SimulatedLyncPool, options: Partial<ChatConnectionOptions> & { endpoint?: Partial<UserEndpointSettings>; transport?: 'tls' | 'tcp'; logger?: Logger } = {}) {
  const phases: ConnectionPhase[] = [];
  /** Every status at a phase change, in order (a reconnect can pass faster than any poll). */
  const statuses: ConnectionStatus[] = [];
  const invitations: ChatRoomInvitation[] = [];
  const connection = new ChatConnection({
    userUri: 'sip:alice@contoso.com',
    createEndpoint: () => aliceEndpoint(pool, options.transport ?? 'tcp', options.endpoint, options.logger),
    reconnect: { baseDelayMs: 50, maxDelayMs: 400 },
    watchNetwork: false,
    commandTimeoutMs: 3000,
    logger: options.logger,
    ...options,
  });
  connection.onStatusChanged((s) => {
    if (phases.at(-1) === s.phase) return;
    phases.push(s.phase);
    statuses.push(s);
  });
  connection.onInvitationReceived((i) => invitations.push(i));
  const until = (phase: ConnectionPhase, timeoutMs = 10_000) => waitFor(() => connection.status.phase === phase, timeoutMs, `phase ${phase} (now ${connection.status.phase})`);
  /** Waits until the connection has passed through `phase` at or after history index `from`; returns that status. */
  const passes = async (phase: ConnectionPhase, from: number, timeoutMs = 10_000): Promise<ConnectionStatus> => {
    await waitFor(() => phases.indexOf(phase, from) >= 0, timeoutMs, `phase ${phase} after ${phases.slice(0, from).join(' → ')} (seen ${phases.slice(from).join(' → ') || 'nothing'})`);
    return statuses[phases.indexOf(phase, from)];
  };
  return { connection, phases, statuses, invitations, until, passes };
}
