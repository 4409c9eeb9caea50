import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import type { Task } from '../../core/model';
import { createSession } from '../../workers/domain/sessions';
import {
  createGroup,
  deleteGroup,
  listGroups,
  moveGroup,
  updateGroup,
} from '../../workers/domain/groups';
import {
  createTask,
  deleteTask,
  getTask,
  moveTask,
  subtree,
  updateTask,
} from '../../workers/domain/tasks';
import { attempt } from '../../workers/result';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

let db: Db;
let sid: string;
beforeEach(async () => {
  db = await openMigratedDb();
  sid = unwrap(await createSession(db, { name: 'Plan' })).session_id;
});

const add = async (title: string, extra: Partial<Parameters<typeof createTask>[1]> = {}) =>
  unwrap(await createTask(db, { session_id: sid, title, ...extra }));

/** Every task's hierarchy fields recomputed from parent links, compared with what is stored. */
async function expectHierarchyConsistent() {
  const rows = await db.all<Task>('SELECT * FROM tasks WHERE session_id = ?', [sid]);
  const byId = new Map(rows.map((r) => [r.task_id, r]));
  for (const t of rows) {
    const chain: Task[] = [t];
    while (chain[0]!.parent_task_id) chain.unshift(byId.get(chain[0]!.parent_task_id)!);
    const root = chain[0]!;
    expect(t.root_task_id, t.title).toBe(root.task_id);
    expect(t.level, t.title).toBe(chain.length - 1);
    expect(t.task_group, t.title).toBe(root.task_group);
    expect(t.hierarchy_path, t.title).toBe(
      `/${sid}/${root.task_group ?? '_'}/${chain.map((c) => c.task_id).join('/')}/`,
    );
  }
  // Siblings are numbered 0…n-1.
  const lists = new Map<string, number[]>();
  for (const t of rows) {
    const key = t.parent_task_id ?? `group:${t.task_group}`;
    lists.set(key, [...(lists.get(key) ?? []), t.position_in_group]);
  }
  for (const positions of lists.values())
    expect(positions.sort((a, b) => a - b)).toEqual(positions.map((_, i) => i));
}

async function counters() {
  const s = await db.get(
    'SELECT total_tasks, completed_tasks, progress_percentage FROM sessions WHERE session_id = ?',
    [sid],
  );
  const g = await db.all(
    'SELECT group_name, total_tasks, completed_tasks, progress_percentage FROM task_groups ORDER BY group_name',
  );
  return { s, g };
}

describe('tasks', () => {
  it('creates tasks and subtasks with root, level and path', async () => {
    const g = unwrap(await createGroup(db, { session_id: sid, group_name: 'Backend' }));
    const a = await add('A', { task_group: g.group_id });
    const b = await add('B', { parent_task_id: a.task_id });
    const c = await add('C', { parent_task_id: b.task_id });
    expect(c).toMatchObject({
      root_task_id: a.task_id,
      level: 2,
      task_group: g.group_id,
      status: 'pending',
    });
    expect(c.hierarchy_path).toBe(`/${sid}/${g.group_id}/${a.task_id}/${b.task_id}/${c.task_id}/`);
    await expectHierarchyConsistent();
  });

  it('refuses bad input with clear messages', async () => {
    expect(failure(await createTask(db, { session_id: sid, title: ' ' })).message).toBe(
      'title must not be empty.',
    );
    expect(
      failure(await createTask(db, { session_id: sid, title: 'x', parent_task_id: 'task_nope' })),
    ).toMatchObject({ type: 'NotFound', entity: 'task' });
    expect(failure(await createTask(db, { session_id: 'session_nope', title: 'x' }))).toMatchObject(
      { type: 'NotFound', entity: 'session' },
    );
    expect(
      failure(await createTask(db, { session_id: sid, title: 'x', task_group: 'group_nope' })),
    ).toMatchObject({ type: 'NotFound', entity: 'group' });
    expect(
      failure(await createTask(db, { session_id: sid, title: 'x', estimated_effort: -1 })),
    ).toMatchObject({ field: 'estimated_effort' });
    expect(
      failure(await createTask(db, { session_id: sid, title: 'x', task_id: '../etc' })).message,
    ).toMatch(/Invalid task id/);
    const t = await add('T');
    expect(failure(await updateTask(db, t.task_id, { status: 'done' as never })).message).toMatch(
      /status must be one of/,
    );
    expect(failure(await updateTask(db, t.task_id, { progress_percentage: 101 }))).toMatchObject({
      field: 'progress_percentage',
    });
    // The database refuses an unknown status even when a bug bypasses the domain.
    const raw = await attempt(async () => {
      await db.run("UPDATE tasks SET status = 'done' WHERE task_id = ?", [t.task_id]);
      return { ok: true, value: null };
    });
    expect(failure(raw).message).toMatch(/tasks.status must be one of/);
  });

  it('sets started_at and completed_at from status changes', async () => {
    const t = await add('T');
    expect(t.started_at).toBeNull();
    const started = unwrap(await updateTask(db, t.task_id, { status: 'in_progress' }));
    expect(started.started_at).toBeTruthy();
    const done = unwrap(await updateTask(db, t.task_id, { status: 'completed' }));
    expect(done).toMatchObject({ started_at: started.started_at, progress_percentage: 100 });
    expect(done.completed_at).toBeTruthy();
    const reopened = unwrap(await updateTask(db, t.task_id, { status: 'pending' }));
    expect(reopened).toMatchObject({
      completed_at: null,
      started_at: started.started_at,
      progress_percentage: 0,
    });
    const direct = unwrap(await updateTask(db, (await add('U')).task_id, { status: 'completed' }));
    expect(direct.started_at).toBe(direct.completed_at);
  });

  it('edits every editable field', async () => {
    const t = await add('T');
    const u = unwrap(
      await updateTask(db, t.task_id, {
        title: 'New',
        description: 'Desc',
        specialist_type: 'architect',
        complexity_level: 'complex',
        estimated_effort: 4,
        actual_effort: 5,
        verification_status: 'verified',
        progress_percentage: 40,
      }),
    );
    expect(u).toMatchObject({
      title: 'New',
      description: 'Desc',
      specialist_type: 'architect',
      complexity_level: 'complex',
      estimated_effort: 4,
      actual_effort: 5,
      verification_status: 'verified',
      progress_percentage: 40,
    });
  });

  it('keeps due and scheduled dates, clears them, and refuses what is not a day', async () => {
    const t = await add('T', { due_date: '2026-12-10', scheduled_date: '2026-12-01' });
    expect(t).toMatchObject({ due_date: '2026-12-10', scheduled_date: '2026-12-01' });
    expect(await add('U')).toMatchObject({ due_date: null, scheduled_date: null });
    const leap = unwrap(await updateTask(db, t.task_id, { due_date: '2028-02-29' }));
    expect(leap).toMatchObject({ due_date: '2028-02-29', scheduled_date: '2026-12-01' });
    const cleared = unwrap(await updateTask(db, t.task_id, { scheduled_date: null }));
    expect(cleared).toMatchObject({ due_date: '2028-02-29', scheduled_date: null });

    expect(failure(await updateTask(db, t.task_id, { due_date: '10/12/2026' }))).toEqual({
      type: 'Validation',
      field: 'due_date',
      message: 'The due date must be a date written YYYY-MM-DD, e.g. 2026-12-10.',
    });
    expect(failure(await updateTask(db, t.task_id, { scheduled_date: '2026-02-30' }))).toEqual({
      type: 'Validation',
      field: 'scheduled_date',
      message: 'The scheduled date 2026-02-30 is not a day of the calendar.',
    });
    expect(
      failure(await createTask(db, { session_id: sid, title: 'x', due_date: '2026-13-01' })),
    ).toMatchObject({ field: 'due_date' });
    expect(unwrap(await getTask(db, t.task_id)).due_date).toBe('2028-02-29');
    // The database refuses a bad date even when a bug bypasses the domain.
    const raw = await attempt(async () => {
      await db.run("UPDATE tasks SET due_date = '2026-02-30' WHERE task_id = ?", [t.task_id]);
      return { ok: true, value: null };
    });
    expect(failure(raw).message).toMatch(/must be dates written YYYY-MM-DD/);
  });

  it('returns the task exactly as stored, with or without links changed', async () => {
    const t = await add('T');
    const other = await add('Other');
    const plain = unwrap(await updateTask(db, t.task_id, { status: 'completed', title: 'T2' }));
    expect(plain).toEqual(unwrap(await getTask(db, t.task_id)));
    const linked = unwrap(await updateTask(db, t.task_id, { depends_on: [other.task_id] }));
    expect(linked).toEqual(unwrap(await getTask(db, t.task_id)));
    expect(linked.depends_on).toEqual([other.task_id]);
    expect(unwrap(await getTask(db, other.task_id)).blocks).toEqual([t.task_id]);
  });

  it('moves a subtree to another parent and group, fixing every descendant', async () => {
    const g1 = unwrap(await createGroup(db, { session_id: sid, group_name: 'One' }));
    const g2 = unwrap(await createGroup(db, { session_id: sid, group_name: 'Two' }));
    const a = await add('A', { task_group: g1.group_id });
    const b = await add('B', { parent_task_id: a.task_id });
    await add('C', { parent_task_id: b.task_id, status: 'completed' });
    const x = await add('X', { task_group: g2.group_id });
    unwrap(await moveTask(db, b.task_id, { parent_task_id: x.task_id }));
    await expectHierarchyConsistent();
    const moved = unwrap(await subtree(db, x.task_id)).map((t) => t.title);
    expect(moved).toEqual(['X', 'B', 'C']);
    expect((await counters()).g).toEqual([
      { group_name: 'One', total_tasks: 1, completed_tasks: 0, progress_percentage: 0 },
      { group_name: 'Two', total_tasks: 3, completed_tasks: 1, progress_percentage: 33.33 },
    ]);
    // Un-nest to the top of group One at position 0.
    unwrap(
      await moveTask(db, b.task_id, { parent_task_id: null, task_group: g1.group_id, position: 0 }),
    );
    await expectHierarchyConsistent();
    const top = await db.all<{ title: string }>(
      'SELECT title FROM tasks WHERE task_group = ? AND parent_task_id IS NULL ORDER BY position_in_group',
      [g1.group_id],
    );
    expect(top.map((t) => t.title)).toEqual(['B', 'A']);
    expect((await counters()).g.map((g) => g.total_tasks)).toEqual([3, 1]);
  });

  it('refuses to move a task under its own subtree', async () => {
    const a = await add('A');
    const b = await add('B', { parent_task_id: a.task_id });
    expect(failure(await moveTask(db, a.task_id, { parent_task_id: b.task_id })).message).toMatch(
      /under itself or one of its own subtasks/,
    );
    expect(failure(await moveTask(db, a.task_id, { parent_task_id: a.task_id })).type).toBe(
      'Validation',
    );
  });

  it('reorders siblings', async () => {
    const [a, b, c] = [await add('A'), await add('B'), await add('C')];
    unwrap(await moveTask(db, c.task_id, { position: 0 }));
    unwrap(await moveTask(db, a.task_id, { position: 5 }));
    const order = await db.all<{ title: string }>(
      'SELECT title FROM tasks ORDER BY position_in_group',
    );
    expect(order.map((t) => t.title)).toEqual(['C', 'B', 'A']);
    expect(b.position_in_group).toBe(1);
    await expectHierarchyConsistent();
  });

  it('deletes a subtree, renumbers siblings and keeps counters right', async () => {
    const a = await add('A', { status: 'completed' });
    const b = await add('B');
    await add('B1', { parent_task_id: b.task_id, status: 'completed' });
    const c = await add('C');
    expect((await counters()).s).toEqual({
      total_tasks: 4,
      completed_tasks: 2,
      progress_percentage: 50,
    });
    unwrap(await deleteTask(db, b.task_id));
    expect((await counters()).s).toEqual({
      total_tasks: 2,
      completed_tasks: 1,
      progress_percentage: 50,
    });
    expect(unwrap(await getTask(db, c.task_id)).position_in_group).toBe(1);
    unwrap(await deleteTask(db, a.task_id));
    unwrap(await deleteTask(db, c.task_id));
    expect((await counters()).s).toEqual({
      total_tasks: 0,
      completed_tasks: 0,
      progress_percentage: 0,
    });
    await expectHierarchyConsistent();
  });

  it('finds a subtree with one indexed range query', async () => {
    const a = await add('A');
    const b = await add('B', { parent_task_id: a.task_id });
    await add('C', { parent_task_id: b.task_id });
    await add('Other');
    expect(unwrap(await subtree(db, a.task_id)).map((t) => t.title)).toEqual(['A', 'B', 'C']);
    const plan = await db.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT * FROM tasks WHERE session_id = ? AND hierarchy_path >= ? AND hierarchy_path < ?`,
      [sid, a.hierarchy_path, a.hierarchy_path],
    );
    expect(plan.map((p) => p.detail).join(' ')).toMatch(
      /USING INDEX idx_tasks_hierarchy \(session_id=\? AND hierarchy_path>\? AND hierarchy_path<\?\)/,
    );
  });
});

describe('groups', () => {
  it('creates, nests, renames and orders groups; names are unique per session', async () => {
    const a = unwrap(await createGroup(db, { session_id: sid, group_name: 'A' }));
    const b = unwrap(
      await createGroup(db, { session_id: sid, group_name: 'B', parent_group_id: a.group_id }),
    );
    const c = unwrap(
      await createGroup(db, { session_id: sid, group_name: 'C', parent_group_id: b.group_id }),
    );
    expect([a.group_level, b.group_level, c.group_level]).toEqual([0, 1, 2]);
    const dup = failure(await attempt(() => createGroup(db, { session_id: sid, group_name: 'A' })));
    expect(dup).toEqual({
      type: 'Constraint',
      message: 'This session already has a group with that name.',
    });
    unwrap(await updateGroup(db, c.group_id, { group_name: 'C2', specialist_focus: 'tester' }));
    // Moving B (with C) to the top level fixes both levels.
    unwrap(await moveGroup(db, b.group_id, { parent_group_id: null, position: 0 }));
    const groups = await listGroups(db, sid);
    expect(groups.map((g) => [g.group_name, g.group_level, g.position_in_session])).toEqual([
      ['B', 0, 0],
      ['C2', 1, 0],
      ['A', 0, 1],
    ]);
    expect(
      failure(await moveGroup(db, b.group_id, { parent_group_id: c.group_id })).message,
    ).toMatch(/inside itself/);
  });

  it('deletes a group with its nested groups and all their tasks', async () => {
    const a = unwrap(await createGroup(db, { session_id: sid, group_name: 'A' }));
    const b = unwrap(
      await createGroup(db, { session_id: sid, group_name: 'B', parent_group_id: a.group_id }),
    );
    const keep = unwrap(await createGroup(db, { session_id: sid, group_name: 'Keep' }));
    const t1 = await add('T1', { task_group: a.group_id });
    await add('T2', { task_group: b.group_id, status: 'completed' });
    const k = await add('K', { task_group: keep.group_id, depends_on: [t1.task_id] });
    unwrap(await deleteGroup(db, a.group_id));
    expect(await db.all('SELECT title FROM tasks')).toEqual([{ title: 'K' }]);
    expect((await listGroups(db, sid)).map((g) => g.group_name)).toEqual(['Keep']);
    expect(unwrap(await getTask(db, k.task_id)).depends_on).toEqual([]);
    expect((await counters()).s).toEqual({
      total_tasks: 1,
      completed_tasks: 0,
      progress_percentage: 0,
    });
  });
});
