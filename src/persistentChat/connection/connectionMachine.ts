import { Disposable, Emitter } from '../../common/events';
import type { ConnectionPhase, ConnectionStatus } from './types';

/**
 * ChatConnection's phases. In Connecting, Connected and RestartingChat exactly one ConnectAttempt
 * is live; in Reconnecting only the Reconnector's timer runs; in Disconnected and Error nothing does:
 * - Disconnected: nothing runs; the start, and where the user's Disconnect (or a cancelled connect) ends.
 * - Connecting: a ConnectAttempt signs in and opens the chat session.
 * - Connected: signed in, and the chat session is Established (unless noChat).
 * - RestartingChat: the chat session alone ended while the endpoint stays signed in; the same
 *   attempt opens a new ChatSession (shown as Reconnecting).
 * - Reconnecting: the Reconnector waits out its backoff (at least the server's Retry-After).
 * - Error: a non-transient failure; nothing is retried until the user connects again.
 */
export type MachinePhase = 'Disconnected' | 'Connecting' | 'Connected' | 'RestartingChat' | 'Reconnecting' | 'Error';

/**
 * The edges, named by what takes them:
 * - connect: an attempt starts (the user's connect(), or the Reconnector's timer);
 * - connected: the attempt, or the chat restart, succeeded;
 * - restartChat / retry / fail: the recovery policy's choice (recoveryFor) for a failure or a loss;
 * - disconnect: the user's Disconnect, or the user cancelling the first connect.
 * A new edge (say, re-authenticating after a mid-session 401) is a new name here, a row entry
 * below, and the attempt method that does the work.
 */
export type ConnectionEdge = 'connect' | 'connected' | 'restartChat' | 'retry' | 'fail' | 'disconnect';

/** Every allowed edge; any other is refused (ConnectionMachine.take throws). */
export const CONNECTION_EDGES: Readonly<Record<MachinePhase, Readonly<Partial<Record<ConnectionEdge, MachinePhase>>>>> = {
  Disconnected: { connect: 'Connecting', disconnect: 'Disconnected' },
  Connecting: { connected: 'Connected', retry: 'Reconnecting', fail: 'Error', disconnect: 'Disconnected' },
  Connected: { restartChat: 'RestartingChat', retry: 'Reconnecting', fail: 'Error', disconnect: 'Disconnected' },
  RestartingChat: { connect: 'Connecting', connected: 'Connected', retry: 'Reconnecting', fail: 'Error', disconnect: 'Disconnected' },
  Reconnecting: { connect: 'Connecting', disconnect: 'Disconnected' },
  Error: { connect: 'Connecting', disconnect: 'Disconnected' },
};

const SHOWN_AS: Readonly<Record<MachinePhase, ConnectionPhase>> = {
  Disconnected: 'Disconnected',
  Connecting: 'Connecting',
  Connected: 'Connected',
  RestartingChat: 'Reconnecting',
  Reconnecting: 'Reconnecting',
  Error: 'Error',
};

export type StatusChange = Partial<Omit<ConnectionStatus, 'phase' | 'since' | 'userUri'>>;

/** The phase and the status it shows; every edge is checked against the table and fires one status. */
export class ConnectionMachine implements Disposable {
  private current: MachinePhase = 'Disconnected';
  private shown: ConnectionStatus;
  private readonly emitter = new Emitter<ConnectionStatus>();
  readonly onStatusChanged = this.emitter.event;

  constructor(userUri: string) {
    this.shown = { phase: 'Disconnected', userUri, since: new Date() };
  }

  get phase(): MachinePhase {
    return this.current;
  }

  get status(): ConnectionStatus {
    return this.shown;
  }

  can(edge: ConnectionEdge): boolean {
    return CONNECTION_EDGES[this.current][edge] !== undefined;
  }

  take(edge: ConnectionEdge, change: StatusChange = {}): void {
    const next = CONNECTION_EDGES[this.current][edge];
    if (next === undefined) throw new Error(`Illegal connection transition: ${edge} in ${this.current}`);
    const phase = SHOWN_AS[next];
    const since = phase === this.shown.phase ? this.shown.since : new Date();
    this.current = next;
    this.shown = { ...this.shown, ...change, phase, since };
    this.emitter.fire(this.shown);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
