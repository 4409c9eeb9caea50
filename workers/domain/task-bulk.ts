/**
 * Edits of several tasks at once (a selection in the tree): move, delete, update. Each is one
 * transaction: when any task is refused, nothing of the whole call is kept, and the error
 * names what was refused.
 */
import type { Task } from '../../core/model';
import type { Db } from '../db/sqlite';
import { type AppError, type Result, ok } from '../result';
import {
  type TaskPatch,
  type TaskTarget,
  deleteTask,
  getTask,
  moveTask,
  subtreeEnd,
  updateTask,
} from './tasks';

/** What a bulk update may set: the fields that mean the same for every task of a selection. */
export type BulkTaskPatch = Pick<
  TaskPatch,
  'status' | 'specialist_type' | 'complexity_level' | 'verification_status'
>;

/**
 * The tasks of `taskIds` (in the given order, duplicates dropped), leaving out those inside
 * the subtree of another one of them: they move and go with it.
 */
async function outermost(db: Db, taskIds: readonly string[]): Promise<Result<Task[], AppError>> {
  const found: Task[] = [];
  for (const id of new Set(taskIds)) {
    const task = await getTask(db, id);
    if (!task.ok) return task;
    found.push(task.value);
  }
  return ok(
    found.filter(
      (task) =>
        !found.some(
          (other) => other !== task && task.hierarchy_path.startsWith(other.hierarchy_path),
        ),
    ),
  );
}

/**
 * Moves the tasks (each with its subtree) to `target`, one after another from
 * `target.position` on, in the order given.
 */
export async function moveTasks(
  db: Db,
  taskIds: readonly string[],
  target: TaskTarget,
): Promise<Result<Task[], AppError>> {
  return db.transaction(async () => {
    const tasks = await outermost(db, taskIds);
    if (!tasks.ok) return tasks;
    const moved: Task[] = [];
    let position = target.position;
    for (const task of tasks.value) {
      const result = await moveTask(db, task.task_id, {
        ...target,
        ...(position === undefined ? {} : { position: position++ }),
      });
      if (!result.ok) return result;
      moved.push(result.value);
    }
    return ok(moved);
  });
}

/** Deletes the tasks with their subtasks; answers how many tasks went, subtasks included. */
export async function deleteTasks(
  db: Db,
  taskIds: readonly string[],
): Promise<Result<{ deleted: number }, AppError>> {
  return db.transaction(async () => {
    const tasks = await outermost(db, taskIds);
    if (!tasks.ok) return tasks;
    let deleted = 0;
    for (const task of tasks.value) {
      const path = task.hierarchy_path;
      const subtree = await db.get<{ n: number }>(
        'SELECT count(*) AS n FROM tasks WHERE session_id = ? AND hierarchy_path >= ? AND hierarchy_path < ?',
        [task.session_id, path, subtreeEnd(path)],
      );
      const result = await deleteTask(db, task.task_id);
      if (!result.ok) return result;
      deleted += subtree?.n ?? 1;
    }
    return ok({ deleted });
  });
}

/** Sets the same fields on every task (e.g. marks them done). */
export async function updateTasks(
  db: Db,
  taskIds: readonly string[],
  patch: BulkTaskPatch,
): Promise<Result<Task[], AppError>> {
  return db.transaction(async () => {
    const updated: Task[] = [];
    for (const id of new Set(taskIds)) {
      const result = await updateTask(db, id, patch);
      if (!result.ok) return result;
      updated.push(result.value);
    }
    return ok(updated);
  });
}
