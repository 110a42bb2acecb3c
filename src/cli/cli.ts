import { LyncError } from '../common/errors';
import { createLogger, Logger, nullLogger } from '../common/logger';
import { LocalEndpointBase } from '../endpoint/localEndpoint';
import { parseCliArgs, USAGE, UsageError } from './args';
import { endpointFromOptions } from './endpointFromOptions';
import { CliOutput } from './output';

export const CLI_VERSION = '0.1.0';

/** Runs lync-pchat; resolves with the process exit code. */
export async function runCli(argv: string[], signals: NodeJS.EventEmitter = process): Promise<number> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`lync-pchat: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options.help) { process.stdout.write(USAGE); return 0; }
  if (options.version) { process.stdout.write(`lync-pchat ${CLI_VERSION}\n`); return 0; }

  const output = new CliOutput(options.json);
  const logger: Logger = options.verbose ? createLogger((level, line) => process.stderr.write(`${level.padEnd(5)} ${line}\n`)) : nullLogger;
  let endpoint: LocalEndpointBase;
  try {
    endpoint = await endpointFromOptions(options, logger);
  } catch (error) {
    output.error(LyncError.from(error, 'InvalidSettings'));
    return 1;
  }
  const kind = options.application ? 'application' : 'user';
  endpoint.onStateChanged((e) => output.state(kind, e.state, e.reason));

  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  try {
    await endpoint.establish();
  } catch (error) {
    output.error(LyncError.from(error));
    return 1;
  }
  const lost = new Promise<LyncError | undefined>((resolve) => {
    endpoint.onStateChanged((e) => { if (e.state === 'Terminated') resolve(e.reason); });
  });
  const reason = await Promise.race([stopped.then(() => undefined), lost]);
  await endpoint.terminate();
  if (reason) {
    output.error(reason);
    return 1;
  }
  return 0;
}
