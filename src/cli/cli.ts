import { CliOptions, parseCliArgs } from './args';
import { isRoomCommand } from './roomCommandNames';
import { runRoomCli } from './commands/roomCli';
import { helpText, parsedOrUsage } from './commands/usage';
import { CLI_VERSION } from './version';
import { runWatch } from './watch';

export { CLI_VERSION } from './version';

/** Runs lync-pchat; resolves with the process exit code. */
export async function runCli(argv: string[], signals: NodeJS.EventEmitter = process): Promise<number> {
  const options = parsedOrUsage(() => parseCliArgs(argv));
  if (!options) return 2;
  const help = helpTopic(options);
  if (help) {
    const text = parsedOrUsage(() => helpText(help.topic));
    if (text === undefined) return 2;
    process.stdout.write(text);
    return 0;
  }
  if (options.version) { process.stdout.write(`lync-pchat ${CLI_VERSION}\n`); return 0; }
  if (options.positionals.length) return runRoomCli(options, signals);
  return runWatch(options, signals);
}

/** `--help` (after a room subcommand: its own), `help`, `help COMMAND`; undefined when no help is asked for. */
function helpTopic(options: CliOptions): { topic?: string } | undefined {
  const [first, second, ...rest] = options.positionals;
  if (first === 'help') return { topic: rest.length ? `${second} ${rest.join(' ')}` : second };
  if (options.help) return { topic: isRoomCommand(first) ? first : undefined };
  return undefined;
}
