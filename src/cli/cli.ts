import { LyncError } from '../common/errors';
import { writeFileSync } from 'node:fs';
import { DiagnosticsRecorder } from '../common/diagnostics';
import { escapeControls } from '../common/escape';
import { setListenerErrorReporter } from '../common/events';
import { createLogger, Logger, nullLogger } from '../common/logger';
import { ChatConnection } from '../persistentChat/chatConnection';
import { CliOptions, parseCliArgs, USAGE } from './args';
import { DemoPool, startDemo } from './demo';
import { endpointFactory } from './endpointFactory';
import { CliOutput } from './output';
import { runRoomCli } from './commands/roomCli';
import { parsedOrUsage, ROOMS_USAGE } from './commands/usage';

export const CLI_VERSION = '0.1.0';

/** Runs lync-pchat; resolves with the process exit code. */
export async function runCli(argv: string[], signals: NodeJS.EventEmitter = process): Promise<number> {
  const parsed = parsedOrUsage(() => parseCliArgs(argv));
  if (!parsed) return 2;
  let options: CliOptions = parsed;
  if (options.help) { process.stdout.write(`${USAGE}${ROOMS_USAGE}`); return 0; }
  if (options.version) { process.stdout.write(`lync-pchat ${CLI_VERSION}\n`); return 0; }
  if (options.positionals.length) return runRoomCli(options, signals);

  const output = new CliOutput(options.json);
  const toStderr = (level: string, line: string) => process.stderr.write(`${level.padEnd(5)} ${escapeControls(line)}\n`);
  const recorder = options.diagnostics ? new DiagnosticsRecorder() : undefined;
  const logger: Logger = recorder
    ? recorder.logger(toStderr, () => options.verbose)
    : options.verbose ? createLogger(toStderr) : nullLogger;
  setListenerErrorReporter((error) => logger.warn(`an event listener threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
  let demo: DemoPool | undefined;
  try {
    if (options.demo) {
      demo = await startDemo(options.verbose);
      options = { ...options, ...demo.options };
      process.env.LYNC_PASSWORD = demo.password;
      output.event('demo', { uri: options.uri, server: options.server }, `demo: simulated Lync pool at ${options.server}; signing in as ${options.uri}`);
    }
    return await run(options, output, logger, signals);
  } finally {
    await demo?.stop();
    if (recorder && options.diagnostics) writeDiagnostics(options.diagnostics, recorder, options, output);
  }
}

async function run(options: CliOptions, output: CliOutput, logger: Logger, signals: NodeJS.EventEmitter): Promise<number> {
  const kind = options.application ? 'application' : 'user';
  let createEndpoint;
  try {
    createEndpoint = await endpointFactory(options, logger);
  } catch (error) {
    output.error(LyncError.from(error, 'InvalidSettings'));
    return 1;
  }
  const connection = new ChatConnection({
    userUri: options.uri!,
    endpointKind: kind,
    createEndpoint,
    chatUri: options.chatUri,
    noChat: options.noChat,
    logger,
  });
  connection.onEndpointStateChanged((e) => output.state(e.endpoint, e.change.state, e.change.reason));
  connection.onInvitationReceived((inv) => output.event('invitation', {
    id: inv.id,
    createdOn: inv.createdOn.toISOString(),
    room: { uri: inv.room.uri, name: inv.room.name, description: inv.room.description ?? '' },
  }, `invitation ${inv.id}: "${inv.room.name}" (${inv.room.uri})${inv.room.description ? ` — ${inv.room.description}` : ''}`));
  // The one recovery policy (recoveryPolicy.ts): transient failures are retried with backoff, on the
  // first connect as after it, until Ctrl-C; --once exits on the first failure instead.
  connection.onStatusChanged((s) => {
    if (!options.once && s.phase === 'Reconnecting' && s.nextAttemptAt) {
      const seconds = Math.max(0, Math.round((s.nextAttemptAt.getTime() - Date.now()) / 1000));
      output.event('reconnecting', { attempt: s.attempt, inSeconds: seconds, reason: s.lastError?.code }, `reconnecting in ${seconds} s (attempt ${s.attempt}): ${s.lastError?.message ?? ''}`);
    }
  });

  const stopped = new Promise<void>((resolve) => {
    signals.once('SIGINT', () => resolve());
    signals.once('SIGTERM', () => resolve());
  });
  const gaveUp = new Promise<LyncError | undefined>((resolve) => {
    connection.onStatusChanged((s) => {
      if (s.phase === 'Error' || (options.once && s.phase === 'Reconnecting')) resolve(s.lastError ?? new LyncError('ConnectionLost', 'The connection was lost.'));
    });
  });
  try {
    await connection.connect();
  } catch (error) {
    const reason = LyncError.from(error);
    if (options.once || !reason.retriable) {
      output.error(reason);
      await connection.disconnect();
      connection.dispose();
      return 1;
    }
  }
  const reason = await Promise.race([stopped.then(() => undefined), gaveUp]);
  await connection.disconnect();
  connection.dispose();
  if (reason) {
    output.error(reason);
    return 1;
  }
  return 0;
}

function writeDiagnostics(file: string, recorder: DiagnosticsRecorder, options: CliOptions, output: CliOutput): void {
  const { uri, server, transport, username, ca, application, gruu, proxy, chatUri, noChat, demo } = options;
  const text = recorder.report({
    product: 'lync-pchat',
    versions: { 'lync-pchat': CLI_VERSION, node: process.version, platform: `${process.platform} ${process.arch}` },
    settings: { uri, server, transport, username, ca, application, gruu, proxy, chatUri, noChat, demo },
  });
  try {
    writeFileSync(file, text, { mode: 0o600 });
    output.event('diagnostics', { file }, `diagnostics written to ${file}`);
  } catch (error) {
    output.error(new LyncError('InvalidSettings', `The diagnostics report cannot be written to ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`));
  }
}
