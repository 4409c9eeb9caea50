// Lint rules: typescript-eslint's type-aware recommended set, plus Solid's reactivity rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import solid from 'eslint-plugin-solid/configs/typescript';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'dist-cli', 'node_modules', 'coverage', 'dev-dist', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // core/ is the pure session.md and plan code shared by the worker and the command line:
    // no app layer, no database, no browser or Node API.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/workers/**', '**/src/**', '**/cli/**'],
              message: 'core/ imports nothing of the app.',
            },
            {
              group: ['node:*', '@journeyapps/*', 'comlink', 'solid-js', 'solid-js/*'],
              message: 'core/ uses no Node, browser or database API.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'self',
        'indexedDB',
        'fetch',
        'process',
        'Buffer',
        'localStorage',
      ],
    },
  },
  {
    // The command line runs in Node on the files alone: core/ and Node, never the app.
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/workers/**', '**/src/**'],
              message: 'cli/ uses core/ only, never the app or its worker.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/*.ts'],
    ...solid,
    rules: { ...solid.rules, 'solid/reactivity': 'error' },
  },
);
