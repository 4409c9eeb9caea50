/**
 * Bulk edits of a selection (move, delete, update): one transaction each, so a refusal
 * part-way keeps nothing of the call; a selected subtask of a selected task goes with it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import { createSession } from '../../workers/domain/sessions';
import { createGroup } from '../../workers/domain/groups';
import { createTask, listTasks } from '../../workers/domain/tasks';
import { deleteTasks, moveTasks, updateTasks } from '../../workers/domain/task-bulk';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

let db: Db;
let sid: string;
beforeEach(async () => {
  db = await openMigratedDb();
  sid = unwrap(await createSession(db, { name: 'Bulk' })).session_id;
});

const add = async (title: string, parent: string | null = null) =>
  unwrap(await createTask(db, { session_id: sid, title, parent_task_id: parent })).task_id;

/** Each task as "title<parent title|group name" in stored order, for whole-state comparisons. */
async function state() {
  const tasks = await listTasks(db, sid);
  const title = new Map(tasks.map((t) => [t.task_id, t.title]));
  return tasks
    .map((t) => ({
      title: t.title,
      under: t.parent_task_id ? title.get(t.parent_task_id) : (t.task_group ?? '-'),
      position: t.position_in_group,
      status: t.status,
    }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

describe('bulk task edits', () => {
  it('moves several tasks in one call, in order, to the target', async () => {
    const group = unwrap(await createGroup(db, { session_id: sid, group_name: 'Later' }));
    const a = await add('A');
    await add('B');
    const c = await add('C');
    const moved = unwrap(
      await moveTasks(db, [a, c], {
        parent_task_id: null,
        task_group: group.group_id,
        position: 0,
      }),
    );
    expect(moved.map((t) => [t.title, t.task_group, t.position_in_group])).toEqual([
      ['A', group.group_id, 0],
      ['C', group.group_id, 1],
    ]);
    expect((await state()).find((t) => t.title === 'B')).toMatchObject({ under: '-', position: 0 });
  });

  it('keeps nothing moved when one task of the selection is refused', async () => {
    const a = await add('A');
    const b = await add('B');
    const b1 = await add('B1', b);
    const before = await state();
    // A could move under B1, but B cannot move into its own subtask: the whole call fails.
    const error = failure(await moveTasks(db, [a, b], { parent_task_id: b1, position: 0 }));
    expect(error.type).toBe('Validation');
    expect(await state()).toEqual(before);
    // And an unknown id is refused before anything moves.
    expect(failure(await moveTasks(db, [a, 'task_missing'], { parent_task_id: b1 })).type).toBe(
      'NotFound',
    );
    expect(await state()).toEqual(before);
  });

  it('moves a selected subtask with its selected parent, not out of it', async () => {
    const a = await add('A');
    const a1 = await add('A1', a);
    const b = await add('B');
    unwrap(await moveTasks(db, [a1, a], { parent_task_id: b, position: 0 }));
    expect(await state()).toEqual([
      { title: 'A', under: 'B', position: 0, status: 'pending' },
      { title: 'A1', under: 'A', position: 0, status: 'pending' },
      { title: 'B', under: '-', position: 0, status: 'pending' },
    ]);
  });

  it('deletes several tasks with their subtasks in one call, and all or nothing', async () => {
    const a = await add('A');
    const a1 = await add('A1', a);
    const b = await add('B');
    await add('C');
    const before = await state();
    expect(failure(await deleteTasks(db, [a, 'task_missing'])).type).toBe('NotFound');
    expect(await state()).toEqual(before);
    expect(unwrap(await deleteTasks(db, [a1, a, b]))).toEqual({ deleted: 3 });
    expect(await state()).toEqual([{ title: 'C', under: '-', position: 0, status: 'pending' }]);
  });

  it('sets a status on several tasks in one call, and all or nothing', async () => {
    const a = await add('A');
    const b = await add('B');
    const before = await state();
    expect(failure(await updateTasks(db, [a, b], { status: 'bogus' as 'completed' })).type).toBe(
      'Validation',
    );
    expect(failure(await updateTasks(db, [a, 'task_missing'], { status: 'completed' })).type).toBe(
      'NotFound',
    );
    expect(await state()).toEqual(before);
    const done = unwrap(await updateTasks(db, [a, b], { status: 'completed' }));
    expect(done.map((t) => [t.title, t.status, t.completed_at !== null])).toEqual([
      ['A', 'completed', true],
      ['B', 'completed', true],
    ]);
  });
});
