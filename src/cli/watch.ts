import { LyncError } from '../common/errors';
import { ChatConnection } from '../persistentChat/chatConnection';
import { CliOptions } from './args';
import { CliOutput } from './output';
import { runSession } from './runSession';
import { CliSession } from './session';
import { aborted, gaveUp } from './waits';

/** `lync-pchat` without a subcommand: signs in, prints every state change, invitation and error, and stays until Ctrl-C. */
export function runWatch(options: CliOptions, signals: NodeJS.EventEmitter): Promise<number> {
  const output = new CliOutput(options.json);
  return runSession(options, output, signals, (session, interrupted) => watch(session, output, interrupted));
}

async function watch(session: CliSession, output: CliOutput, interrupted: AbortSignal): Promise<number> {
  const { once, noChat } = session.options;
  const connection = await session.connection({ noChat });
  printEvents(connection, output, once);
  const failed = gaveUp(connection, once);
  try {
    await connection.connect(interrupted);
  } catch (error) {
    // The one recovery policy (recoveryPolicy.ts): transient failures are retried with backoff, on
    // the first connect as after it, until Ctrl-C; --once exits on the first failure instead.
    const reason = LyncError.from(error);
    if (once || !reason.retriable) throw reason;
  }
  const reason = await Promise.race([aborted(interrupted), failed]);
  if (reason) throw reason;
  return 0;
}

function printEvents(connection: ChatConnection, output: CliOutput, once: boolean): void {
  connection.onEndpointStateChanged((e) => output.state(e.endpoint, e.change.state, e.change.reason));
  connection.onInvitationReceived((inv) => output.event('invitation', {
    id: inv.id,
    createdOn: inv.createdOn.toISOString(),
    room: { uri: inv.room.uri, name: inv.room.name, description: inv.room.description ?? '' },
  }, `invitation ${inv.id}: "${inv.room.name}" (${inv.room.uri})${inv.room.description ? ` — ${inv.room.description}` : ''}`));
  connection.onStatusChanged((s) => {
    if (!once && s.phase === 'Reconnecting' && s.nextAttemptAt) {
      const seconds = Math.max(0, Math.round((s.nextAttemptAt.getTime() - Date.now()) / 1000));
      output.event('reconnecting', { attempt: s.attempt, inSeconds: seconds, reason: s.lastError?.code }, `reconnecting in ${seconds} s (attempt ${s.attempt}): ${s.lastError?.message ?? ''}`);
    }
  });
}
