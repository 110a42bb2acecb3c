/**
 * One simulated Lync pool for the whole extension-host run, inside the extension host process.
 * Shared (not one per file) because the extension remembers handled invitation ids per user in its
 * globalState: a fresh pool would reissue the same ids and they would be suppressed as handled.
 * index.ts stops it after the last test.
 */
import { join } from 'path';
import { DEFAULT_USERS } from '../../../../simulator/config';
import { SimulatedLyncPool } from '../../../../simulator/pool';

export const ALICE = { uri: 'sip:alice@contoso.com', password: 'secret', display: 'alice@contoso.com' } as const;

/** Rooms of simulator/catalogue.default.json that send invitations. */
export const ROOMS = {
  incidentBridge: { uri: 'ma-chan://contoso.com/f5942c06-a3f7-4983-903c-9968d5dc522a', name: 'Incident Bridge' },
  architectureGuild: { uri: 'ma-chan://contoso.com/3393f007-8fe0-482d-be1e-d2a3ad5a5b17', name: 'Architecture Guild' },
  releaseTrain: { uri: 'ma-chan://contoso.com/b8e09fad-f018-4eb5-8967-5b9c819093f7', name: 'Release Train' },
} as const;

let shared: Promise<SimulatedLyncPool> | undefined;

export function sharedPool(): Promise<SimulatedLyncPool> {
  shared ??= SimulatedLyncPool.start({ users: [...DEFAULT_USERS] });
  return shared;
}

export async function stopSharedPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await (await pool)?.stop();
}

/** Undoes stall()/failNext() so one test's faults never reach the next. */
export function clearFaults(pool: SimulatedLyncPool): void {
  pool.stall(0);
  pool.faults.nextResponse = undefined;
  pool.faults.dropAssociations = undefined;
}

export function caFile(pool: SimulatedLyncPool): string {
  return join(pool.config.pkiDir, 'ca.pem');
}

/** The user's registered SIP connections at the pool (what "connected" means server-side). */
export function registrationsOf(pool: SimulatedLyncPool, userUri: string): number[] {
  return pool.registrations().filter((r) => r.userUri.toLowerCase() === userUri.toLowerCase()).map((r) => r.connectionId);
}

/** Rooms the user has joined in a live chat session, as the pool sees it. */
export function joinedRooms(pool: SimulatedLyncPool, userUri: string): string[] {
  return pool.chatSessions().filter((s) => s.userUri.toLowerCase() === userUri.toLowerCase()).flatMap((s) => s.rooms);
}
