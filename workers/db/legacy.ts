/**
 * The legacy path of database-design.md ("Existing tasks table can be migrated by adding
 * session_id"): an older, task-only database is moved into the session schema with nothing
 * lost. Runs inside migration 1's transaction (see migrate.ts).
 */
import type { Db } from './sqlite';

/** The default session that receives the tasks of a task-only database. */
export const legacySessionId = 'session_legacy';
const legacySessionName = 'Imported tasks';

export async function isLegacyTaskOnlyDatabase(db: Db): Promise<boolean> {
  const columns = await db.all<{ name: string }>("SELECT name FROM pragma_table_info('tasks')");
  return columns.length > 0 && !columns.some((column) => column.name === 'session_id');
}

// Older status words mapped onto the app's task statuses; others fall back to 'pending'
// (the original value stays in legacy_tasks).
const statusFromLegacy = `CASE lower(trim(coalesce(status, '')))
  WHEN 'pending' THEN 'pending' WHEN 'todo' THEN 'pending' WHEN 'planned' THEN 'pending'
  WHEN 'active' THEN 'in_progress' WHEN 'in_progress' THEN 'in_progress'
  WHEN 'in-progress' THEN 'in_progress' WHEN 'running' THEN 'in_progress'
  WHEN 'completed' THEN 'completed' WHEN 'complete' THEN 'completed' WHEN 'done' THEN 'completed'
  WHEN 'blocked' THEN 'blocked' WHEN 'failed' THEN 'blocked'
  WHEN 'cancelled' THEN 'cancelled' WHEN 'canceled' THEN 'cancelled'
  ELSE 'pending' END`;

/** Columns copied as they are when the old table has them (same meaning in both schemas). */
const sameNameColumns = [
  'task_id',
  'parent_task_id',
  'description',
  'specialist_type',
  'complexity_level',
  'progress_percentage',
  'estimated_effort',
  'actual_effort',
  'depends_on',
  'blocks',
  'related_tasks',
  'verification_status',
  'created_at',
  'started_at',
  'completed_at',
  'last_updated_at',
];

/**
 * Renames the old table to `legacy_tasks`, runs `createSchema` (migration 1), then copies
 * every old task into `tasks` under one default session, fixing the hierarchy fields.
 */
export async function importLegacyTasks(db: Db, createSchema: () => Promise<void>): Promise<void> {
  // Old indexes and triggers would collide with the new schema's names; the data stays.
  const attached = await db.all<{ type: string; name: string }>(
    "SELECT type, name FROM sqlite_master WHERE tbl_name = 'tasks' AND type IN ('index', 'trigger') AND sql IS NOT NULL",
  );
  for (const { type, name } of attached) {
    await db.exec(`DROP ${type === 'index' ? 'INDEX' : 'TRIGGER'} "${name.replaceAll('"', '""')}"`);
  }
  await db.exec('ALTER TABLE tasks RENAME TO legacy_tasks');
  await createSchema();

  const oldColumns = new Set(
    (await db.all<{ name: string }>("SELECT name FROM pragma_table_info('legacy_tasks')")).map(
      (column) => column.name,
    ),
  );
  const now = new Date().toISOString();
  await db.run(
    `INSERT INTO sessions (session_id, name, description, status, created_at, activated_at, last_activity_at)
     VALUES (?, ?, ?, 'active', ?, ?, ?)`,
    [
      legacySessionId,
      legacySessionName,
      'Tasks from an older, task-only database. The original rows are kept in the legacy_tasks table.',
      now,
      now,
      now,
    ],
  );
  await db.run('INSERT INTO active_session (id, session_id, activated_at) VALUES (1, ?, ?)', [
    legacySessionId,
    now,
  ]);

  const copied = sameNameColumns.filter((column) => oldColumns.has(column));
  const title = oldColumns.has('title')
    ? "coalesce(nullif(trim(title), ''), substr(description, 1, 200), task_id)"
    : oldColumns.has('description')
      ? 'coalesce(substr(description, 1, 200), task_id)'
      : 'task_id';
  const status = oldColumns.has('status') ? statusFromLegacy : "'pending'";
  // Parents are fixed below; defer foreign keys so rows can arrive in any order.
  await db.exec('PRAGMA defer_foreign_keys = ON');
  await db.run(
    `INSERT INTO tasks (session_id, title, status, ${copied.join(', ')})
     SELECT ?, ${title}, ${status}, ${copied.join(', ')} FROM legacy_tasks`,
    [legacySessionId],
  );
  await db.run(
    `UPDATE tasks SET parent_task_id = NULL
     WHERE parent_task_id IS NOT NULL AND parent_task_id NOT IN (SELECT task_id FROM tasks)`,
  );
  await db.run(
    `WITH ordered AS (
       SELECT task_id, row_number() OVER (PARTITION BY parent_task_id ORDER BY rowid) - 1 AS pos
       FROM tasks WHERE session_id = ?1
     )
     UPDATE tasks SET position_in_group = ordered.pos FROM ordered WHERE tasks.task_id = ordered.task_id`,
    [legacySessionId],
  );
  await rebuildHierarchy(db, legacySessionId);
  // A parent cycle in old data leaves its members unreached: make them top-level, retry.
  const changed = await db.run(
    'UPDATE tasks SET parent_task_id = NULL WHERE session_id = ? AND hierarchy_path IS NULL',
    [legacySessionId],
  );
  if (changed > 0) await rebuildHierarchy(db, legacySessionId);
}

/** Recomputes root_task_id, level and hierarchy_path of a session's ungrouped task forest. */
async function rebuildHierarchy(db: Db, sessionId: string): Promise<void> {
  await db.run(
    `WITH RECURSIVE tree(task_id, root, lvl, path) AS (
       SELECT task_id, task_id, 0, '/' || session_id || '/_/' || task_id || '/'
       FROM tasks WHERE session_id = ?1 AND parent_task_id IS NULL
       UNION ALL
       SELECT t.task_id, tree.root, tree.lvl + 1, tree.path || t.task_id || '/'
       FROM tasks t JOIN tree ON t.parent_task_id = tree.task_id
     )
     UPDATE tasks SET root_task_id = tree.root, level = tree.lvl, hierarchy_path = tree.path
     FROM tree WHERE tasks.task_id = tree.task_id`,
    [sessionId],
  );
}
