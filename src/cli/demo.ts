import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LyncError } from '../common/errors';
import { CliOptions } from './args';

export interface DemoPool {
  options: Partial<CliOptions>;
  password: string;
  stop(): Promise<void>;
}

interface SimModule {
  startDemoPool(options?: { verbose?: boolean }): Promise<{ uri: string; password: string; server: string; transport: 'tls' | 'tcp'; caFile: string; stop(): Promise<void> }>;
}

/**
 * `--demo`: the simulated Lync pool ships beside the CLI bundle (dist/sim.js, built from
 * simulator) in a source checkout; an installed extension has no simulator.
 */
export async function startDemo(verbose: boolean): Promise<DemoPool> {
  const bundle = join(__dirname, 'sim.js');
  if (!existsSync(bundle)) {
    throw new LyncError('InvalidSettings', '--demo needs the simulated Lync pool (dist/sim.js), which exists only in a source checkout: run `npm run build` there.', { retriable: false });
  }
  // Loaded at run time so the CLI bundle never contains test code.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  const sim = require(bundle) as SimModule;
  const pool = await sim.startDemoPool({ verbose });
  return {
    options: { uri: pool.uri, server: pool.server, transport: pool.transport, ca: pool.caFile },
    password: pool.password,
    stop: () => pool.stop(),
  };
}
