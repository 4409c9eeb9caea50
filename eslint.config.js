// Lint rules: typescript-eslint's recommended set (syntax only: no type information is read),
// Solid's reactivity rules, and the directions imports may run in (docs/architecture.md,
// "Imports run one way"; test/node/import-directions.test.ts shows each rule failing).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import solid from 'eslint-plugin-solid/configs/typescript';
import globals from 'globals';

/** Worker code never reaches into the page or the command line. */
const notPageOrCli = {
  regex: '^(\\.\\./)+(src|cli)/',
  message: 'workers/ imports nothing of the page or the command line.',
};

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
    // The page reaches the worker only through its API's types, the worker entry (to start
    // it) and the notice mirror's format; it shares core/ and never the command line.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)workers/(?!db\\.worker\\.ts\\?worker$|notice-mirror$)',
              allowTypeImports: true,
              message:
                'src/ imports only types from workers/ (and the worker entry, notice-mirror).',
            },
            { regex: '(^|/)cli/', message: 'src/ never imports the command line.' },
          ],
        },
      ],
    },
  },
  {
    // Worker code never reaches into the page or the command line.
    files: ['workers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [notPageOrCli] }] },
  },
  {
    // Domain rules run on the database alone: never the sync engine, modes, the folder or
    // the API built on top of them.
    files: ['workers/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            notPageOrCli,
            {
              regex: '^\\.\\./(sync|modes|folder|api|tabs|import|export)(/|$)',
              message: 'domain/ never imports sync/, modes/, folder/ or the API layers above it.',
            },
            {
              regex: '^\\.\\./(service|db\\.worker)$',
              message: 'domain/ never imports the API layers above it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The database layer knows nothing of the app: only its own files, core's Result and
    // wa-sqlite.
    files: ['workers/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\./core/)',
              message: 'db/ imports nothing of the app (its own files and core/ only).',
            },
          ],
        },
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
