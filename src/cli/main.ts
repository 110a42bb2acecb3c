// lync-pchat: the headless CLI over the same core as the extension.
import { runCli } from './cli';

runCli(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`lync-pchat: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
