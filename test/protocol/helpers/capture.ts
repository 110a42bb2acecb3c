import { createLogger, Logger } from '../../../src/common/logger';

/** A logger that keeps its lines, for asserting on what the client did (and did not log). */
export function captureLogger(): { logger: Logger; lines: string[]; has(pattern: RegExp): boolean } {
  const lines: string[] = [];
  return {
    logger: createLogger((level, line) => lines.push(`${level} ${line}`)),
    lines,
    has: (pattern) => lines.some((l) => pattern.test(l)),
  };
}
