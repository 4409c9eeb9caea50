/**
 * The built command line, run as a child process on temp project folders: every command, the
 * `--json` shapes, exit codes, and what a write keeps (unknown text, CRLF, BOM, other lines).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { cli, cliAsync, ok, projectWith, read, sessionFile, tempDir } from './support/cli';
import { sampleDoc } from './sync-fixtures';

const sample = () => renderSessionMarkdown(sampleDoc());

/** Line numbers (1-based) where the two texts differ; they must have as many lines. */
const changedLineNumbers = (before: string, after: string): number[] => {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return b.flatMap((line, i) => (line === a[i] ? [] : [i + 1]));
};

describe('the command line: reading', { timeout: 180_000 }, () => {
  it('lists sessions, shows the tree, ready and next tasks, and searches', () => {
    const { dir } = projectWith(sample());
    const sub = join(dir, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    // Found from a folder below the project.
    expect(ok(sub, 'sessions')).toBe(
      'session_ab12cd34  active  1/6 done (17%)  Ship the sync codec',
    );
    expect(ok(sub, 'show', 'ship').split('\n')).toEqual([
      'Ship the sync codec  session_ab12cd34  active  1/6 done (17%)',
      'task_loose  [ ] Triage inbox',
      '## Backend  group_backend',
      '  task_parser  [~] Write the parser  @backend est:2h actual:1.5h due:2026-12-10',
      '    task_tests  [x] Parser tests  depends:task_parser',
      '  task_render  [ ] Write the renderer  complex',
      '  ## Database  group_db',
      '    task_schema  [!] Schema',
      '## Docs  group_docs',
      '  task_readme  [ ] Write the format doc',
    ]);
    expect(ok(dir, 'ready')).toContain('task_render  [ ] Write the renderer');
    expect(ok(dir, 'next')).toBe('task_loose  [ ] Triage inbox  (Ship the sync codec)');
    expect(ok(dir, 'search', 'PARSER', 'tests')).toBe(
      'task_tests  [x] Parser tests  depends:task_parser',
    );
    expect(ok(dir, 'search', 'nothing-like-it')).toBe('Nothing found.');
  });

  it('--json gives the documented, versioned shapes', () => {
    const { dir, file } = projectWith(sample());
    const sessions = JSON.parse(ok(dir, 'sessions', '--json'));
    expect(sessions).toEqual({
      version: 1,
      sessions: [
        {
          id: 'session_ab12cd34',
          name: 'Ship the sync codec',
          status: 'active',
          priority: 2,
          path: file,
          progress: { total: 6, completed: 1, percent: 17 },
        },
      ],
    });
    const show = JSON.parse(ok(dir, 'show', 'session_ab12cd34', '--json'));
    expect(show.version).toBe(1);
    expect(show.session).toMatchObject({
      id: 'session_ab12cd34',
      description: 'Render, parse and merge session.md.',
    });
    expect(show.groups[1]).toEqual({
      id: 'group_db',
      name: 'Database',
      parent: 'group_backend',
      specialist: null,
      description: 'Schema and queries.\n\nKeep migrations forward only.',
    });
    expect(show.tasks[1]).toEqual({
      id: 'task_parser',
      title: 'Write the parser',
      status: 'in_progress',
      group: 'group_backend',
      parent: null,
      specialist: 'backend',
      complexity: 'moderate',
      estimate_hours: 2,
      actual_hours: 1.5,
      depends_on: [],
      related: [],
      description: 'Line based.\nNever throws.',
      due: '2026-12-10',
      scheduled: null,
    });
    const ready = JSON.parse(ok(dir, 'ready', '--json'));
    expect(ready.tasks.map((t: { id: string }) => t.id)).toEqual([
      'task_loose',
      'task_parser',
      'task_render',
      'task_schema',
      'task_readme',
    ]);
    expect(ready.tasks[0].session).toBe('session_ab12cd34');
    expect(JSON.parse(ok(dir, 'next', '--json')).task.id).toBe('task_loose');
  });

  it('exit codes: 0 ok, 1 problem (named on stderr), 2 usage; --help for every command', async () => {
    const { dir } = projectWith(sample());
    const missing = cli(dir, ['done', 'task_nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('No task "task_nope" in any session.\n');
    const usage = cli(dir, ['add']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^Usage: session-orchestrator add <title>/);
    expect(cli(dir, ['edit', 'task_parser', '--bogus', 'x']).code).toBe(2);
    expect(cli(dir, ['add', 'x', '--est', 'soon']).code).toBe(2);
    expect(cli(dir, ['frobnicate']).code).toBe(2);
    const json = cli(dir, ['done', 'task_nope', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      version: 1,
      error: { message: 'No task "task_nope" in any session.', usage: false },
    });
    const nowhere = cli(tempDir(), ['sessions']);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/No \.task_orchestrator\/ folder here or above/);
    const overview = ok(dir, '--help');
    const names = [...overview.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!);
    expect(names).toHaveLength(18);
    const helps = await Promise.all(names.map((name) => cliAsync(dir, [name, '--help'])));
    helps.forEach((help, i) => {
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: session-orchestrator ${names[i]}`));
    });
    // A file with conflict markers is refused with its line, never written.
    const { dir: conflicted, file } = projectWith(
      sample().replace(
        '- [ ] Triage inbox',
        '<<<<<<< HEAD\n- [ ] Triage inbox\n=======\n- [x] Triage\n>>>>>>> b',
      ),
    );
    const before = read(file);
    const refused = cli(conflicted, ['done', 'task_readme']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/session\.md:16: Git conflict markers/);
    expect(read(file)).toBe(before);
  });
});

describe('the command line: writing', { timeout: 180_000 }, () => {
  it('new-session, add, start, done, block, reopen, edit, note', () => {
    const dir = tempDir();
    const id = ok(dir, 'new-session', 'Release 2.0', '--dir', '.');
    expect(id).toMatch(/^session_[a-z2-9]{10}$/);
    const parser = ok(dir, 'add', 'Write the parser', '--est', '2h', '--specialist', 'backend');
    expect(parser).toMatch(/^task_[a-z2-9]{10}$/);
    const tests = ok(dir, 'add', 'Test the parser', '--depends', parser, '--session', 'Release');
    const sub = ok(dir, 'add', 'Fuzz it', '--parent', tests.slice(0, 9));
    expect(ok(dir, 'ready')).not.toContain(tests);
    ok(dir, 'start', parser);
    ok(dir, 'done', parser);
    expect(ok(dir, 'next')).toContain(tests);
    ok(dir, 'block', sub);
    ok(dir, 'reopen', sub);
    ok(
      dir,
      'edit',
      tests,
      '--title',
      'Test it',
      '--complexity',
      'complex',
      '--est',
      '1.5',
      '--due',
      '2026-12-10',
    );
    expect(cli(dir, ['edit', tests, '--due', '2026-02-30']).stderr).toMatch(
      /not a day of the calendar/,
    );
    ok(dir, 'note', tests, 'Use', 'fast-check.');
    const added = JSON.parse(ok(dir, 'add', 'Docs', '--json'));
    expect(added.task).toMatchObject({ title: 'Docs', status: 'pending', session: id });
    const doc = parseSessionMarkdown(read(sessionFile(dir))).doc;
    expect(doc.session).toMatchObject({ session_id: id, name: 'Release 2.0', status: 'active' });
    expect(doc.tasks.map((t) => [t.task_id, t.title, t.status, t.parent_task_id])).toEqual([
      [parser, 'Write the parser', 'completed', null],
      [tests, 'Test it', 'pending', null],
      [sub, 'Fuzz it', 'pending', tests],
      [added.task.id, 'Docs', 'pending', null],
    ]);
    expect(doc.tasks[1]).toMatchObject({
      complexity_level: 'complex',
      estimated_effort: 1.5,
      depends_on: [parser],
      description: 'Use fast-check.',
      due_date: '2026-12-10',
    });
    expect(ok(dir, 'check')).toBe('');
  });

  it('changes only the touched task line and the progress line; keeps unknown text, CRLF and BOM', () => {
    const text = `\uFEFF${sample()
      .replace(
        '## Tasks\n\n',
        '## Tasks\n\nSome words the app does not know.\n\n| a | b |\n|---|---|\n\n',
      )
      .replace(/\n/g, '\r\n')}`;
    const { dir, file } = projectWith(text);
    ok(dir, 'done', 'task_readme');
    const after = readFileSync(file);
    expect([...after.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const written = after.toString('utf8');
    expect(written.replace(/\r\n/g, '')).not.toContain('\n');
    const lines = changedLineNumbers(text.replace(/\r\n/g, '\n'), written.replace(/\r\n/g, '\n'));
    const changed = lines.map((n) => written.split('\r\n')[n - 1]);
    expect(changed).toEqual([
      '- **Progress:** 2/6 tasks completed (33%)',
      '- [x] Write the format doc <!-- id:task_readme -->',
    ]);
  });

  it('keeps a hand-written layout around the touched task', () => {
    const text = sample()
      .replace(
        '- [ ] Triage inbox <!-- id:task_loose -->',
        '* [ ]   Triage inbox <!-- id:task_loose -->\n',
      )
      .replace('  - [x] Parser tests', '    - [x] Parser tests');
    const { dir, file } = projectWith(text);
    ok(dir, 'edit', 'task_loose', '--title', 'Triage the inbox');
    expect(changedLineNumbers(text, read(file)).map((n) => read(file).split('\n')[n - 1])).toEqual([
      '* [ ] Triage the inbox <!-- id:task_loose -->',
    ]);
  });

  it('a file changed between read and write is merged, not overwritten', () => {
    const { dir, file } = projectWith(sample());
    // The hook runs just before the write compares the file: another writer ticks a task.
    const other = join(dir, 'other-writer.mjs');
    writeFileSync(
      other,
      `import { readFileSync, writeFileSync } from 'node:fs';
const f = process.env.SESSION_FILE;
const t = readFileSync(f, 'utf8');
if (!t.includes('- [x] Triage inbox')) writeFileSync(f, t.replace('- [ ] Triage inbox', '- [x] Triage inbox'));
`,
    );
    const result = cli(dir, ['done', 'task_readme'], {
      env: { SESSION_ORCHESTRATOR_BEFORE_REPLACE: `"${process.execPath}" "${other}"` },
    });
    expect(result.code).toBe(0);
    const doc = parseSessionMarkdown(read(file)).doc;
    const status = (id: string) => doc.tasks.find((t) => t.task_id === id)!.status;
    expect(status('task_readme')).toBe('completed');
    expect(status('task_loose')).toBe('completed');
    expect(read(file)).toContain('- **Progress:** 3/6 tasks completed (50%)');
  });

  it('a same-field change between read and write writes nothing and says so', () => {
    const { dir, file } = projectWith(sample());
    const other = join(dir, 'other-writer.mjs');
    writeFileSync(
      other,
      `import { readFileSync, writeFileSync } from 'node:fs';
const f = process.env.SESSION_FILE;
writeFileSync(f, readFileSync(f, 'utf8').replace('Write the format doc', 'Their title'));
`,
    );
    const result = cli(dir, ['edit', 'task_readme', '--title', 'Our title'], {
      env: { SESSION_ORCHESTRATOR_BEFORE_REPLACE: `"${process.execPath}" "${other}"` },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/changed while this command ran.*nothing written/);
    expect(read(file)).toContain('Their title');
    expect(read(file)).not.toContain('Our title');
  });
});

describe('check', { timeout: 180_000 }, () => {
  it('reports problems as file:line messages and exits 1; a clean file exits 0', () => {
    const bad = sample()
      .replace('`related:task_parser`', '`related:task_parser` `depends:task_gone`')
      .replace('- [ ] Schema `blocked`', '- [ ] Schema `est:soon`');
    const { dir } = projectWith(bad);
    const result = cli(dir, ['check']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      '.task_orchestrator/sessions/session_ab12cd34/session.md:24: error: "Write the renderer" depends on task_gone, which is no task of this session. [UnknownDependency]',
      '.task_orchestrator/sessions/session_ab12cd34/session.md:32: error: Cannot read `est:soon`; it is kept as part of the title. [InvalidField]',
    ]);
    expect(result.stderr).toBe('1 file checked: 2 errors, 0 warnings.\n');
    const clean = projectWith(sample());
    expect(cli(clean.dir, ['check', clean.file]).code).toBe(0);
    expect(JSON.parse(cli(dir, ['check', '--json']).stdout).ok).toBe(false);
  });
});
