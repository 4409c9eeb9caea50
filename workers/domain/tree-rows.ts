/**
 * Compact task rows for the tree view. A session's tasks are read as one JSON text built by
 * SQLite (`json_group_array`), so 10,000 rows cross the worker boundary as a single string
 * instead of 10,000 objects, which is several times faster to send and to rebuild.
 */
import type { Db } from '../db/sqlite';

/**
 * One task in the tree: [task_id, parent_task_id, task_group, title, status,
 * position_in_group, level, estimated_effort, dependency count, specialist_type, due_date,
 * scheduled_date].
 */
export type TreeRow = [
  string,
  string | null,
  string | null,
  string,
  string,
  number,
  number,
  number | null,
  number,
  string | null,
  string | null,
  string | null,
];

const columns = `json_array(task_id, parent_task_id, task_group, title, status, position_in_group,
  level, estimated_effort, json_array_length(coalesce(depends_on, '[]')), specialist_type,
  due_date, scheduled_date)`;

/** All tasks of a session as a JSON array of TreeRow. */
export async function treeRowsJson(db: Db, sessionId: string): Promise<string> {
  const row = await db.get<{ rows: string }>(
    `SELECT json_group_array(${columns}) AS rows FROM tasks WHERE session_id = ?`,
    [sessionId],
  );
  return row?.rows ?? '[]';
}

/** Tasks by rowid (those that still exist) as TreeRows: the rows a change notice carries. */
export async function treeRowsByRowid(db: Db, rowids: readonly number[]): Promise<TreeRow[]> {
  const row = await db.get<{ rows: string }>(
    `SELECT json_group_array(${columns}) AS rows FROM tasks
     WHERE rowid IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(rowids)],
  );
  return JSON.parse(row?.rows ?? '[]') as TreeRow[];
}

/** The given tasks (those that still exist) as a JSON array of TreeRow. */
export async function treeRowsByIdJson(db: Db, taskIds: readonly string[]): Promise<string> {
  const row = await db.get<{ rows: string }>(
    `SELECT json_group_array(${columns}) AS rows FROM tasks
     WHERE task_id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(taskIds)],
  );
  return row?.rows ?? '[]';
}
