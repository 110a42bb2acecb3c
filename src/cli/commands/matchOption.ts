import { UsageError } from '../args';
import type { RoomMessage } from '../../persistentChat/rooms/types';

/** Bounds the pattern a user types (a typo or a pasted blob, not a real filter). */
const MAX_MATCH_LENGTH = 1000;

/** `tail --match REGEX`: a JavaScript regular expression (case-sensitive, as grep), or a usage error that says why not. */
export function parseMatch(value: string | undefined): RegExp | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw new UsageError('--match needs a regular expression (e.g. --match "deploy|release").');
  if (value.length > MAX_MATCH_LENGTH) throw new UsageError(`--match is limited to ${MAX_MATCH_LENGTH} characters.`);
  try {
    return new RegExp(value);
  } catch (error) {
    throw new UsageError(`--match is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** Whether `tail` prints the message: every message without --match, else those whose text matches. */
export function matchesFilter(pattern: RegExp | undefined, message: RoomMessage): boolean {
  return pattern === undefined || pattern.test(message.text);
}
