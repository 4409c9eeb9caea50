/**
 * Builders for session docs used by the sync codec tests: small readable docs, large
 * generated ones, and a fast-check arbitrary for whole docs.
 */
import fc from 'fast-check';
import { complexityLevels, sessionStatuses, taskStatuses } from '../../core/model';
import { normalizeText, renumberGroups, renumberTasks } from '../../core/session-md/session-doc';
import type { GroupDoc, SessionDoc, TaskDoc } from '../../core/session-md/session-doc';

export const task = (id: string, fields: Partial<TaskDoc> = {}): TaskDoc => ({
  task_id: id,
  parent_task_id: null,
  task_group: null,
  position_in_group: 0,
  title: `Task ${id}`,
  status: 'pending',
  specialist_type: null,
  estimated_effort: null,
  actual_effort: null,
  due_date: null,
  scheduled_date: null,
  complexity_level: 'moderate',
  depends_on: [],
  related_tasks: [],
  description: null,
  ...fields,
});

export const group = (id: string, fields: Partial<GroupDoc> = {}): GroupDoc => ({
  group_id: id,
  group_name: `Group ${id}`,
  parent_group_id: null,
  position_in_session: 0,
  description: null,
  specialist_focus: null,
  ...fields,
});

export const doc = (fields: Partial<SessionDoc> = {}): SessionDoc => ({
  session: {
    session_id: 'session_ab12cd34',
    name: 'Ship the sync codec',
    status: 'active',
    priority_level: 2,
    mode_file: 'default_roles.yaml',
    description: 'Render, parse and merge session.md.',
  },
  groups: [],
  tasks: [],
  notes: null,
  changeLog: [],
  extras: [],
  ...fields,
});

/** A doc with a bit of everything: nested groups, subtasks, fields, descriptions, notes. */
export const sampleDoc = (): SessionDoc =>
  doc({
    groups: [
      group('group_backend', { group_name: 'Backend', specialist_focus: 'backend' }),
      group('group_db', {
        group_name: 'Database',
        parent_group_id: 'group_backend',
        description: 'Schema and queries.\n\nKeep migrations forward only.',
      }),
      group('group_docs', { group_name: 'Docs', position_in_session: 1 }),
    ],
    tasks: [
      task('task_loose', { title: 'Triage inbox' }),
      task('task_parser', {
        title: 'Write the parser',
        task_group: 'group_backend',
        status: 'in_progress',
        specialist_type: 'backend',
        estimated_effort: 2,
        actual_effort: 1.5,
        due_date: '2026-12-10',
        description: 'Line based.\nNever throws.',
      }),
      task('task_tests', {
        title: 'Parser tests',
        task_group: 'group_backend',
        parent_task_id: 'task_parser',
        status: 'completed',
        depends_on: ['task_parser'],
      }),
      task('task_render', {
        title: 'Write the renderer',
        task_group: 'group_backend',
        position_in_group: 1,
        complexity_level: 'complex',
        related_tasks: ['task_parser'],
      }),
      task('task_schema', { title: 'Schema', task_group: 'group_db', status: 'blocked' }),
      task('task_readme', { title: 'Write the format doc', task_group: 'group_docs' }),
    ],
    notes: 'Remember: ids are stable.\n\n- a plain list in the notes',
    changeLog: ['2026-11-25 17:00 — session created'],
  });

/** A doc with `n` tasks in 10 groups, a third of them subtasks. */
export const largeDoc = (n: number): SessionDoc => {
  const groups = Array.from({ length: 10 }, (_, g) =>
    group(`group_${g}`, { group_name: `Phase ${g}`, position_in_session: g }),
  );
  const tasks: TaskDoc[] = [];
  for (let i = 0; i < n; i++) {
    const parent = i % 3 === 2 ? tasks[i - 1] : undefined;
    tasks.push(
      task(`task_${i.toString(16).padStart(8, '0')}`, {
        title: `Do step ${i} of the plan with some words`,
        task_group: parent ? parent.task_group : `group_${i % 10}`,
        parent_task_id: parent ? parent.task_id : null,
        position_in_group: i,
        status: taskStatuses[i % taskStatuses.length]!,
        estimated_effort: i % 4 === 0 ? 1.5 : null,
        specialist_type: i % 5 === 0 ? 'backend' : null,
        depends_on: i > 10 && i % 7 === 0 ? [tasks[i - 5]!.task_id] : [],
      }),
    );
  }
  return sessionDocCanonical(doc({ groups, tasks }));
};

/** Positions renumbered and subtask groups fixed, as a parse would give them. */
export const sessionDocCanonical = (d: SessionDoc): SessionDoc => {
  const copy = structuredClone(d);
  renumberGroups(copy.groups);
  renumberTasks(copy.tasks);
  return copy;
};

const idArb = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
/** One-line text without leading/trailing space, as titles are stored. */
const lineArb = fc
  .string({
    unit: fc.constantFrom(
      'a',
      'b',
      ' ',
      '`',
      '*',
      '#',
      '<',
      '>',
      '-',
      '[',
      ']',
      'x',
      ':',
      '@',
      'é',
      '\\',
      '!',
    ),
    maxLength: 24,
  })
  .map((s) => s.trim());
const textArb = fc
  .option(
    fc
      .array(
        fc.string({
          unit: fc.constantFrom('a', ' ', '-', '[', ']', '>', '*', 'x', '!'),
          maxLength: 12,
        }),
        {
          minLength: 1,
          maxLength: 4,
        },
      )
      // Lines starting with "#" could name a section; the format reserves them.
      .map((lines) => lines.map((l) => l.trimEnd()).join('\n')),
    { nil: null },
  )
  .map(normalizeText);
const hoursArb = fc.option(
  fc.oneof(
    fc.integer({ min: 0, max: 40 }),
    fc.double({ min: 0, max: 100, noNaN: true }).map((x) => (x === 0 ? 0 : x)),
  ),
  {
    nil: null,
  },
);

/** A due or scheduled date: any real day of the years 0001-9999, or none. */
const dateArb = fc.option(
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
  { nil: null },
);

/** Arbitrary valid, canonical docs: groups nest, tasks nest, ids are unique. */
export const docArb: fc.Arbitrary<SessionDoc> = fc
  .record({
    name: lineArb,
    status: fc.constantFrom(...sessionStatuses),
    priority: fc.integer({ min: 1, max: 5 }),
    mode: fc.option(fc.constantFrom('default_roles.yaml', 'roles/web dev.yaml'), { nil: null }),
    overview: textArb,
    notes: textArb,
    changeLog: fc.array(lineArb, { maxLength: 3 }),
    groupIds: fc.uniqueArray(idArb, { maxLength: 5 }),
    groupParents: fc.array(fc.nat(), { maxLength: 5 }),
    groupNames: fc.array(lineArb, { minLength: 5, maxLength: 5 }),
    groupFocus: fc.array(fc.option(fc.constantFrom('backend', 'qa lead'), { nil: null }), {
      minLength: 5,
      maxLength: 5,
    }),
    groupDescriptions: fc.array(textArb, { minLength: 5, maxLength: 5 }),
    tasks: fc.uniqueArray(
      fc.record({
        id: idArb,
        parent: fc.nat(),
        group: fc.nat(),
        title: lineArb,
        status: fc.constantFrom(...taskStatuses),
        specialist: fc.option(fc.constantFrom('backend', 'tech writer', 'a`b'), { nil: null }),
        est: hoursArb,
        actual: hoursArb,
        due: dateArb,
        scheduled: dateArb,
        complexity: fc.constantFrom(...complexityLevels),
        dependsOn: fc.array(idArb, { maxLength: 2 }),
        related: fc.array(idArb, { maxLength: 2 }),
        description: textArb,
      }),
      { maxLength: 12, selector: (t) => t.id },
    ),
  })
  .map((r): SessionDoc => {
    const groups = r.groupIds.map((id, i) =>
      group(`g_${id}`, {
        group_name: r.groupNames[i] ?? '',
        // Parent only among earlier groups, so there are no cycles.
        parent_group_id:
          i > 0 && (r.groupParents[i] ?? 0) % 2 === 0
            ? `g_${r.groupIds[(r.groupParents[i] ?? 0) % i]}`
            : null,
        position_in_session: i,
        specialist_focus: r.groupFocus[i] ?? null,
        description: r.groupDescriptions[i] ?? null,
      }),
    );
    const tasks = r.tasks.map((t, i) => {
      const parentIndex = i > 0 && t.parent % 3 === 0 ? t.parent % i : -1;
      const groupIndex = t.group % (groups.length + 1);
      return task(`t_${t.id}`, {
        title: t.title,
        status: t.status,
        parent_task_id: parentIndex >= 0 ? `t_${r.tasks[parentIndex]!.id}` : null,
        task_group: groups[groupIndex]?.group_id ?? null,
        position_in_group: i,
        specialist_type: t.specialist,
        estimated_effort: t.est,
        actual_effort: t.actual,
        due_date: t.due,
        scheduled_date: t.scheduled,
        complexity_level: t.complexity,
        depends_on: t.dependsOn.map((d) => `t_${d}`),
        related_tasks: t.related.map((d) => `t_${d}`),
        description: t.description,
      });
    });
    return sessionDocCanonical(
      doc({
        session: {
          session_id: 'session_prop',
          name: r.name,
          status: r.status,
          priority_level: r.priority,
          mode_file: r.mode,
          description: r.overview,
        },
        groups,
        tasks,
        notes: r.notes,
        changeLog: r.changeLog,
      }),
    );
  });

/** The doc with rows sorted by id: docs compare as data, not by array order. */
export const byId = (d: SessionDoc): SessionDoc => ({
  ...d,
  groups: [...d.groups].sort((a, b) => (a.group_id < b.group_id ? -1 : 1)),
  tasks: [...d.tasks].sort((a, b) => (a.task_id < b.task_id ? -1 : 1)),
});
