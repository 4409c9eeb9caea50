/**
 * git integration: the merge driver git runs for session.md (`merge %O %A %B %P %L`), and
 * `git-setup`, which installs it for a repository — the `.gitattributes` line (committed, so
 * everyone's git picks the driver for these files) and the `merge.<name>.driver` entry of the
 * repository's own config (local: each clone runs its own copy of the command).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeSessionTexts } from '../core/session-md/merge-files';
import type { Context } from './context';
import { ProblemError, UsageError } from './errors';

export const driverName = 'session-orchestrator';
export const attributesLine = `**/.task_orchestrator/sessions/*/session.md merge=${driverName}`;

const readText = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');

/**
 * git calls this with the three versions in temp files; the result goes to `ours`. A version
 * that cannot be merged per task (conflict markers from an earlier merge, a parser failure)
 * falls back to git's own line merge, so the driver never does worse than no driver.
 */
export const mergeDriver = (
  ctx: Context,
  [base, ours, theirs, path, size]: string[],
  values: Record<string, string | boolean | undefined>,
): number => {
  const markerSize = size !== undefined ? Number(size) : 7;
  if (!Number.isInteger(markerSize) || markerSize < 1) {
    throw new UsageError(`The marker size must be a whole number: "${size}".`);
  }
  const name = path ?? ours!;
  const labels = {
    ours: (values['ours-label'] as string | undefined) ?? 'ours',
    theirs: (values['theirs-label'] as string | undefined) ?? 'theirs',
    markerSize,
  };
  const result = mergeSessionTexts(
    readText(base!),
    readFileSync(ours!, 'utf8'),
    readText(theirs!),
    labels,
  );
  if (result.kind === 'unreadable') {
    ctx.warn(
      `${name}: the ${result.side} version cannot be merged per task (line ${result.line}: ${result.message}); merging lines instead.`,
    );
    try {
      execFileSync(
        'git',
        [
          'merge-file',
          `--marker-size=${markerSize}`,
          '-L',
          labels.ours,
          '-L',
          'base',
          '-L',
          labels.theirs,
          ours!,
          base!,
          theirs!,
        ],
        { stdio: 'ignore' },
      );
      return 0;
    } catch {
      return 1;
    }
  }
  writeFileSync(ours!, result.text);
  if (result.kind === 'clean') return 0;
  const count = result.conflicts.length + result.extrasConflicts;
  ctx.warn(
    `${name}: ${count} conflict${count === 1 ? '' : 's'} (the same field changed on both sides); marked around the task lines concerned.`,
  );
  return 1;
};

const git = (cwd: string, args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const gitOrNull = (cwd: string, args: string[]): string | null => {
  try {
    return git(cwd, args);
  } catch {
    return null;
  }
};

/** How git should start this program: node and this very file, by full path. */
const defaultCommand = (): string => `"${process.execPath}" "${process.argv[1]}"`;

export const gitSetup = (
  ctx: Context,
  values: Record<string, string | boolean | undefined>,
): number => {
  const top = gitOrNull(ctx.cwd, ['rev-parse', '--show-toplevel']);
  if (top == null) throw new ProblemError(`${ctx.cwd} is not inside a git repository.`);
  const attributesPath = join(top, '.gitattributes');
  const attributes = readText(attributesPath);
  const hasLine = attributes.split(/\r?\n/).some((line) => line.trim() === attributesLine);
  const driver = gitOrNull(top, ['config', '--get', `merge.${driverName}.driver`]);
  const command = `${(values.command as string | undefined) ?? defaultCommand()} merge %O %A %B %P %L`;

  if (values.check) {
    const problems: string[] = [];
    if (!hasLine) problems.push(`.gitattributes lacks the line: ${attributesLine}`);
    if (driver == null) problems.push(`git config has no merge.${driverName}.driver`);
    if (ctx.json) ctx.printJson({ installed: problems.length === 0, problems, driver });
    else if (problems.length === 0) ctx.print(`Installed: ${driver}`);
    else for (const p of problems) ctx.print(p);
    return problems.length === 0 ? 0 : 1;
  }
  if (!hasLine) {
    const separator = attributes === '' || attributes.endsWith('\n') ? '' : '\n';
    writeFileSync(attributesPath, `${attributes}${separator}${attributesLine}\n`);
  }
  git(top, ['config', `merge.${driverName}.name`, 'session.md, merged per task and field']);
  git(top, ['config', `merge.${driverName}.driver`, command]);
  if (ctx.json) ctx.printJson({ installed: true, attributes: attributesPath, driver: command });
  else {
    ctx.print(`${hasLine ? 'Kept' : 'Added'} in ${attributesPath}: ${attributesLine}`);
    ctx.print(`git config merge.${driverName}.driver: ${command}`);
    if (!hasLine) ctx.print('Commit .gitattributes so every clone merges session.md per task.');
  }
  return 0;
};
