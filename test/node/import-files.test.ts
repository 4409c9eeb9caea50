// Plans from files other than one markdown checklist: todo.txt, a Backlog.md task folder,
// Task Master's tasks.json (tagged), and a picked folder with more in it. Fixtures are ours,
// written in the shape of each tool's files. Also: no reader throws, and each stays linear.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFromFiles, type PlanFile } from '../../core/import/plan-files';
import type { Plan, PlanResult, PlanTask } from '../../core/import/plan-model';

const dir = new URL('../fixtures/formats/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, dir), 'utf8');

function planOf(result: PlanResult): Plan {
  if (!result.ok) throw new Error(`${result.error.type}: ${result.error.message}`);
  return result.plan;
}

const byTitle = (plan: Plan, title: string): PlanTask => {
  const task = plan.tasks.find((t) => t.title === title);
  if (!task) throw new Error(`no task "${title}" in ${plan.tasks.map((t) => t.title).join(' | ')}`);
  return task;
};
const groupOf = (plan: Plan, task: PlanTask) =>
  plan.groups.find((g) => g.key === task.groupKey)?.name;
const titlesOf = (plan: Plan, keys: readonly string[] | undefined) =>
  (keys ?? []).map((key) => plan.tasks.find((t) => t.key === key)?.title);

describe('todo.txt', () => {
  const plan = planOf(planFromFiles([{ path: 'todo.txt', text: read('todo.txt') }]));

  it('is recognised: x is done, +project the group, @context the specialist', () => {
    expect(plan.format).toBe('todo-txt');
    expect(plan.name).toBe('todo');
    expect(plan.counts).toEqual({ groups: 3, tasks: 7, done: 2, maxDepth: 1 });
    expect(plan.groups.map((g) => g.name)).toEqual(['Travel', 'Home', 'Ungrouped']);
    const passport = byTitle(plan, 'Renew the passport');
    expect(passport).toMatchObject({ priority: 1, specialist: 'town', dueDate: '2026-03-20' });
    expect(passport.description).toBe('(A) created 2026-03-01');
    expect(groupOf(plan, passport)).toBe('Travel');
    expect(byTitle(plan, 'Book the ferry tickets').scheduledDate).toBe('2026-03-05');
    expect(byTitle(plan, 'Ask Sam to feed the cat')).toMatchObject({
      status: 'completed',
      completedAt: '2026-03-02',
      specialist: 'phone',
    });
    expect(byTitle(plan, 'Fix the dripping tap').completedAt).toBe('2026-03-03');
  });

  it('keeps what has no field in the title', () => {
    expect(groupOf(plan, byTitle(plan, 'Call the bank about the card rec:1m'))).toBe('Ungrouped');
    expect(groupOf(plan, byTitle(plan, 'Sort the photo archive +Hobby'))).toBe('Home');
  });

  it('reads back the hierarchy and dependencies our export writes', () => {
    const text = [
      'Plan the trip +Travel id:a1',
      'Book rooms +Travel id:a2 parent:a1 dep:a3',
      'x 2026-03-04 Pick dates +Travel id:a3 parent:a1 status:done',
      'Pay the deposit +Travel id:a4 parent:a2 status:in_progress est:1.5h',
    ].join('\n');
    const back = planOf(planFromFiles([{ path: 'trip.todo.txt', text }]));
    expect(back.tasks.map((t) => `${t.level} ${t.status} ${t.title}`)).toEqual([
      '0 pending Plan the trip',
      '1 pending Book rooms',
      '2 in_progress Pay the deposit',
      '1 completed Pick dates',
    ]);
    expect(titlesOf(back, byTitle(back, 'Book rooms').dependsOn)).toEqual(['Pick dates']);
    expect(byTitle(back, 'Pay the deposit').estimatedEffortHours).toBe(1.5);
  });
});

describe('a Backlog.md folder', () => {
  const files: PlanFile[] = [
    ...readdirSync(new URL('backlog/tasks/', dir)).map((name) => ({
      path: `parser-kit/backlog/tasks/${name}`,
      text: read(`backlog/tasks/${name}`),
    })),
    { path: 'parser-kit/backlog/config.yml', text: read('backlog/config.yml') },
  ];
  const plan = planOf(planFromFiles(files));

  it('is recognised: one task a file, milestones as groups, parents as subtasks', () => {
    expect(plan.format).toBe('backlog-md');
    expect(plan.name).toBe('parser-kit');
    expect(plan.tasks.map((t) => `${t.level} ${t.ref} ${t.status} ${t.title}`)).toEqual([
      '0 task-1 completed Set up the build',
      '0 task-2 in_progress Write the parser',
      '1 task-2.1 pending Parser error messages',
      '0 task-10 pending Publish the docs',
    ]);
    expect(plan.groups.map((g) => g.name)).toEqual(['First release', 'Ungrouped']);
    expect(groupOf(plan, byTitle(plan, 'Parser error messages'))).toBe('First release');
    expect(plan.counts).toMatchObject({ tasks: 4, done: 1, maxDepth: 2 });
  });

  it('maps dependencies and keeps one it cannot find, and the config file, by name', () => {
    expect(titlesOf(plan, byTitle(plan, 'Write the parser').dependsOn)).toEqual([
      'Set up the build',
    ]);
    expect(titlesOf(plan, byTitle(plan, 'Publish the docs').dependsOn)).toEqual([
      'Write the parser',
    ]);
    expect(byTitle(plan, 'Publish the docs').description).toContain(
      'dependencies: task-2, task-99 (not found in this plan)',
    );
    expect(plan.notes).toContain('parser-kit/backlog/config.yml');
  });

  it('keeps the body and the other front matter in the description', () => {
    const build = byTitle(plan, 'Set up the build');
    expect(build.priority).toBe(2);
    expect(build.description).toContain("assignee:\n  - '@rin'\ncreated_date: '2026-02-01 09:30'");
    expect(build.description).toContain('priority: high');
    expect(build.description).toContain('One command builds and tests the whole project.');
    expect(build.description).toContain('- [x] #1 The build runs on a clean checkout');
    expect(build.description).not.toContain('SECTION:DESCRIPTION');
  });

  it('keeps a task whose front matter is broken, with the whole file', () => {
    const broken = planOf(
      planFromFiles([
        ...files,
        {
          path: 'parser-kit/backlog/tasks/task-3 - Bad.md',
          text: '---\nid: task-3\ntitle: [oops\n---\nBody\n',
        },
      ]),
    );
    const bad = broken.tasks.find((t) => t.title === 'task-3 - Bad');
    expect(bad?.description).toContain('the front matter could not be read');
    expect(bad?.description).toContain('title: [oops');
  });
});

describe("Task Master's tasks.json", () => {
  const plan = planOf(
    planFromFiles([
      { path: 'shop/.taskmaster/tasks/tasks.json', text: read('taskmaster/tasks.json') },
    ]),
  );

  it('is recognised, tags as groups, subtasks nested, statuses mapped', () => {
    expect(plan.format).toBe('task-master');
    expect(plan.name).toBe('shop');
    expect(plan.groups.map((g) => g.name)).toEqual(['master', 'feature-export']);
    expect(plan.tasks.map((t) => `${t.level} ${t.ref} ${t.status} ${t.title}`)).toEqual([
      '0 master/1 completed Set up the repository',
      '0 master/2 in_progress Build the sign-in page',
      '1 master/2.1 completed Lay out the form',
      '1 master/2.2 pending Validate the fields',
      '0 master/3 pending Write the release notes',
      '0 feature-export/1 in_progress Export to CSV',
    ]);
    expect(plan.counts).toMatchObject({ tasks: 6, done: 2, maxDepth: 2 });
  });

  it('maps dependencies, subtask numbers naming siblings', () => {
    expect(titlesOf(plan, byTitle(plan, 'Build the sign-in page').dependsOn)).toEqual([
      'Set up the repository',
    ]);
    expect(titlesOf(plan, byTitle(plan, 'Validate the fields').dependsOn)).toEqual([
      'Lay out the form',
    ]);
  });

  it('keeps details, test strategy, priority and unmapped statuses in the description', () => {
    expect(byTitle(plan, 'Set up the repository').description).toBe(
      'Create the repository and the first commit.\n\nDetails:\nUse the default branch name main.\n\nTest strategy:\nClone it on a second machine.\n\n{"priority":"high"}',
    );
    expect(byTitle(plan, 'Write the release notes').description).toContain('"status":"deferred"');
    expect(plan.notes).toContain('"Tasks for the master context"');
  });

  it('reads the untagged form too', () => {
    const flat = planOf(
      planFromFiles([
        {
          path: 'tasks.json',
          text: JSON.stringify({ tasks: [{ id: 1, title: 'Only', status: 'done' }] }),
        },
      ]),
    );
    expect(flat.tasks.map((t) => [t.title, t.status])).toEqual([['Only', 'completed']]);
  });

  it('says clearly when the JSON is broken or not a task list', () => {
    const broken = planFromFiles([{ path: 'tasks.json', text: '{"tasks": [' }]);
    expect(broken.ok ? 'ok' : broken.error.type).toBe('ParseFailed');
    const other = planFromFiles([{ path: 'package.json', text: '{"name": "x"}' }]);
    expect(other.ok ? 'ok' : other.error.message).toContain('no "tasks" list');
  });
});

describe('a picked folder', () => {
  it("takes a spec folder's tasks.md and names the other files in the notes", () => {
    const plan = planOf(
      planFromFiles([
        { path: '.kiro/specs/booking/requirements.md', text: '# Requirements\n\n- [ ] not this\n' },
        { path: '.kiro/specs/booking/design.md', text: '# Design\n' },
        { path: '.kiro/specs/booking/tasks.md', text: read('kiro-tasks.md') },
      ]),
    );
    expect(plan.format).toBe('kiro');
    expect(plan.counts.tasks).toBe(9);
    expect(plan.notes).toContain('.kiro/specs/booking/requirements.md');
  });

  it('asks for one file when several plans were chosen', () => {
    const result = planFromFiles([
      { path: 'a.md', text: '- [ ] a\n' },
      { path: 'b.md', text: '- [ ] b\n' },
    ]);
    expect(result.ok ? 'ok' : result.error.message).toContain('choose one of them');
  });
});

describe('arbitrary input', () => {
  const expectSane = (result: PlanResult): void => {
    if (!result.ok) {
      expect(['NoTaskList', 'TooLarge', 'ParseFailed']).toContain(result.error.type);
      return;
    }
    const keys = new Set<string>();
    for (const task of result.plan.tasks) {
      if (task.parentKey !== null) expect(keys.has(task.parentKey)).toBe(true);
      for (const dep of task.dependsOn ?? []) expect(dep).not.toBe(task.key);
      keys.add(task.key);
    }
    expect(result.plan.counts.tasks).toBe(result.plan.tasks.length);
  };

  it('never throws on todo.txt-shaped text', () => {
    const word = fc.constantFrom(
      'x',
      '(A)',
      '2026-01-02',
      '2026-13-40',
      '+p',
      '@c',
      'due:2026-02-03',
      't:x',
      'id:1',
      'parent:1',
      'dep:1,2',
      'status:done',
      'est:2h',
      'word',
      '\n',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        expectSane(planFromFiles([{ path: 'todo.txt', text: words.join(' ') }]));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on Backlog.md-shaped files', () => {
    const line = fc.constantFrom(
      '---',
      'id: task-1',
      'id: task-2',
      'title: T',
      'title: [',
      'status: Done',
      'parent_task_id: task-1',
      'parent_task_id: task-2',
      'dependencies: [task-1, task-2]',
      'milestone: M',
      'ordinal: 3',
      '## Description',
      'text',
    );
    const file = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 4 }), (texts) => {
        expectSane(
          planFromFiles(texts.map((text, i) => ({ path: `backlog/tasks/task-${i}.md`, text }))),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on JSON of any shape', () => {
    fc.assert(
      fc.property(fc.json(), (json) => {
        expectSane(planFromFiles([{ path: 'tasks.json', text: json }]));
        expectSane(
          planFromFiles([
            { path: 'tasks.json', text: JSON.stringify({ tasks: [JSON.parse(json)] }) },
          ]),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('stays linear: 200 KB inputs of each kind import in well under the bound', () => {
    const todo = Array.from(
      { length: 5000 },
      (_, i) =>
        `(B) 2026-01-01 Task ${i} +G${i % 20} @c due:2026-02-01 id:${i} parent:${Math.floor(i / 2)}`,
    ).join('\n');
    // Built as text: JSON.stringify itself would overflow on 3,000 levels.
    let json = '{"id":1,"title":"leaf"}';
    for (let i = 0; i < 3000; i++)
      json = `{"id":1,"title":"level ${i}","dependencies":[1],"subtasks":[${json}]}`;
    json = `{"tasks":[${json}]}`;
    const backlog = Array.from({ length: 800 }, (_, i) => ({
      path: `backlog/tasks/task-${i}.md`,
      text: `---\nid: task-${i}\ntitle: T${i}\nparent_task_id: task-${i - 1}\ndependencies: [task-${i + 1}]\n---\n\n${'body '.repeat(40)}\n`,
    }));
    const started = Date.now();
    expect(planOf(planFromFiles([{ path: 'todo.txt', text: todo }])).counts.maxDepth).toBe(14);
    expect(planOf(planFromFiles([{ path: 'tasks.json', text: json }])).counts.maxDepth).toBe(3001);
    expect(planOf(planFromFiles(backlog)).counts.maxDepth).toBe(800);
    // Generous: quadratic work on these sizes takes minutes.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
