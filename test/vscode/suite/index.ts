/**
 * Test index loaded by the extension host (extensionTestsPath): the standard mocha runner used with
 * @vscode/test-electron, here run by test/vscode/runner inside code-server's extension host.
 */
import { readdirSync } from 'fs';
import { join } from 'path';
import Mocha from 'mocha';
import { TestEnv } from '../shared/uiProtocol';
import { stopTrackingInvitationNotices } from './helpers/notices';
import { stopAnsweringPasswordBox } from './helpers/passwordBox';
import { stopSharedPool } from './helpers/pool';

/** Every compiled *.test.js below this folder, sorted for a stable order. */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(path);
      return entry.name.endsWith('.test.js') ? [path] : [];
    })
    .sort();
}

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}

/** Runs every *.test.js below `dir` in this extension host (also the index of test/vscode/reach). */
export function runTestsIn(dir: string): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env[TestEnv.color] === '1',
    // A guard against a hang, not a measure: tests wait on states (bounded), never on elapsed time,
    // and a loaded 2-core machine must not turn a slow pass into a failure.
    timeout: 60_000,
    grep: process.env[TestEnv.grep] || undefined,
  });
  for (const file of testFiles(dir)) mocha.addFile(file);
  // The simulated pool the files share (helpers/pool.ts) lives in this process: stop it at the end.
  mocha.suite.afterAll('stop the simulated Lync pool', async () => {
    stopTrackingInvitationNotices();
    await stopAnsweringPasswordBox();
    await stopSharedPool();
  });
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
