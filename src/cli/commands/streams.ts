import { CliOutput } from '../output';

/**
 * Where a room subcommand writes. `out`: its results, on stdout. `diag`: states, progress and
 * errors, on stderr in text mode (so results can be piped) or as JSON lines on stdout with --json.
 * `notes`: words for a person (e.g. that nothing was found), always text on stderr.
 */
export interface CliStreams {
  out: CliOutput;
  diag: CliOutput;
  notes: CliOutput;
}

export function cliStreams(json: boolean): CliStreams {
  const out = new CliOutput(json);
  const stderr = new CliOutput(false, process.stderr);
  return { out, diag: json ? out : stderr, notes: stderr };
}
