/** The `npm run sim` prompt's presence control: `status <user> <state>` (a BENOTIFY to every subscriber). */
import type { SimulatedLyncPool } from '../pool';
import { AVAILABILITY, SimAvailability } from './presenceService';

export const PRESENCE_HELP = `  status <user> <state>                set <user>'s presence: ${Object.keys(AVAILABILITY).join(', ')}`;

/** Runs the command; undefined when `command` is not `status`. */
export function presenceCommand(pool: SimulatedLyncPool, command: string, args: string[], userUri: (name: string | undefined) => string): string | undefined {
  if (command !== 'status') return undefined;
  const state = Object.keys(AVAILABILITY).find((s) => s.toLowerCase() === (args[1] ?? '').toLowerCase()) as SimAvailability | undefined;
  if (!state) return `usage: status <user> <${Object.keys(AVAILABILITY).join('|')}>`;
  const user = userUri(args[0]);
  return `${user} is ${state}; ${pool.setAvailability(user, state)} subscription(s) notified`;
}
