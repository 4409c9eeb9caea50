/**
 * The problems cleanup finds by querying rather than planning: stale counters, a wrong
 * `active_session`, sync state for a gone session or file, satellite rows whose owner is gone,
 * and a search index out of step with the searchable text.
 */
import type { Db } from '../db/sqlite';
import { type CleanupOptions, type CleanupProblem, type Snapshot, quote } from './cleanup-problems';

interface CounterRow {
  id: string;
  name: string;
  total_tasks: number | null;
  completed_tasks: number | null;
  progress_percentage: number | null;
  actual_total: number;
  actual_completed: number;
}

const percentOf = (done: number, total: number) =>
  total === 0 ? 0 : Math.round((10000 * done) / total) / 100;

export async function counterProblems(db: Db): Promise<CleanupProblem[]> {
  const sessions = await db.all<CounterRow>(
    `SELECT s.session_id AS id, s.name, s.total_tasks, s.completed_tasks, s.progress_percentage,
       coalesce(c.n, 0) AS actual_total, coalesce(c.done, 0) AS actual_completed
     FROM sessions s LEFT JOIN (
       SELECT session_id, count(*) AS n, sum(status = 'completed') AS done
       FROM tasks GROUP BY session_id) c ON c.session_id = s.session_id`,
  );
  const groups = await db.all<CounterRow>(
    `SELECT g.group_id AS id, g.group_name AS name, g.total_tasks, g.completed_tasks,
       g.progress_percentage, coalesce(c.n, 0) AS actual_total, coalesce(c.done, 0) AS actual_completed
     FROM task_groups g LEFT JOIN (
       SELECT task_group, count(*) AS n, sum(status = 'completed') AS done
       FROM tasks WHERE task_group IS NOT NULL GROUP BY task_group) c ON c.task_group = g.group_id`,
  );
  const problems: CleanupProblem[] = [];
  const check = (row: CounterRow, table: string, what: string) => {
    const percentage = percentOf(row.actual_completed, row.actual_total);
    if (
      row.total_tasks === row.actual_total &&
      row.completed_tasks === row.actual_completed &&
      row.progress_percentage !== null &&
      Math.abs(row.progress_percentage - percentage) < 0.006
    ) {
      return;
    }
    problems.push({
      kind: 'counters_stale',
      table,
      id: row.id,
      message:
        `${what} ${quote(row.name)} (${row.id}) says ${row.completed_tasks} of ${row.total_tasks} ` +
        `tasks done (${row.progress_percentage}%); it has ${row.actual_completed} of ${row.actual_total} (${percentage}%).`,
      fix: 'Recount its tasks.',
    });
  };
  for (const row of sessions) check(row, 'sessions', 'Session');
  for (const row of groups) check(row, 'task_groups', 'Group');
  return problems;
}

export async function activeSessionProblems(db: Db, snapshot: Snapshot): Promise<CleanupProblem[]> {
  const row = await db.get<{ session_id: string }>(
    'SELECT session_id FROM active_session WHERE id = 1',
  );
  const activeStatus = [...snapshot.sessions].find(([, s]) => s.status === 'active')?.[0];
  const problems: CleanupProblem[] = [];
  if (row && row.session_id !== activeStatus) {
    const session = snapshot.sessions.get(row.session_id);
    problems.push({
      kind: 'active_session_wrong',
      table: 'active_session',
      id: '1',
      message: session
        ? `The active session is recorded as ${quote(session.name)} (${row.session_id}), whose status is ${session.status}.`
        : `The active session is recorded as "${row.session_id}", which does not exist.`,
      fix: activeStatus
        ? `Record session "${activeStatus}" (the one whose status is active) instead.`
        : 'Clear it: no session is active.',
    });
  } else if (!row && activeStatus) {
    problems.push({
      kind: 'active_session_missing',
      table: 'active_session',
      id: '1',
      message: `Session "${activeStatus}" has status active but is not recorded as the active session.`,
      fix: 'Record it as the active session.',
    });
  }
  return problems;
}

/** Rows of the session's satellite tables whose owner is gone (foreign keys would cascade). */
const orphanQueries: readonly { table: string; sql: string; what: string }[] = [
  {
    table: 'session_notes',
    what: 'Notes',
    sql: `SELECT session_id AS id, session_id AS owner FROM session_notes
          WHERE session_id NOT IN (SELECT session_id FROM sessions)`,
  },
  {
    table: 'markdown_backups',
    what: 'A file backup',
    sql: `SELECT backup_id AS id, session_id AS owner FROM markdown_backups
          WHERE session_id NOT IN (SELECT session_id FROM sessions)`,
  },
  {
    table: 'session_change_log',
    what: 'A change-log entry',
    sql: `SELECT CAST(entry_id AS TEXT) AS id, session_id AS owner FROM session_change_log
          WHERE session_id NOT IN (SELECT session_id FROM sessions)`,
  },
  {
    table: 'session_mode_bindings',
    what: 'A mode binding',
    sql: `SELECT session_id || '/' || mode_id AS id,
            CASE WHEN session_id NOT IN (SELECT session_id FROM sessions) THEN session_id
              ELSE mode_id END AS owner
          FROM session_mode_bindings
          WHERE session_id NOT IN (SELECT session_id FROM sessions)
             OR mode_id NOT IN (SELECT mode_id FROM session_modes)`,
  },
  {
    table: 'markdown_sync_base',
    what: 'A merge base',
    sql: `SELECT sync_id AS id, sync_id AS owner FROM markdown_sync_base
          WHERE sync_id NOT IN (SELECT sync_id FROM markdown_sync_state)`,
  },
];

export async function orphanProblems(db: Db, options: CleanupOptions): Promise<CleanupProblem[]> {
  const problems: CleanupProblem[] = [];
  const syncRows = await db.all<{
    sync_id: string;
    session_id: string;
    path: string;
    gone: number;
  }>(
    `SELECT sync_id, session_id, markdown_file_path AS path,
       session_id NOT IN (SELECT session_id FROM sessions) AS gone
     FROM markdown_sync_state ORDER BY sync_id`,
  );
  const files = options.existingFiles ? new Set(options.existingFiles) : null;
  for (const row of syncRows) {
    if (row.gone) {
      problems.push({
        kind: 'sync_state_orphan',
        table: 'markdown_sync_state',
        id: row.sync_id,
        message: `Sync state for "${row.path}" belongs to session "${row.session_id}", which no longer exists.`,
        fix: 'Delete the sync state (and its merge base).',
      });
    } else if (files && !files.has(row.path)) {
      problems.push({
        kind: 'sync_file_missing',
        table: 'markdown_sync_state',
        id: row.sync_id,
        message: `Sync state of session "${row.session_id}" refers to "${row.path}", which no longer exists.`,
        fix: 'Forget the sync state; the next sync writes the file afresh from the database.',
      });
    }
  }
  for (const query of orphanQueries) {
    for (const row of await db.all<{ id: string; owner: string }>(query.sql)) {
      problems.push({
        kind: 'orphan_row',
        table: query.table,
        id: row.id,
        message: `${query.what} (${query.table} ${row.id}) belongs to "${row.owner}", which no longer exists.`,
        fix: 'Delete it: what it belongs to is gone.',
      });
    }
  }
  return problems;
}

/** The columns of a search document, as compared and rebuilt. */
export const docKey = `kind, ref_id, session_id, title, body`;

export async function searchProblems(db: Db): Promise<CleanupProblem[]> {
  const stale = await db.all<{ kind: string; ref_id: string }>(
    `SELECT kind, ref_id FROM (SELECT ${docKey} FROM search_documents
       EXCEPT SELECT ${docKey} FROM search_sources)
     UNION SELECT kind, ref_id FROM (SELECT ${docKey} FROM search_sources
       EXCEPT SELECT ${docKey} FROM search_documents)
     ORDER BY kind, ref_id`,
  );
  const problems: CleanupProblem[] = stale.map((row) => ({
    kind: 'search_index_stale',
    table: 'search_documents',
    id: `${row.kind}/${row.ref_id}`,
    message: `The search index is out of step for ${row.kind} "${row.ref_id}".`,
    fix: 'Rebuild the search index.',
  }));
  try {
    await db.run("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)");
  } catch {
    // FTS5 reports an index that disagrees with its content table by failing this command.
    problems.push({
      kind: 'search_index_stale',
      table: 'search_index',
      id: 'search_index',
      message: 'The full-text index does not match the searchable text.',
      fix: 'Rebuild the search index.',
    });
  }
  return problems;
}
