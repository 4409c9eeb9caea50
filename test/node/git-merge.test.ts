/**
 * The merge driver in real git repositories (temp folders): two branches change different
 * tasks of one session.md and merge cleanly with it — and conflict without it; a same-field
 * change conflicts with markers around that task only; rebase and cherry-pick use it too.
 * The property test runs the driver's merge (mergeSessionTexts, the function the driver
 * calls) on 200 random branch pairs in-process: 200 git merges would take minutes here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addTask, findTask, updateTask } from '../../core/session-md/edit';
import { mergeSessionTexts } from '../../core/session-md/merge-files';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import type { SessionDoc } from '../../core/session-md/session-doc';
import { cli, ok, read, tempDir } from './support/cli';
import { sampleDoc } from './sync-fixtures';

const relPath = '.task_orchestrator/sessions/session_ab12cd34/session.md';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const gitStatus = (cwd: string, ...args: string[]) =>
  spawnSync('git', args, { cwd, encoding: 'utf8' }).status;

/** A repository with the sample session committed on main, and the driver set up or not. */
const repo = (withDriver: boolean): { dir: string; file: string } => {
  const dir = tempDir('so-git-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'user.name', 'Test');
  const file = join(dir, relPath);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, renderSessionMarkdown(sampleDoc()));
  if (withDriver) ok(dir, 'git-setup');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'plan');
  return { dir, file };
};

const doc = (file: string): SessionDoc => parseSessionMarkdown(read(file)).doc;

/** Commits `edit` of the session file on a new branch from main. */
const branch = (dir: string, file: string, name: string, edit: (d: SessionDoc) => SessionDoc) => {
  git(dir, 'checkout', '-q', '-b', name, 'main');
  writeFileSync(file, renderSessionMarkdown(edit(doc(file))));
  git(dir, 'commit', '-qam', name);
};

const ours = (d: SessionDoc) =>
  updateTask(updateTask(d, 'task_parser', { status: 'completed' }), 'task_render', {
    title: 'Write the renderer twice',
  });
const theirs = (d: SessionDoc) => {
  const moved = updateTask(d, 'task_loose', { status: 'completed' });
  const readme = findTask(moved, 'task_readme');
  const withMove = {
    ...moved,
    tasks: moved.tasks.map((t) =>
      t === readme ? { ...t, task_group: 'group_backend', position_in_group: 9 } : t,
    ),
  };
  return addTask(withMove, { title: 'Added on the other branch', group: 'Docs' }, 'task_added').doc;
};

const expectBothSides = (file: string) => {
  const merged = doc(file);
  expect(findTask(merged, 'task_parser').status).toBe('completed');
  expect(findTask(merged, 'task_render').title).toBe('Write the renderer twice');
  expect(findTask(merged, 'task_loose').status).toBe('completed');
  expect(findTask(merged, 'task_readme').task_group).toBe('group_backend');
  expect(findTask(merged, 'task_added').task_group).toBe('group_docs');
};

describe('git merge driver', { timeout: 180_000 }, () => {
  it('git-setup is idempotent and --check tells whether it is installed', () => {
    const dir = tempDir('so-git-');
    git(dir, 'init', '-q');
    expect(cli(dir, ['git-setup', '--check']).code).toBe(1);
    ok(dir, 'git-setup');
    ok(dir, 'git-setup');
    expect(read(join(dir, '.gitattributes'))).toBe(
      '**/.task_orchestrator/sessions/*/session.md merge=session-orchestrator\n',
    );
    expect(git(dir, 'config', '--get', 'merge.session-orchestrator.driver')).toMatch(
      /merge %O %A %B %P %L\n$/,
    );
    expect(ok(dir, 'git-setup', '--check')).toMatch(/^Installed: /);
  });

  it('merges two branches that change different tasks; without it, git conflicts', () => {
    for (const withDriver of [true, false]) {
      const { dir, file } = repo(withDriver);
      branch(dir, file, 'a', ours);
      branch(dir, file, 'b', theirs);
      git(dir, 'checkout', '-q', 'a');
      const status = gitStatus(dir, 'merge', '-q', '--no-edit', 'b');
      if (!withDriver) {
        // The progress line and neighbouring task lines changed on both sides.
        expect(status).toBe(1);
        expect(read(file)).toContain('<<<<<<<');
        continue;
      }
      expect(status).toBe(0);
      expectBothSides(file);
      expect(cli(dir, ['check']).code).toBe(0);
      expect(read(file)).toContain('- **Progress:** 3/7 tasks completed (43%)');
    }
  });

  it('a same-field conflict exits 1 with markers around only that task', () => {
    const { dir, file } = repo(true);
    branch(dir, file, 'a', (d) =>
      updateTask(updateTask(d, 'task_parser', { title: 'Ours' }), 'task_loose', {
        status: 'completed',
      }),
    );
    branch(dir, file, 'b', (d) => updateTask(d, 'task_parser', { title: 'Theirs' }));
    git(dir, 'checkout', '-q', 'a');
    expect(gitStatus(dir, 'merge', '-q', '--no-edit', 'b')).toBe(1);
    const lines = read(file).split('\n');
    const start = lines.findIndex((l) => l.startsWith('<<<<<<<'));
    expect(lines.filter((l) => l.startsWith('<<<<<<<'))).toHaveLength(1);
    expect(lines.slice(start + 1, start + 4)).toEqual([
      '- [ ] Ours `in progress` `@backend` `est:2h` `actual:1.5h` `due:2026-12-10` <!-- id:task_parser -->',
      '=======',
      '- [ ] Theirs `in progress` `@backend` `est:2h` `actual:1.5h` `due:2026-12-10` <!-- id:task_parser -->',
    ]);
    expect(lines[start + 4]).toMatch(/^>>>>>>> /);
    expect(lines).toContain('- [x] Triage inbox <!-- id:task_loose -->');
    const check = cli(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      new RegExp(`session.md:${start + 1}: error: Git conflict markers`),
    );
  });

  it('rebase and cherry-pick use the driver too', () => {
    const { dir, file } = repo(true);
    branch(dir, file, 'a', ours);
    branch(dir, file, 'b', theirs);
    expect(gitStatus(dir, 'rebase', '-q', 'a')).toBe(0);
    expectBothSides(file);
    const second = repo(true);
    branch(second.dir, second.file, 'a', ours);
    branch(second.dir, second.file, 'b', theirs);
    git(second.dir, 'checkout', '-q', 'a');
    expect(gitStatus(second.dir, 'cherry-pick', 'b')).toBe(0);
    expectBothSides(second.file);
  });
});

describe('the driver merge on random branch pairs', { timeout: 180_000 }, () => {
  type Op =
    | { kind: 'status'; task: number; status: 'completed' | 'blocked' | 'pending' }
    | { kind: 'title'; task: number; title: string }
    | { kind: 'add'; group: number; title: string };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant('status' as const),
      task: fc.nat(5),
      status: fc.constantFrom('completed' as const, 'blocked' as const, 'pending' as const),
    }),
    fc.record({
      kind: fc.constant('title' as const),
      task: fc.nat(5),
      title: fc.stringMatching(/^[A-Za-z][a-z ]{0,12}[a-z]$/),
    }),
    fc.record({
      kind: fc.constant('add' as const),
      group: fc.nat(2),
      title: fc.stringMatching(/^[A-Za-z][a-z ]{0,12}[a-z]$/),
    }),
  );
  const base = renderSessionMarkdown(sampleDoc());
  const baseDoc = parseSessionMarkdown(base).doc;
  const apply = (ops: Op[], side: string): SessionDoc =>
    ops.reduce((d, op, i) => {
      if (op.kind === 'add') {
        return addTask(
          d,
          { title: op.title, group: d.groups[op.group]!.group_id },
          `task_${side}${i}`,
        ).doc;
      }
      const id = baseDoc.tasks[op.task]!.task_id;
      return updateTask(d, id, op.kind === 'status' ? { status: op.status } : { title: op.title });
    }, baseDoc);

  it('never loses a change of either side when the merge is clean', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 5 }), fc.array(opArb, { maxLength: 5 }), (a, b) => {
        const oursDoc = apply(a, 'a');
        const theirsDoc = apply(b, 'b');
        const result = mergeSessionTexts(
          base,
          renderSessionMarkdown(oursDoc),
          renderSessionMarkdown(theirsDoc),
        );
        const merged = parseSessionMarkdown(result.kind === 'unreadable' ? '' : result.text);
        if (result.kind !== 'clean') {
          expect(result.kind).toBe('conflict');
          expect(merged.hasConflict).toBe(true);
          return;
        }
        expect(merged.problems.filter((p) => p.severity === 'error')).toEqual([]);
        for (const side of [oursDoc, theirsDoc]) {
          for (const task of side.tasks) {
            const before = baseDoc.tasks.find((t) => t.task_id === task.task_id);
            const after = findTask(merged.doc, task.task_id);
            if (!before || before.status !== task.status) expect(after.status).toBe(task.status);
            if (!before || before.title !== task.title) expect(after.title).toBe(task.title);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
