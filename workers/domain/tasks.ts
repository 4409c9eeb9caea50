/**
 * Tasks: create, edit, move, delete. Keeps the hierarchy fields right for whole subtrees
 * (`root_task_id`, `level`, `hierarchy_path` = `/<session>/<group or _>/<ancestors…>/<id>/`),
 * the order among siblings, and `started_at`/`completed_at` in step with the status.
 */
import type { ComplexityLevel, Task, TaskStatus, VerificationStatus } from '../../core/model';
import { complexityLevels, taskStatuses, verificationStatuses } from '../../core/model';
import { isoDateProblem } from '../../core/dates';
import type { Db, SqlValue } from '../db/sqlite';
import { type AppError, type Result, err, notFound, ok } from '../result';
import { requiredText, touchSession, writableSession } from './guards';
import { isValidId, newId, now } from './ids';
import { taskFromRow } from './rows';
import { detachTasks, setDependencies, setRelated } from './dependencies';

export interface NewTask {
  session_id: string;
  title: string;
  task_group?: string | null;
  parent_task_id?: string | null;
  /** Place among siblings (0 first); appended when omitted. */
  position?: number;
  description?: string | null;
  specialist_type?: string | null;
  complexity_level?: ComplexityLevel;
  status?: TaskStatus;
  estimated_effort?: number | null;
  actual_effort?: number | null;
  /** `YYYY-MM-DD` or null (see core/dates.ts). */
  due_date?: string | null;
  scheduled_date?: string | null;
  depends_on?: string[];
  related_tasks?: string[];
  /** A given id (from session.md); a fresh one otherwise. */
  task_id?: string;
}

export interface TaskPatch {
  title?: string;
  description?: string | null;
  specialist_type?: string | null;
  complexity_level?: ComplexityLevel;
  status?: TaskStatus;
  progress_percentage?: number;
  estimated_effort?: number | null;
  actual_effort?: number | null;
  due_date?: string | null;
  scheduled_date?: string | null;
  verification_status?: VerificationStatus;
  markdown_section?: string | null;
  depends_on?: string[];
  related_tasks?: string[];
}

export interface TaskTarget {
  /** New parent task, or null for a top-level task. Omitted: keep the parent. */
  parent_task_id?: string | null;
  /** New group for a top-level task (a subtask always shares its parent's group). */
  task_group?: string | null;
  position?: number;
}

/** The exclusive upper bound of the subtree range of a path ending in '/'. */
export function subtreeEnd(path: string): string {
  return `${path.slice(0, -1)}0`; // '0' is the character after '/'
}

export async function getTask(db: Db, taskId: string): Promise<Result<Task, AppError>> {
  const row = await db.get('SELECT * FROM tasks WHERE task_id = ?', [taskId]);
  return row ? ok(taskFromRow(row)) : err(notFound('task', taskId));
}

/** All tasks of a session, ordered by group, then depth-first in sibling order. */
export async function listTasks(db: Db, sessionId: string): Promise<Task[]> {
  const rows = await db.all(
    'SELECT * FROM tasks WHERE session_id = ? ORDER BY task_group, level, position_in_group',
    [sessionId],
  );
  return rows.map(taskFromRow);
}

/** A task and all its descendants: one range query on idx_tasks_hierarchy. */
export async function subtree(db: Db, taskId: string): Promise<Result<Task[], AppError>> {
  const task = await getTask(db, taskId);
  if (!task.ok) return task;
  const { session_id: sessionId, hierarchy_path: path } = task.value;
  const rows = await db.all(
    `SELECT * FROM tasks WHERE session_id = ? AND hierarchy_path >= ? AND hierarchy_path < ?
     ORDER BY hierarchy_path`,
    [sessionId, path, subtreeEnd(path)],
  );
  return ok(rows.map(taskFromRow));
}

function oneOf<T extends string>(
  field: string,
  value: T | undefined,
  allowed: readonly T[],
): AppError | null {
  if (value === undefined || allowed.includes(value)) return null;
  return { type: 'Validation', field, message: `${field} must be one of ${allowed.join(', ')}.` };
}

/** The most hours an effort can be (about 11 years): a bound, not a planning rule. */
export const maxEffortHours = 100_000;

/** An effort: hours, 0 or more, fractions allowed (`1.5` is an hour and a half). */
function effort(field: string, value: number | null | undefined): AppError | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= maxEffortHours)
    return null;
  return {
    type: 'Validation',
    field,
    message: `${field} must be a number of hours from 0 to ${maxEffortHours} (1.5 is an hour and a half).`,
  };
}

/** A due or scheduled date: `YYYY-MM-DD` of a real day, or null to clear it. */
function date(field: string, value: string | null | undefined): AppError | null {
  if (value === undefined) return null;
  const problem = isoDateProblem(
    field === 'due_date' ? 'The due date' : 'The scheduled date',
    value,
  );
  return problem ? { type: 'Validation', field, message: problem } : null;
}

/** Renumbers a sibling list 0…n-1, putting `placeId` at `position` when given. */
async function renumberSiblings(
  db: Db,
  sessionId: string,
  parentId: string | null,
  groupId: string | null,
  placeId?: string,
  position?: number,
): Promise<void> {
  const siblings = parentId
    ? await db.all<{ task_id: string }>(
        'SELECT task_id FROM tasks WHERE parent_task_id = ? ORDER BY position_in_group, created_at, task_id',
        [parentId],
      )
    : await db.all<{ task_id: string }>(
        `SELECT task_id FROM tasks WHERE session_id = ? AND task_group IS ? AND parent_task_id IS NULL
         ORDER BY position_in_group, created_at, task_id`,
        [sessionId, groupId],
      );
  const ids = siblings.map((s) => s.task_id).filter((id) => id !== placeId);
  if (placeId !== undefined) {
    ids.splice(Math.max(0, Math.min(position ?? ids.length, ids.length)), 0, placeId);
  }
  await db.run(
    `UPDATE tasks SET position_in_group = j.key FROM json_each(?) AS j
     WHERE tasks.task_id = j.value AND position_in_group IS NOT j.key`,
    [JSON.stringify(ids)],
  );
}

/** The group a top-level task may be placed in: null or a group of the same session. */
async function checkGroup(
  db: Db,
  sessionId: string,
  groupId: string | null,
): Promise<AppError | null> {
  if (groupId === null) return null;
  const group = await db.get<{ session_id: string }>(
    'SELECT session_id FROM task_groups WHERE group_id = ?',
    [groupId],
  );
  if (!group) return notFound('group', groupId);
  if (group.session_id !== sessionId) {
    return {
      type: 'Validation',
      field: 'task_group',
      message: 'A task can only be placed in a group of its own session.',
    };
  }
  return null;
}

/** Column values that follow a status change (timestamps and progress). */
function statusEffects(
  status: TaskStatus,
  previous: Task | null,
  at: string,
): Record<string, SqlValue> {
  const effects: Record<string, SqlValue> = { status };
  if (status === 'in_progress' || status === 'completed') {
    effects.started_at = previous?.started_at ?? at;
  }
  if (status === 'completed') {
    effects.completed_at = previous?.status === 'completed' ? previous.completed_at : at;
    effects.progress_percentage = 100;
  } else if (previous?.status === 'completed') {
    effects.completed_at = null;
    effects.progress_percentage = 0;
  }
  return effects;
}

export async function createTask(db: Db, input: NewTask): Promise<Result<Task, AppError>> {
  return db.transaction(async () => {
    const session = await writableSession(db, input.session_id, { addingTasks: true });
    if (!session.ok) return session;
    const title = requiredText('title', input.title, 500);
    if (!title.ok) return title;
    const problem =
      oneOf('status', input.status, taskStatuses) ??
      oneOf('complexity_level', input.complexity_level, complexityLevels) ??
      effort('estimated_effort', input.estimated_effort) ??
      effort('actual_effort', input.actual_effort) ??
      date('due_date', input.due_date) ??
      date('scheduled_date', input.scheduled_date);
    if (problem) return err(problem);
    const taskId = input.task_id ?? newId('task');
    if (!isValidId(taskId)) {
      return err({ type: 'Validation', field: 'task_id', message: `Invalid task id "${taskId}".` });
    }

    let parent: Task | null = null;
    if (input.parent_task_id) {
      const found = await getTask(db, input.parent_task_id);
      if (!found.ok) return found;
      if (found.value.session_id !== input.session_id) {
        return err({
          type: 'Validation',
          field: 'parent_task_id',
          message: 'A subtask must be in the same session as its parent.',
        });
      }
      parent = found.value;
    }
    const groupId = parent ? parent.task_group : (input.task_group ?? null);
    const groupProblem = await checkGroup(db, input.session_id, groupId);
    if (groupProblem) return err(groupProblem);

    const at = now();
    const path = parent
      ? `${parent.hierarchy_path}${taskId}/`
      : `/${input.session_id}/${groupId ?? '_'}/${taskId}/`;
    const status = input.status ?? 'pending';
    const effects = statusEffects(status, null, at);
    await db.run(
      `INSERT INTO tasks (task_id, session_id, parent_task_id, root_task_id, task_group, level,
         hierarchy_path, position_in_group, title, description, specialist_type, complexity_level,
         status, progress_percentage, estimated_effort, actual_effort, depends_on, blocks,
         related_tasks, created_at, started_at, completed_at, last_updated_at, due_date,
         scheduled_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', '[]', ?, ?, ?, ?, ?, ?)`,
      [
        taskId,
        input.session_id,
        parent?.task_id ?? null,
        parent ? parent.root_task_id : taskId,
        groupId,
        parent ? parent.level + 1 : 0,
        path,
        Number.MAX_SAFE_INTEGER,
        title.value,
        input.description ?? null,
        input.specialist_type ?? null,
        input.complexity_level ?? 'moderate',
        status,
        effects.progress_percentage ?? 0,
        input.estimated_effort ?? null,
        input.actual_effort ?? null,
        at,
        effects.started_at ?? null,
        effects.completed_at ?? null,
        at,
        input.due_date ?? null,
        input.scheduled_date ?? null,
      ],
    );
    if (input.position === undefined) {
      // Appending needs no renumbering: the new task goes after its siblings (indexed count).
      const siblings = parent
        ? await db.get<{ n: number }>('SELECT count(*) AS n FROM tasks WHERE parent_task_id = ?', [
            parent.task_id,
          ])
        : await db.get<{ n: number }>(
            `SELECT count(*) AS n FROM tasks
             WHERE session_id = ? AND task_group IS ? AND parent_task_id IS NULL`,
            [input.session_id, groupId],
          );
      await db.run('UPDATE tasks SET position_in_group = ? WHERE task_id = ?', [
        (siblings?.n ?? 1) - 1,
        taskId,
      ]);
    } else {
      await renumberSiblings(
        db,
        input.session_id,
        parent?.task_id ?? null,
        groupId,
        taskId,
        input.position,
      );
    }
    if (input.depends_on?.length) {
      const deps = await setDependencies(db, taskId, input.depends_on);
      if (!deps.ok) return deps;
    }
    if (input.related_tasks?.length) {
      const related = await setRelated(db, taskId, input.related_tasks);
      if (!related.ok) return related;
    }
    await touchSession(db, input.session_id);
    return getTask(db, taskId);
  });
}

export async function updateTask(
  db: Db,
  taskId: string,
  patch: TaskPatch,
): Promise<Result<Task, AppError>> {
  return db.transaction(async () => {
    const found = await getTask(db, taskId);
    if (!found.ok) return found;
    const task = found.value;
    const session = await writableSession(db, task.session_id);
    if (!session.ok) return session;
    const problem =
      oneOf('status', patch.status, taskStatuses) ??
      oneOf('complexity_level', patch.complexity_level, complexityLevels) ??
      oneOf('verification_status', patch.verification_status, verificationStatuses) ??
      effort('estimated_effort', patch.estimated_effort) ??
      effort('actual_effort', patch.actual_effort) ??
      date('due_date', patch.due_date) ??
      date('scheduled_date', patch.scheduled_date);
    if (problem) return err(problem);
    if (
      patch.progress_percentage !== undefined &&
      !(patch.progress_percentage >= 0 && patch.progress_percentage <= 100)
    ) {
      return err({
        type: 'Validation',
        field: 'progress_percentage',
        message: 'Progress must be between 0 and 100.',
      });
    }

    const at = now();
    const values: Record<string, SqlValue> = {};
    if (patch.title !== undefined) {
      const title = requiredText('title', patch.title, 500);
      if (!title.ok) return title;
      values.title = title.value;
    }
    for (const field of [
      'description',
      'specialist_type',
      'complexity_level',
      'progress_percentage',
      'estimated_effort',
      'actual_effort',
      'due_date',
      'scheduled_date',
      'verification_status',
      'markdown_section',
    ] as const) {
      if (patch[field] !== undefined) values[field] = patch[field];
    }
    if (patch.status !== undefined && patch.status !== task.status) {
      Object.assign(values, statusEffects(patch.status, task, at));
    }
    values.last_updated_at = at;
    const columns = Object.keys(values);
    const updated = await db.get(
      `UPDATE tasks SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE task_id = ? RETURNING *`,
      [...columns.map((c) => values[c] as SqlValue), taskId],
    );
    if (patch.depends_on !== undefined) {
      const deps = await setDependencies(db, taskId, patch.depends_on);
      if (!deps.ok) return deps;
    }
    if (patch.related_tasks !== undefined) {
      const related = await setRelated(db, taskId, patch.related_tasks);
      if (!related.ok) return related;
    }
    await touchSession(db, task.session_id);
    // Links change other rows too (`blocks`): read the task again only then.
    const linked = patch.depends_on !== undefined || patch.related_tasks !== undefined;
    return linked || !updated ? getTask(db, taskId) : ok(taskFromRow(updated));
  });
}

/**
 * Moves a task with its whole subtree: under another parent, to the top level of a group,
 * and/or to a position among its new siblings. Dependencies are kept.
 */
export async function moveTask(
  db: Db,
  taskId: string,
  target: TaskTarget,
): Promise<Result<Task, AppError>> {
  return db.transaction(async () => {
    const found = await getTask(db, taskId);
    if (!found.ok) return found;
    const task = found.value;
    const session = await writableSession(db, task.session_id);
    if (!session.ok) return session;

    const parentId =
      target.parent_task_id === undefined ? task.parent_task_id : target.parent_task_id;
    let parent: Task | null = null;
    if (parentId) {
      const p = await getTask(db, parentId);
      if (!p.ok) return p;
      if (p.value.session_id !== task.session_id) {
        return err({
          type: 'Validation',
          field: 'parent_task_id',
          message: 'A task can only move under a task of the same session.',
        });
      }
      if (p.value.hierarchy_path.startsWith(task.hierarchy_path)) {
        return err({
          type: 'Validation',
          field: 'parent_task_id',
          message: 'A task cannot move under itself or one of its own subtasks.',
        });
      }
      parent = p.value;
    }
    const groupId = parent
      ? parent.task_group
      : target.task_group === undefined
        ? task.task_group
        : target.task_group;
    const groupProblem = await checkGroup(db, task.session_id, groupId);
    if (groupProblem) return err(groupProblem);

    const oldPath = task.hierarchy_path;
    const newPath = parent
      ? `${parent.hierarchy_path}${taskId}/`
      : `/${task.session_id}/${groupId ?? '_'}/${taskId}/`;
    const levelDelta = (parent ? parent.level + 1 : 0) - task.level;
    const rootId = parent ? parent.root_task_id : taskId;
    await db.run('UPDATE tasks SET parent_task_id = ?, last_updated_at = ? WHERE task_id = ?', [
      parent?.task_id ?? null,
      now(),
      taskId,
    ]);
    if (oldPath !== newPath || groupId !== task.task_group) {
      // The whole subtree in one statement: new path prefix, depth, root and group.
      await db.run(
        `UPDATE tasks SET hierarchy_path = ?1 || substr(hierarchy_path, ?2 + 1),
           level = level + ?3, root_task_id = ?4, task_group = ?5
         WHERE session_id = ?6 AND hierarchy_path >= ?7 AND hierarchy_path < ?8`,
        [
          newPath,
          oldPath.length,
          levelDelta,
          rootId,
          groupId,
          task.session_id,
          oldPath,
          subtreeEnd(oldPath),
        ],
      );
    }
    const sameList =
      (parent?.task_id ?? null) === task.parent_task_id && groupId === task.task_group;
    if (!sameList)
      await renumberSiblings(db, task.session_id, task.parent_task_id, task.task_group);
    await renumberSiblings(
      db,
      task.session_id,
      parent?.task_id ?? null,
      groupId,
      taskId,
      target.position,
    );
    await touchSession(db, task.session_id);
    return getTask(db, taskId);
  });
}

/** Deletes a task and its subtasks, and removes them from other tasks' dependency lists. */
export async function deleteTask(db: Db, taskId: string): Promise<Result<null, AppError>> {
  return db.transaction(async () => {
    const found = await getTask(db, taskId);
    if (!found.ok) return found;
    const task = found.value;
    const session = await writableSession(db, task.session_id);
    if (!session.ok) return session;
    const ids = await db.all<{ task_id: string }>(
      'SELECT task_id FROM tasks WHERE session_id = ? AND hierarchy_path >= ? AND hierarchy_path < ?',
      [task.session_id, task.hierarchy_path, subtreeEnd(task.hierarchy_path)],
    );
    await detachTasks(
      db,
      task.session_id,
      ids.map((row) => row.task_id),
    );
    await db.run('DELETE FROM tasks WHERE task_id = ?', [taskId]);
    await renumberSiblings(db, task.session_id, task.parent_task_id, task.task_group);
    await touchSession(db, task.session_id);
    return ok(null);
  });
}
