/**
 * The directions imports may run in (docs/architecture.md) are lint rules: each import against
 * the direction fails `npm run lint`, the same import the other way passes. Runs the project's
 * real ESLint configuration on small pieces of code placed where the rule applies.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The messages of the import rules for `code` as if it were the file at `filePath`. */
async function importProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const x = y;\n`, { filePath });
  return result!.messages
    .filter((m) => /no-restricted-imports/.test(m.ruleId ?? ''))
    .map((m) => m.message);
}

describe('import directions', () => {
  it.each([
    ['src/app/x.ts', "import { y } from '../../workers/domain/tasks';", /only types from workers/],
    ['src/app/x.ts', "import { y } from '../../workers/result';", /only types from workers/],
    ['src/app/x.ts', "import { y } from '../../cli/main';", /command line/],
    ['workers/domain/x.ts', "import { y } from '../sync/engine';", /never imports sync/],
    ['workers/domain/x.ts', "import { y } from '../modes/store';", /never imports sync/],
    ['workers/domain/x.ts', "import { y } from '../api';", /API layers/],
    ['workers/db/x.ts', "import { y } from '../result';", /nothing of the app/],
    ['workers/db/x.ts', "import { y } from '../domain/tasks';", /nothing of the app/],
    ['workers/sync/x.ts', "import { y } from '../../src/app/views';", /nothing of the page/],
    ['core/x.ts', "import { y } from '../workers/db/sqlite';", /nothing of the app/],
    ['core/x.ts', "import { y } from 'node:fs';", /no Node, browser or database API/],
  ])('%s: %s is refused', async (filePath, code, message) => {
    const problems = await importProblems(filePath, code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each([
    ['src/app/x.ts', "import type { y } from '../../workers/api';"],
    ['src/app/x.ts', "import { y } from '../../core/lifecycle';"],
    ['src/data/x.ts', "import { y } from '../../workers/notice-mirror';"],
    ['src/data/x.ts', "import y from '../../workers/db.worker.ts?worker';"],
    ['workers/domain/x.ts', "import { y } from '../db/sqlite';"],
    ['workers/domain/x.ts', "import { y } from '../../core/model';"],
    ['workers/db/x.ts', "import { y } from '../../core/result';"],
    ['workers/sync/x.ts', "import { y } from '../domain/tasks';"],
  ])('%s: %s is allowed', async (filePath, code) => {
    expect(await importProblems(filePath, code)).toEqual([]);
  });
});
