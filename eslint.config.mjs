// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    // The scripts (scripts/, esbuild.mjs, this file): plain JavaScript for Node, typed with JSDoc and
    // type-checked by scripts/tsconfig.json (npm run typecheck).
    files: ['scripts/**/*.{mjs,cjs}', '*.mjs'],
    languageOptions: { globals: globals.node },
    rules: {
      ...js.configs.recommended.rules,
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', parserOptions: { ecmaFeatures: { globalReturn: true } } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // src/sip: no VS Code; it alone may import sip.js.
    files: ['src/sip/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }],
        patterns: [{ group: ['**/simulator/**', '**/test/**'], message: 'The product never imports the simulator or the tests.' }],
      }],
    },
  },
  {
    // Only src/extension may talk to VS Code; nothing above src/sip sees sip.js (SipStack's typed operations instead).
    files: ['src/common/**/*.ts', 'src/endpoint/**/*.ts', 'src/persistentChat/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'Only src/extension may import vscode.' },
          { name: 'sip.js', message: 'Only src/sip imports sip.js: use SipStack\'s operations (send, openDialog, SipDialog).' },
        ],
        patterns: [
          { group: ['**/simulator/**', '**/test/**'], message: 'The product never imports the simulator or the tests.' },
          { group: ['sip.js/*'], message: 'Only src/sip imports sip.js.' },
        ],
      }],
    },
  },
  {
    // The extension may import vscode, but never the simulator, the tests or sip.js.
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'sip.js', message: 'Only src/sip imports sip.js.' }],
        patterns: [
          { group: ['**/simulator/**', '**/test/**'], message: 'The product never imports the simulator or the tests.' },
          { group: ['sip.js/*'], message: 'Only src/sip imports sip.js.' },
        ],
      }],
    },
  },
  {
    // The room editor's page runs in the webview: no VS Code API, no Node, only the page and its protocol.
    files: ['src/extension/rooms/page/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['vscode', 'node:*', 'crypto', 'fs', 'path', 'sip.js', 'sip.js/*', '**/simulator/**', '**/test/**'], message: 'The page runs in the webview: it imports only page code and ../roomProtocol.' }],
      }],
    },
  },
);
