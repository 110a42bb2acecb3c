// The extension-host suite under desktop VS Code, for machines that can download it:
//   npm run build && npm run compile-tests && npx vscode-test
// (Offline CI runs the same compiled suite in code-server instead: npm run test:vscode.)
// Tests that look at the workbench page need the harness's UI bridge; here they are skipped
// (and fail under CI=true, where a skipped assertion must not pass silently).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'extension-host',
  files: 'out/test/vscode/suite/**/*.test.js',
  // The oldest VS Code the manifest accepts (engines.vscode); use 'stable' to try the newest.
  version: '1.90.0',
  extensionDevelopmentPath: '.',
  mocha: { ui: 'bdd', timeout: 20000 },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
});
