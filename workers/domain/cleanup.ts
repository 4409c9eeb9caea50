/**
 * Cleanup of inconsistent data: orphans (rows whose session, parent, group or owner is gone),
 * wrong hierarchy fields and group levels, dangling or one-sided dependency lists, stale
 * counters, a wrong `active_session`, sync state for a gone session or file, and a search
 * index out of step. `findProblems` is the dry run; `fixProblems` applies every fix in one
 * transaction. Fixes keep what people wrote whenever they can: an orphaned subtask becomes a
 * top-level task, a dangling group link becomes "ungrouped"; only rows whose session is gone
 * are deleted, because nothing can hold them.
 */
import type { Db } from '../db/sqlite';
import { type AppError, type Result, ok } from '../result';
import { sameIds } from './cleanup-plan';
import {
  type CleanupOptions,
  type CleanupProblem,
  type CleanupReport,
  type Snapshot,
  dependencyProblems,
  hierarchyProblems,
  readSnapshot,
} from './cleanup-problems';
import {
  activeSessionProblems,
  counterProblems,
  docKey,
  orphanProblems,
  searchProblems,
} from './cleanup-records';

export type {
  CleanupOptions,
  CleanupProblem,
  CleanupReport,
  ProblemKind,
} from './cleanup-problems';
export { problemKinds } from './cleanup-problems';

async function findWith(db: Db, snapshot: Snapshot, options: CleanupOptions) {
  return [
    ...hierarchyProblems(snapshot),
    ...dependencyProblems(snapshot),
    ...(await counterProblems(db)),
    ...(await activeSessionProblems(db, snapshot)),
    ...(await orphanProblems(db, options)),
    ...(await searchProblems(db)),
  ];
}

/** The dry run: every problem found, with what fixing would do. Changes nothing. */
export async function findProblems(
  db: Db,
  options: CleanupOptions = {},
): Promise<Result<CleanupProblem[], AppError>> {
  return ok(await findWith(db, await readSnapshot(db), options));
}

/** Runs `sql` once per batch of ids (bound as one JSON array). */
async function forIds(db: Db, sql: string, ids: Iterable<string>): Promise<void> {
  const list = [...ids];
  if (list.length > 0) await db.run(sql, [JSON.stringify(list)]);
}

/**
 * Applies the links and hierarchy of the plan. Links are cut and paths recomputed before any
 * row is deleted: a foreign-key cascade from a deleted task or group must not reach a row
 * that is kept.
 */
async function applyHierarchy(db: Db, snapshot: Snapshot): Promise<void> {
  const { hierarchy } = snapshot;
  for (const g of snapshot.groups) {
    const plan = hierarchy.groups.get(g.group_id);
    if (!plan) continue;
    if (plan.parent_group_id !== g.parent_group_id || plan.group_level !== g.group_level) {
      await db.run(
        'UPDATE task_groups SET parent_group_id = ?, group_level = ? WHERE group_id = ?',
        [plan.parent_group_id, plan.group_level, g.group_id],
      );
    }
  }
  for (const t of snapshot.tasks) {
    const plan = hierarchy.tasks.get(t.task_id);
    if (!plan) continue;
    if (
      plan.parent_task_id !== t.parent_task_id ||
      plan.root_task_id !== t.root_task_id ||
      plan.task_group !== t.task_group ||
      plan.level !== t.level ||
      plan.hierarchy_path !== t.hierarchy_path
    ) {
      await db.run(
        `UPDATE tasks SET parent_task_id = ?, root_task_id = ?, task_group = ?, level = ?,
           hierarchy_path = ? WHERE task_id = ?`,
        [
          plan.parent_task_id,
          plan.root_task_id,
          plan.task_group,
          plan.level,
          plan.hierarchy_path,
          t.task_id,
        ],
      );
    }
  }
  await forIds(
    db,
    'DELETE FROM tasks WHERE task_id IN (SELECT value FROM json_each(?))',
    hierarchy.doomedTasks,
  );
  await forIds(
    db,
    'DELETE FROM task_groups WHERE group_id IN (SELECT value FROM json_each(?))',
    hierarchy.doomedGroups,
  );
}

async function applyDependencies(db: Db, snapshot: Snapshot): Promise<void> {
  for (const t of snapshot.tasks) {
    const plan = snapshot.dependencies.get(t.task_id);
    if (!plan) continue;
    const sets: string[] = [];
    const params: string[] = [];
    for (const column of ['depends_on', 'blocks', 'related_tasks'] as const) {
      const planned = plan[column];
      const differs =
        column === 'depends_on'
          ? planned.join('\n') !== t.depends_on.join('\n')
          : planned.length !== t[column].length || !sameIds(planned, t[column]);
      if (differs) {
        sets.push(`${column} = ?`);
        params.push(JSON.stringify(planned));
      }
    }
    if (sets.length > 0) {
      await db.run(`UPDATE tasks SET ${sets.join(', ')} WHERE task_id = ?`, [...params, t.task_id]);
    }
  }
}

async function applyRest(db: Db, problems: readonly CleanupProblem[]): Promise<void> {
  for (const problem of problems) {
    if (problem.kind === 'sync_state_orphan' || problem.kind === 'sync_file_missing') {
      await db.run('DELETE FROM markdown_sync_state WHERE sync_id = ?', [problem.id]);
    }
  }
  // Satellite rows whose owner is gone; the same conditions as the dry run's queries.
  await db.run(
    'DELETE FROM session_notes WHERE session_id NOT IN (SELECT session_id FROM sessions)',
  );
  await db.run(
    'DELETE FROM markdown_backups WHERE session_id NOT IN (SELECT session_id FROM sessions)',
  );
  await db.run(
    'DELETE FROM session_change_log WHERE session_id NOT IN (SELECT session_id FROM sessions)',
  );
  await db.run(
    `DELETE FROM session_mode_bindings WHERE session_id NOT IN (SELECT session_id FROM sessions)
       OR mode_id NOT IN (SELECT mode_id FROM session_modes)`,
  );
  await db.run(
    'DELETE FROM markdown_sync_base WHERE sync_id NOT IN (SELECT sync_id FROM markdown_sync_state)',
  );
  // The singleton names the session whose status is active, or nothing.
  await db.run(
    `DELETE FROM active_session WHERE session_id IS NOT
       (SELECT session_id FROM sessions WHERE status = 'active' LIMIT 1)`,
  );
  await db.run(
    `INSERT INTO active_session (id, session_id, activated_at)
     SELECT 1, session_id, coalesce(activated_at, last_activity_at) FROM sessions
     WHERE status = 'active' LIMIT 1
     ON CONFLICT (id) DO NOTHING`,
  );
  // Counters last, after every task that moved or went away: a recount, as in migration 0003.
  await db.exec(`
    UPDATE sessions SET
      total_tasks = (SELECT count(*) FROM tasks t WHERE t.session_id = sessions.session_id),
      completed_tasks = (SELECT count(*) FROM tasks t
                         WHERE t.session_id = sessions.session_id AND t.status = 'completed');
    UPDATE sessions SET progress_percentage = CASE WHEN total_tasks = 0 THEN 0.0
      ELSE round(100.0 * completed_tasks / total_tasks, 2) END;
    UPDATE task_groups SET
      total_tasks = (SELECT count(*) FROM tasks t WHERE t.task_group = task_groups.group_id),
      completed_tasks = (SELECT count(*) FROM tasks t
                         WHERE t.task_group = task_groups.group_id AND t.status = 'completed');
    UPDATE task_groups SET progress_percentage = CASE WHEN total_tasks = 0 THEN 0.0
      ELSE round(100.0 * completed_tasks / total_tasks, 2) END;
  `);
  if (problems.some((p) => p.kind === 'search_index_stale')) await rebuildSearchIndex(db);
}

/** Makes search_documents match the source tables again and rebuilds the FTS index from it. */
async function rebuildSearchIndex(db: Db): Promise<void> {
  await db.run(
    `DELETE FROM search_documents WHERE (${docKey}) NOT IN (SELECT ${docKey} FROM search_sources)`,
  );
  await db.run(
    `INSERT INTO search_documents (${docKey}) SELECT ${docKey} FROM search_sources WHERE true
     ON CONFLICT (kind, ref_id) DO UPDATE SET session_id = excluded.session_id,
       title = excluded.title, body = excluded.body`,
  );
  await db.run("INSERT INTO search_index (search_index) VALUES ('rebuild')");
}

/**
 * Fixes every problem the dry run finds, in one transaction, and reports what it fixed and
 * what a dry run still finds afterwards (nothing, unless something changed under it).
 */
export async function fixProblems(
  db: Db,
  options: CleanupOptions = {},
): Promise<Result<CleanupReport, AppError>> {
  return db.transaction(async () => {
    const snapshot = await readSnapshot(db);
    const fixed = await findWith(db, snapshot, options);
    if (fixed.length === 0) return ok({ fixed, remaining: [] });
    await applyHierarchy(db, snapshot);
    await applyDependencies(db, snapshot);
    await applyRest(db, fixed);
    const remaining = await findWith(db, await readSnapshot(db), options);
    return ok({ fixed, remaining });
  });
}
