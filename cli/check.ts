/** `check [<path>…]`: validates session.md files, with `file:line` messages. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkSessionText } from '../core/session-md/check';
import type { CheckProblem } from '../core/session-md/check';
import type { Context } from './context';
import { ProblemError } from './errors';
import { sessionFiles } from './project';

/** The session.md files under a path (a file is taken as it is). */
const filesUnder = (path: string): string[] => {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new ProblemError(`${path}: no such file or folder.`);
  }
  if (!stat.isDirectory()) return [path];
  const found: string[] = [];
  const stack = [path];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.name === 'session.md') found.push(full);
    }
  }
  return found.sort();
};

/** Returns the exit code: 1 when any file has an error. */
export const check = (ctx: Context, paths: string[]): number => {
  const files =
    paths.length > 0
      ? paths.flatMap((p) => filesUnder(resolve(ctx.cwd, p)))
      : sessionFiles(ctx.project()).map((f) => f.path);
  const results: Array<{ path: string; problems: CheckProblem[] }> = files.map((path) => ({
    path,
    problems: checkSessionText(readFileSync(path, 'utf8')),
  }));
  const errors = results.reduce(
    (n, r) => n + r.problems.filter((p) => p.severity === 'error').length,
    0,
  );
  if (ctx.json) {
    ctx.printJson({
      ok: errors === 0,
      files: results.map((r) => ({ path: r.path, problems: r.problems })),
    });
  } else {
    for (const r of results) {
      const shown = relative(ctx.cwd, r.path) || r.path;
      for (const p of r.problems)
        ctx.print(`${shown}:${p.line}: ${p.severity}: ${p.message} [${p.type}]`);
    }
    const warnings = results.reduce((n, r) => n + r.problems.length, 0) - errors;
    ctx.warn(
      `${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
    );
  }
  return errors > 0 ? 1 : 0;
};
