/**
 * The reads the session.md mirror needs beyond the domain's own lists: every task's file
 * fields at once, sibling order, and which ids exist (in this session or any other).
 */
import type { Db } from '../db/sqlite';
import type { TaskDoc } from '../../core/session-md/session-doc';

/**
 * The task fields session.md shows, for every task of a session, read as one JSON text built
 * by SQLite: crossing from wasm once instead of once per row and column is several times
 * faster for large sessions.
 */
export async function taskDocRows(db: Db, sessionId: string): Promise<TaskDoc[]> {
  const row = await db.get<{ rows: string }>(
    `SELECT json_group_array(json_array(task_id, parent_task_id, task_group, position_in_group,
       title, status, specialist_type, estimated_effort, actual_effort, complexity_level,
       due_date, scheduled_date,
       json(CASE WHEN json_type(depends_on) = 'array' THEN depends_on ELSE '[]' END),
       json(CASE WHEN json_type(related_tasks) = 'array' THEN related_tasks ELSE '[]' END),
       description)) AS rows
     FROM tasks WHERE session_id = ?`,
    [sessionId],
  );
  const rows = JSON.parse(row?.rows ?? '[]') as Array<
    [
      string,
      string | null,
      string | null,
      number,
      string,
      TaskDoc['status'],
      string | null,
      number | null,
      number | null,
      TaskDoc['complexity_level'],
      string | null,
      string | null,
      unknown[],
      unknown[],
      string | null,
    ]
  >;
  const ids = (list: unknown[]) => list.filter((id): id is string => typeof id === 'string');
  return rows.map((r) => ({
    task_id: r[0],
    parent_task_id: r[1],
    task_group: r[2],
    position_in_group: r[3],
    title: r[4],
    status: r[5],
    specialist_type: r[6],
    estimated_effort: r[7],
    actual_effort: r[8],
    complexity_level: r[9],
    due_date: r[10],
    scheduled_date: r[11],
    depends_on: ids(r[12]),
    related_tasks: ids(r[13]),
    description: r[14],
  }));
}

/** Each task's position among its siblings (one lean read instead of every full row). */
export async function taskPositions(db: Db, sessionId: string): Promise<Map<string, number>> {
  const rows = await db.all<{ task_id: string; position_in_group: number }>(
    'SELECT task_id, position_in_group FROM tasks WHERE session_id = ?',
    [sessionId],
  );
  return new Map(rows.map((t) => [t.task_id, t.position_in_group]));
}

/** The ids of a group's subgroups (or the top-level groups, for null), in order. */
export async function subgroupOrder(
  db: Db,
  sessionId: string,
  parentGroupId: string | null,
): Promise<string[]> {
  const rows = await db.all<{ group_id: string }>(
    'SELECT group_id FROM task_groups WHERE session_id = ? AND parent_group_id IS ? ORDER BY position_in_session',
    [sessionId, parentGroupId],
  );
  return rows.map((r) => r.group_id);
}

export async function taskExists(db: Db, taskId: string): Promise<boolean> {
  return (await db.get('SELECT 1 AS x FROM tasks WHERE task_id = ?', [taskId])) !== undefined;
}

export async function groupExists(db: Db, groupId: string): Promise<boolean> {
  return (
    (await db.get('SELECT 1 AS x FROM task_groups WHERE group_id = ?', [groupId])) !== undefined
  );
}

export async function sessionExists(db: Db, sessionId: string): Promise<boolean> {
  return (
    (await db.get('SELECT 1 AS x FROM sessions WHERE session_id = ?', [sessionId])) !== undefined
  );
}

/** Which of these task and group ids some session in the database already uses. */
export async function takenEntityIds(
  db: Db,
  taskIds: readonly string[],
  groupIds: readonly string[],
): Promise<Map<string, 'task' | 'group'>> {
  const taken = new Map<string, 'task' | 'group'>();
  const tasks = await db.all<{ id: string }>(
    'SELECT task_id AS id FROM tasks WHERE task_id IN (SELECT value FROM json_each(?))',
    [JSON.stringify(taskIds)],
  );
  const groups = await db.all<{ id: string }>(
    'SELECT group_id AS id FROM task_groups WHERE group_id IN (SELECT value FROM json_each(?))',
    [JSON.stringify(groupIds)],
  );
  for (const { id } of tasks) taken.set(id, 'task');
  for (const { id } of groups) taken.set(id, 'group');
  return taken;
}
