/**
 * Creating many tasks at once (importing a plan, generating benchmark data): the hierarchy
 * fields are computed here for the whole batch and the rows go in with one statement over
 * `json_each`, instead of one round of statements per task. Same rules as createTask:
 * the session must take new tasks, groups must belong to it, parents come first.
 */
import type { ComplexityLevel, TaskStatus } from '../../core/model';
import { complexityLevels, taskStatuses } from '../../core/model';
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, ok } from '../result';
import { touchSession, writableSession } from './guards';
import { isValidId, now } from './ids';
import { isoDateProblem } from '../../core/dates';

export interface BulkTask {
  task_id: string;
  title: string;
  /** A task earlier in the same batch, or null for a top-level task. */
  parent_task_id: string | null;
  /** For top-level tasks; subtasks take their parent's group. */
  task_group: string | null;
  status?: TaskStatus;
  estimated_effort?: number | null;
  description?: string | null;
  depends_on?: string[];
  related_tasks?: string[];
  specialist_type?: string | null;
  complexity_level?: ComplexityLevel;
  actual_effort?: number | null;
  /** When a completed task was completed (default: now). */
  completed_at?: string | null;
  due_date?: string | null;
  scheduled_date?: string | null;
}

/** Inserts a batch of new tasks (parents before children) in one transaction. */
export async function bulkCreateTasks(
  db: Db,
  sessionId: string,
  tasks: readonly BulkTask[],
): Promise<Result<number, AppError>> {
  return db.transaction(async () => {
    const session = await writableSession(db, sessionId, { addingTasks: true });
    if (!session.ok) return session;
    const groups = new Set(
      (
        await db.all<{ group_id: string }>(
          'SELECT group_id FROM task_groups WHERE session_id = ?',
          [sessionId],
        )
      ).map((g) => g.group_id),
    );
    const placed = new Map<
      string,
      { path: string; level: number; root: string; group: string | null }
    >();
    const positions = new Map<string, number>();
    const at = now();
    const rows: unknown[] = [];
    for (const task of tasks) {
      if (!isValidId(task.task_id) || placed.has(task.task_id)) {
        return err({
          type: 'Validation',
          field: 'task_id',
          message: `Invalid or repeated task id "${task.task_id}".`,
        });
      }
      if (task.title.trim() === '')
        return err({ type: 'Validation', field: 'title', message: 'title must not be empty.' });
      if (task.status && !taskStatuses.includes(task.status)) {
        return err({
          type: 'Validation',
          field: 'status',
          message: `Unknown task status "${task.status}".`,
        });
      }
      if (
        task.complexity_level !== undefined &&
        !complexityLevels.includes(task.complexity_level)
      ) {
        return err({
          type: 'Validation',
          field: 'complexity_level',
          message: `Unknown complexity "${task.complexity_level}".`,
        });
      }
      for (const [field, label, value] of [
        ['due_date', 'The due date', task.due_date],
        ['scheduled_date', 'The scheduled date', task.scheduled_date],
      ] as const) {
        const problem = isoDateProblem(label, value ?? null);
        if (problem !== null)
          return err({ type: 'Validation', field, message: `"${task.title}": ${problem}` });
      }
      const parent = task.parent_task_id ? placed.get(task.parent_task_id) : undefined;
      if (task.parent_task_id && !parent) {
        return err({
          type: 'Validation',
          field: 'parent_task_id',
          message: `The parent of "${task.title}" must come earlier in the batch.`,
        });
      }
      const group = parent ? parent.group : task.task_group;
      if (group !== null && !groups.has(group)) {
        return err({
          type: 'Validation',
          field: 'task_group',
          message: `No group "${group}" in this session.`,
        });
      }
      const container = task.parent_task_id ?? `group:${group ?? ''}`;
      const position = positions.get(container) ?? 0;
      positions.set(container, position + 1);
      const path = parent
        ? `${parent.path}${task.task_id}/`
        : `/${sessionId}/${group ?? '_'}/${task.task_id}/`;
      const level = parent ? parent.level + 1 : 0;
      const root = parent ? parent.root : task.task_id;
      placed.set(task.task_id, { path, level, root, group });
      const status = task.status ?? 'pending';
      rows.push([
        task.task_id,
        task.parent_task_id,
        root,
        group,
        level,
        path,
        position,
        task.title.trim(),
        task.description ?? null,
        status,
        status === 'completed' ? 100 : 0,
        task.estimated_effort ?? null,
        JSON.stringify(task.depends_on ?? []),
        status === 'completed' ? (task.completed_at ?? at) : null,
        JSON.stringify(task.related_tasks ?? []),
        task.specialist_type ?? null,
        task.complexity_level ?? 'moderate',
        task.actual_effort ?? null,
        task.due_date ?? null,
        task.scheduled_date ?? null,
      ]);
    }
    // Appending to lists that already have tasks starts after them.
    await db.run(
      `INSERT INTO tasks (task_id, session_id, parent_task_id, root_task_id, task_group, level,
         hierarchy_path, position_in_group, title, description, status, progress_percentage,
         estimated_effort, depends_on, blocks, related_tasks, created_at, started_at, completed_at,
         last_updated_at, specialist_type, complexity_level, actual_effort, due_date,
         scheduled_date)
       SELECT r.value ->> 0, ?1, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4,
         r.value ->> 5,
         r.value ->> 6 + CASE WHEN r.value ->> 1 IS NULL THEN (
             SELECT count(*) FROM tasks e WHERE e.session_id = ?1 AND e.task_group IS r.value ->> 3
               AND e.parent_task_id IS NULL) ELSE 0 END,
         r.value ->> 7, r.value ->> 8, r.value ->> 9, r.value ->> 10, r.value ->> 11, r.value ->> 12,
         '[]', r.value ->> 14, ?2, r.value ->> 13, r.value ->> 13, ?2, r.value ->> 15,
         r.value ->> 16, r.value ->> 17, r.value ->> 18, r.value ->> 19
       FROM json_each(?3) r`,
      [sessionId, at, JSON.stringify(rows)],
    );
    // blocks is the inverse of depends_on, within the batch.
    await db.run(
      `UPDATE tasks SET blocks = (
         SELECT json_group_array(d.task_id) FROM tasks d, json_each(d.depends_on) j
         WHERE d.session_id = ?1 AND j.value = tasks.task_id)
       WHERE session_id = ?1 AND task_id IN (
         SELECT j.value FROM tasks d, json_each(d.depends_on) j
         WHERE d.task_id IN (SELECT r.value ->> 0 FROM json_each(?2) r))`,
      [sessionId, JSON.stringify(rows)],
    );
    await touchSession(db, sessionId);
    return ok(tasks.length);
  });
}
