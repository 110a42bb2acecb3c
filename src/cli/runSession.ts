import { LyncError } from '../common/errors';
import { CliOptions, UsageError } from './args';
import { CliOutput } from './output';
import { CliSession } from './session';

/** A command's work in an open session: resolves with the exit code, or throws (see runSession). */
export type SessionWork = (session: CliSession, interrupted: AbortSignal) => Promise<number>;

/**
 * The one path of every lync-pchat command: open the session, do `work` (Ctrl-C or SIGTERM aborts
 * `interrupted`), close the session, then report how it ended: a UsageError exits 2 on stderr,
 * Aborted 0, any other error 1, printed on `diag` (after the sign-out).
 */
export async function runSession(options: CliOptions, diag: CliOutput, signals: NodeJS.EventEmitter, work: SessionWork): Promise<number> {
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  signals.once('SIGINT', stop);
  signals.once('SIGTERM', stop);
  try {
    const session = await CliSession.open(options, diag);
    let failure: unknown;
    try {
      return await work(session, interrupt.signal);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      await session.close(failure);
    }
  } catch (error) {
    return report(error, diag);
  } finally {
    signals.removeListener('SIGINT', stop);
    signals.removeListener('SIGTERM', stop);
  }
}

function report(error: unknown, diag: CliOutput): number {
  if (error instanceof UsageError) {
    process.stderr.write(`lync-pchat: ${error.message}\n`);
    return 2;
  }
  const reason = LyncError.from(error);
  if (reason.code === 'Aborted') return 0;
  diag.error(reason);
  return 1;
}
