import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'scripts/**', '*.mjs', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Only src/extension may talk to VS Code.
    files: ['src/common/**/*.ts', 'src/sip/**/*.ts', 'src/endpoint/**/*.ts', 'src/persistentChat/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }],
        patterns: [{ group: ['**/simulator/**', '**/test/**'], message: 'The product never imports the simulator or the tests.' }],
      }],
    },
  },
  {
    // The extension may import vscode, but never the simulator or the tests.
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/simulator/**', '**/test/**'], message: 'The product never imports the simulator or the tests.' }] }],
    },
  },
);
