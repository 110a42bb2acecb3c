/**
 * Runs the reach suite (test/vscode/reach: sign-in by DNS discovery, through the Access Edge) in a
 * real VS Code on a user's machine: a fresh network namespace (test/protocol/helpers/netns.ts) with
 * its own loopback and a resolver pointing at the namespace's DNS server, and run.js started inside
 * it unchanged with `ip netns exec`, so code-server, its extension host, the browser and the UI
 * bridge all live there. The suite starts the simulated pool (5061, its Edge on 443) and dnsmasq
 * (the records of each test) itself, from inside the extension host.
 *
 *   node out/test/vscode/runner/reach.js [any run.js option but --tests]
 *
 * Needs root, iproute2 and dnsmasq: under CI=true their absence fails the run; elsewhere it is
 * reported as skipped. The namespace is removed when the run ends.
 */
import { spawn } from 'child_process';
import { join } from 'path';
import { NetNamespace, netnsAvailable } from '../../protocol/helpers/netns';

const ci = process.env.CI === 'true';

function say(message: string): void {
  process.stdout.write(`vscode reach: ${message}\n`);
}

async function main(): Promise<number> {
  if (!netnsAvailable()) {
    const problem = 'root with iproute2 and dnsmasq (network namespaces) is needed for the reach suite';
    if (ci) {
      say(`FAILED: ${problem} (CI=true: a missing prerequisite is a failure)`);
      return 1;
    }
    say(`SKIPPED: ${problem}`);
    process.stdout.write('\n  0 passing\n  1 pending (the reach suite)\n');
    return 0;
  }
  if (process.argv.includes('--tests')) throw new Error('--tests is not an option of reach.js: it runs test/vscode/reach');
  const ns = NetNamespace.create('lyncvs');
  say(`network namespace ${ns.name}`);
  try {
    const [ip, ...prefix] = ns.wrap;
    const runner = join(__dirname, 'run.js');
    const tests = join(__dirname, '..', 'reach', 'index.js');
    const child = spawn(ip, [...prefix, process.execPath, runner, '--tests', tests, ...process.argv.slice(2)], { stdio: 'inherit' });
    // run.js stops its code-server and browser on SIGINT/SIGTERM: pass them on, then clean up here.
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward(signal));
    return await new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await ns.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    say(`FAILED: ${error.message}`);
    process.exit(1);
  },
);
