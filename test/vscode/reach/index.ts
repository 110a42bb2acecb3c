/**
 * Test index of the reach suite (extensionTestsPath under test/vscode/runner/reach.ts): the files
 * of this folder, in an extension host that runs inside a network namespace of its own.
 */
import { runTestsIn } from '../suite/index';

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}
