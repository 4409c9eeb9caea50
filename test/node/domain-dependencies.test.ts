import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import { createSession } from '../../workers/domain/sessions';
import { createGroup } from '../../workers/domain/groups';
import { createTask, deleteTask, getTask, moveTask, updateTask } from '../../workers/domain/tasks';
import {
  addDependency,
  readyTasks,
  removeDependency,
  setDependencies,
  setRelated,
} from '../../workers/domain/dependencies';
import { sessionProgress } from '../../workers/domain/progress';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

let db: Db;
let sid: string;
beforeEach(async () => {
  db = await openMigratedDb();
  sid = unwrap(await createSession(db, { name: 'Plan' })).session_id;
});
const add = async (title: string, extra: Partial<Parameters<typeof createTask>[1]> = {}) =>
  unwrap(await createTask(db, { session_id: sid, title, ...extra })).task_id;
const lists = async (id: string) => {
  const t = unwrap(await getTask(db, id));
  return { depends_on: t.depends_on, blocks: t.blocks, related_tasks: t.related_tasks };
};

/** depends_on and blocks are exact inverses across the whole database. */
async function expectInverse() {
  const rows = await db.all<{ task_id: string; depends_on: string; blocks: string }>(
    'SELECT task_id, depends_on, blocks FROM tasks',
  );
  const edges = new Set<string>();
  const back = new Set<string>();
  for (const r of rows) {
    for (const d of JSON.parse(r.depends_on) as string[]) edges.add(`${r.task_id}->${d}`);
    for (const b of JSON.parse(r.blocks) as string[]) back.add(`${b}->${r.task_id}`);
  }
  expect([...back].sort()).toEqual([...edges].sort());
}

describe('dependencies', () => {
  it('keeps depends_on and blocks as exact inverses', async () => {
    const [a, b, c] = [await add('A'), await add('B'), await add('C')];
    unwrap(await addDependency(db, c, a));
    unwrap(await addDependency(db, c, b));
    unwrap(await addDependency(db, c, a)); // no duplicate
    expect(await lists(c)).toMatchObject({ depends_on: [a, b] });
    expect((await lists(a)).blocks).toEqual([c]);
    unwrap(await removeDependency(db, c, a));
    expect((await lists(a)).blocks).toEqual([]);
    unwrap(await setDependencies(db, b, [a]));
    await expectInverse();
  });

  it('refuses a cycle and names it', async () => {
    const [a, b, c] = [await add('Design'), await add('Build'), await add('Test')];
    unwrap(await addDependency(db, b, a));
    unwrap(await addDependency(db, c, b));
    const cycle = failure(await addDependency(db, a, c));
    expect(cycle).toMatchObject({ type: 'Cycle', cycle: [a, c, b, a] });
    expect(cycle.message).toBe(
      'That dependency would make a cycle: "Design" → "Test" → "Build" → "Design".',
    );
    expect(failure(await addDependency(db, a, a)).message).toMatch(/cannot refer to itself/);
    expect((await lists(a)).depends_on).toEqual([]);
    await expectInverse();
  });

  it('refuses unknown tasks and tasks of other sessions', async () => {
    const a = await add('A');
    expect(failure(await addDependency(db, a, 'task_missing'))).toMatchObject({
      type: 'NotFound',
      id: 'task_missing',
    });
    const other = unwrap(await createSession(db, { name: 'Other' })).session_id;
    const x = unwrap(await createTask(db, { session_id: other, title: 'X' })).task_id;
    expect(failure(await addDependency(db, a, x)).message).toMatch(/belongs to another session/);
  });

  it('keeps related tasks symmetric', async () => {
    const [a, b, c] = [await add('A'), await add('B'), await add('C')];
    unwrap(await setRelated(db, a, [b, c]));
    expect((await lists(b)).related_tasks).toEqual([a]);
    expect((await lists(c)).related_tasks).toEqual([a]);
    unwrap(await setRelated(db, a, [c]));
    expect((await lists(b)).related_tasks).toEqual([]);
  });

  it('keeps dependencies when a task moves, and drops them when it is deleted', async () => {
    const g = unwrap(await createGroup(db, { session_id: sid, group_name: 'G' }));
    const [a, b] = [await add('A'), await add('B')];
    const c = await add('C', { depends_on: [a, b], related_tasks: [b] });
    unwrap(await moveTask(db, c, { task_group: g.group_id }));
    expect((await lists(c)).depends_on).toEqual([a, b]);
    unwrap(await deleteTask(db, b));
    expect(await lists(c)).toEqual({ depends_on: [a], blocks: [], related_tasks: [] });
    await expectInverse();
  });

  it('lists ready tasks: open, with every prerequisite completed', async () => {
    const [a, b] = [await add('A'), await add('B')];
    const c = await add('C', { depends_on: [a, b] });
    await add('Done', { status: 'completed' });
    const titles = async () => (await readyTasks(db, sid)).map((t) => t.title).sort();
    expect(await titles()).toEqual(['A', 'B']);
    unwrap(await updateTask(db, a, { status: 'completed' }));
    expect(await titles()).toEqual(['B']);
    unwrap(await updateTask(db, b, { status: 'completed' }));
    expect(await titles()).toEqual(['C']);
    expect(unwrap(await sessionProgress(db, sid)).ready).toBe(1);
    expect(c).toBeTruthy();
  });
});

describe('progress', () => {
  it('rolls up counts, statuses, effort and nested groups; never stale', async () => {
    const top = unwrap(await createGroup(db, { session_id: sid, group_name: 'Top' }));
    const sub = unwrap(
      await createGroup(db, { session_id: sid, group_name: 'Sub', parent_group_id: top.group_id }),
    );
    const a = await add('A', { task_group: top.group_id, estimated_effort: 3, actual_effort: 2 });
    await add('B', { task_group: sub.group_id, estimated_effort: 1, status: 'completed' });
    await add('C', { task_group: sub.group_id, status: 'in_progress' });
    let p = unwrap(await sessionProgress(db, sid));
    expect(p).toMatchObject({
      total: 3,
      completed: 1,
      percentage: 33.33,
      estimated_effort: 4,
      actual_effort: 2,
    });
    expect(p.by_status).toEqual({
      pending: 1,
      in_progress: 1,
      blocked: 0,
      completed: 1,
      cancelled: 0,
    });
    // Weighted by estimate: 1 of 3 + 1 + 1 (unestimated weighs 1) hours.
    expect(p.weighted_percentage).toBe(20);
    const topProgress = p.groups.find((g) => g.group_id === top.group_id)!;
    expect(topProgress).toMatchObject({
      total: 1,
      completed: 0,
      rollup_total: 3,
      rollup_completed: 1,
      rollup_percentage: 33.33,
    });
    unwrap(await updateTask(db, a, { status: 'completed' }));
    p = unwrap(await sessionProgress(db, sid));
    expect(p).toMatchObject({ total: 3, completed: 2, percentage: 66.67 });
    expect(p.groups.find((g) => g.group_id === top.group_id)).toMatchObject({
      completed: 1,
      percentage: 100,
    });
    expect(failure(await sessionProgress(db, 'session_nope')).type).toBe('NotFound');
  });
});
