/**
 * The database side of session.md: reads a session as a SessionDoc, and applies a SessionDoc
 * (the merged result of a file edit) back to the database through the domain rules, in one
 * transaction. Applying is a diff: only what differs is created, edited, moved or deleted.
 */
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, errorFromThrown, ok } from '../db/result';
import type { GroupDoc, SessionDoc, TaskDoc } from '../../core/session-md/session-doc';
import {
  isTempId,
  sessionDocFromOwnTasks,
  taskContainerKey,
} from '../../core/session-md/session-doc';
import type { SessionStatus, TaskGroup } from '../../core/model';
import { findSession } from '../domain/guards';
import { transitionSession, updateSession } from '../domain/sessions';
import { createGroup, deleteGroup, listGroups, moveGroup, updateGroup } from '../domain/groups';
import { createTask, deleteTask, moveTask, updateTask } from '../domain/tasks';
import { setDependencies, setRelated } from '../domain/dependencies';

/** How many change-log entries the file shows (newest last). */
const changeLogShown = 10;

/** The session as its session.md shows it, read from the database. */
export async function loadSessionDoc(
  db: Db,
  sessionId: string,
): Promise<Result<SessionDoc, AppError>> {
  const found = await findSession(db, sessionId);
  if (!found.ok) return found;
  const notes = await db.get<{ content: string }>(
    'SELECT content FROM session_notes WHERE session_id = ?',
    [sessionId],
  );
  const log = await db.all<{ changed_at: string; message: string }>(
    // Ordered by what the file shows (the minute, then the text), so every copy of a session
    // — in another browser, or read back from the file — lists the same entries the same way.
    `SELECT changed_at, message FROM (
       SELECT changed_at, message, substr(replace(changed_at, 'T', ' '), 1, 16) AS minute
       FROM session_change_log WHERE session_id = ?
       ORDER BY minute DESC, message DESC LIMIT ?)
     ORDER BY minute, message`,
    [sessionId, changeLogShown],
  );
  return ok(
    sessionDocFromOwnTasks({
      session: found.value,
      groups: await listGroups(db, sessionId),
      tasks: await taskDocs(db, sessionId),
      notes: notes?.content ?? null,
      changeLog: log.map(
        (entry) => `${entry.changed_at.slice(0, 16).replace('T', ' ')} — ${entry.message}`,
      ),
    }),
  );
}

/**
 * The task fields session.md shows, for every task of a session, read as one JSON text built
 * by SQLite: crossing from wasm once instead of once per row and column is several times
 * faster for large sessions.
 */
async function taskDocs(db: Db, sessionId: string): Promise<TaskDoc[]> {
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

export interface ApplyReport {
  created: number;
  updated: number;
  moved: number;
  deleted: number;
  /** Edits the rules refused (e.g. a status change the lifecycle forbids), for people. */
  refused: string[];
}

const depth = <T>(items: readonly T[], id: (x: T) => string, parent: (x: T) => string | null) => {
  const byId = new Map(items.map((x) => [id(x), x]));
  const memo = new Map<string, number>();
  const of = (x: T): number => {
    const key = id(x);
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, 0); // guards against a parent loop in bad input
    const p = parent(x);
    const value = p && byId.has(p) ? of(byId.get(p)!) + 1 : 0;
    memo.set(key, value);
    return value;
  };
  return of;
};

/** Unwraps a domain Result inside the apply transaction: a refusal aborts the whole apply. */
class ApplyAbort extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.error = error;
  }
}
function must<T>(result: Result<T, AppError>): T {
  if (!result.ok) throw new ApplyAbort(result.error);
  return result.value;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Makes the database match `target` for one session. `target` must carry real ids (replace
 * the parser's temporary ids first). Either everything applies or nothing does; a lifecycle
 * status the state machine refuses is reported in `refused` and the rest still applies.
 */
export async function applySessionDoc(
  db: Db,
  sessionId: string,
  target: SessionDoc,
  /** The session as the database has it now, when the caller just loaded it. */
  loaded?: SessionDoc,
): Promise<Result<ApplyReport, AppError>> {
  const temp = [
    ...target.groups.map((g) => g.group_id),
    ...target.tasks.map((t) => t.task_id),
  ].find(isTempId);
  if (temp)
    return err({
      type: 'Validation',
      field: 'doc',
      message: `The document still has a temporary id (${temp}).`,
    });
  try {
    return await db.transaction(async () =>
      ok(await applyInTransaction(db, sessionId, target, loaded)),
    );
  } catch (error) {
    if (error instanceof ApplyAbort) return err(error.error);
    // A constraint the database enforced (or a bug): the transaction rolled back, so report
    // it as a value; the sync engine must never see a throw from applying a file.
    return err(errorFromThrown(error));
  }
}

async function applyInTransaction(
  db: Db,
  sessionId: string,
  target: SessionDoc,
  loaded: SessionDoc | undefined,
): Promise<ApplyReport> {
  const report: ApplyReport = { created: 0, updated: 0, moved: 0, deleted: 0, refused: [] };
  const current = loaded ?? must(await loadSessionDoc(db, sessionId));
  await applyHeader(db, sessionId, current, target, report);
  await applyGroups(db, sessionId, current.groups, target.groups, report);
  await applyTasks(db, sessionId, current.tasks, target.tasks, report);
  // Groups go last: tasks that left a deleted group have moved out by now.
  const keep = new Set(target.groups.map((g) => g.group_id));
  for (const group of current.groups) {
    if (keep.has(group.group_id)) continue;
    const exists = await db.get('SELECT 1 AS x FROM task_groups WHERE group_id = ?', [
      group.group_id,
    ]);
    if (exists) {
      must(await deleteGroup(db, group.group_id));
      report.deleted++;
    }
  }
  await applyChangeLog(db, sessionId, target.changeLog);
  if ((current.notes ?? null) !== (target.notes ?? null)) {
    await db.run(
      `INSERT INTO session_notes (session_id, content, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at`,
      [sessionId, target.notes ?? '', new Date().toISOString()],
    );
    report.updated++;
  }
  return report;
}

async function applyHeader(
  db: Db,
  sessionId: string,
  current: SessionDoc,
  target: SessionDoc,
  report: ApplyReport,
) {
  const now = current.session;
  const want = target.session;
  const patch: { name?: string; description?: string | null; priority_level?: number } = {};
  if (want.name !== now.name) {
    // Another session's name (compared without case) would abort the whole apply with a bare
    // constraint error; keep this session's name and say why, like a refused status.
    const taken = await db.get(
      'SELECT 1 AS x FROM sessions WHERE name = ? COLLATE NOCASE AND session_id <> ?',
      [want.name, sessionId],
    );
    if (taken)
      report.refused.push(
        `Another session is already named “${want.name}”; kept the name “${now.name}”.`,
      );
    else patch.name = want.name;
  }
  if ((want.description ?? null) !== (now.description ?? null))
    patch.description = want.description;
  if (want.priority_level !== now.priority_level) patch.priority_level = want.priority_level;
  if (Object.keys(patch).length > 0) {
    must(await updateSession(db, sessionId, patch));
    report.updated++;
  }
  if (want.status !== now.status) {
    const moved = await transitionSession(db, sessionId, want.status as SessionStatus);
    if (moved.ok) report.updated++;
    else report.refused.push(moved.error.message);
  }
}

async function applyGroups(
  db: Db,
  sessionId: string,
  current: readonly GroupDoc[],
  target: readonly GroupDoc[],
  report: ApplyReport,
) {
  const byId = new Map(current.map((g) => [g.group_id, g]));
  const level = depth(
    target,
    (g) => g.group_id,
    (g) => g.parent_group_id,
  );
  for (const group of [...target].sort((a, b) => level(a) - level(b))) {
    const existing = byId.get(group.group_id);
    if (!existing) {
      must(
        await createGroup(db, {
          session_id: sessionId,
          group_id: group.group_id,
          group_name: group.group_name,
          parent_group_id: group.parent_group_id,
          description: group.description,
          specialist_focus: group.specialist_focus,
          position: group.position_in_session,
        }),
      );
      report.created++;
      continue;
    }
    if (
      existing.group_name !== group.group_name ||
      existing.description !== group.description ||
      existing.specialist_focus !== group.specialist_focus
    ) {
      must(
        await updateGroup(db, group.group_id, {
          group_name: group.group_name,
          description: group.description,
          specialist_focus: group.specialist_focus,
        }),
      );
      report.updated++;
    }
    if (existing.parent_group_id !== group.parent_group_id) {
      must(await moveGroup(db, group.group_id, { parent_group_id: group.parent_group_id }));
      report.moved++;
    }
  }
  // Sibling order, as the file has it.
  const siblings = new Map<string, GroupDoc[]>();
  for (const group of target) {
    const key = group.parent_group_id ?? '';
    siblings.set(key, [...(siblings.get(key) ?? []), group]);
  }
  for (const list of siblings.values()) {
    list.sort((a, b) => a.position_in_session - b.position_in_session);
    const rows = await db.all<Pick<TaskGroup, 'group_id'>>(
      'SELECT group_id FROM task_groups WHERE session_id = ? AND parent_group_id IS ? ORDER BY position_in_session',
      [sessionId, list[0]!.parent_group_id],
    );
    const wanted = list.map((g) => g.group_id);
    if (
      sameList(
        rows.map((r) => r.group_id).filter((id) => wanted.includes(id)),
        wanted,
      )
    )
      continue;
    for (const [position, group] of list.entries()) {
      must(
        await moveGroup(db, group.group_id, { parent_group_id: group.parent_group_id, position }),
      );
    }
    report.moved++;
  }
}

const taskFields = [
  'title',
  'status',
  'specialist_type',
  'estimated_effort',
  'actual_effort',
  'due_date',
  'scheduled_date',
  'complexity_level',
  'description',
] as const;

async function applyTasks(
  db: Db,
  sessionId: string,
  current: readonly TaskDoc[],
  target: readonly TaskDoc[],
  report: ApplyReport,
) {
  const byId = new Map(current.map((t) => [t.task_id, t]));
  const level = depth(
    target,
    (t) => t.task_id,
    (t) => t.parent_task_id,
  );
  const ordered = [...target].sort((a, b) => level(a) - level(b));

  // 1. New tasks, parents first; moved tasks first go to the top of their target group so
  //    no intermediate state nests a task inside its own subtree.
  const moved: TaskDoc[] = [];
  for (const task of ordered) {
    const existing = byId.get(task.task_id);
    if (!existing) {
      must(
        await createTask(db, {
          session_id: sessionId,
          task_id: task.task_id,
          title: task.title,
          parent_task_id: task.parent_task_id,
          task_group: task.parent_task_id ? null : task.task_group,
          status: task.status,
          specialist_type: task.specialist_type,
          estimated_effort: task.estimated_effort,
          actual_effort: task.actual_effort,
          due_date: task.due_date,
          scheduled_date: task.scheduled_date,
          complexity_level: task.complexity_level,
          description: task.description,
        }),
      );
      report.created++;
    } else if (
      existing.parent_task_id !== task.parent_task_id ||
      (!task.parent_task_id && existing.task_group !== task.task_group)
    ) {
      must(await moveTask(db, task.task_id, { parent_task_id: null, task_group: task.task_group }));
      moved.push(task);
    }
  }
  for (const task of moved) {
    if (task.parent_task_id)
      must(await moveTask(db, task.task_id, { parent_task_id: task.parent_task_id }));
    report.moved++;
  }

  // 2. Field edits of tasks that existed.
  for (const task of target) {
    const existing = byId.get(task.task_id);
    if (!existing) continue;
    const patch: Record<string, unknown> = {};
    for (const field of taskFields) if (existing[field] !== task[field]) patch[field] = task[field];
    if (Object.keys(patch).length > 0) {
      must(await updateTask(db, task.task_id, patch));
      report.updated++;
    }
  }

  // 3. Deletions: what the target no longer has (a parent deleted with its subtree).
  const keep = new Set(target.map((t) => t.task_id));
  for (const task of current) {
    if (keep.has(task.task_id)) continue;
    if (await db.get('SELECT 1 AS x FROM tasks WHERE task_id = ?', [task.task_id])) {
      must(await deleteTask(db, task.task_id));
      report.deleted++;
    }
  }

  // 4. Dependencies and related tasks, now that every task exists.
  for (const task of target) {
    const existing = byId.get(task.task_id);
    if (!existing || !sameList(existing.depends_on, task.depends_on)) {
      if (existing || task.depends_on.length)
        must(await setDependencies(db, task.task_id, task.depends_on));
    }
    if (!existing || !sameList(existing.related_tasks, task.related_tasks)) {
      if (existing || task.related_tasks.length)
        must(await setRelated(db, task.task_id, task.related_tasks));
    }
  }

  // 5. Sibling order, as the file has it.
  const containers = new Map<string, TaskDoc[]>();
  for (const task of target) {
    const key = taskContainerKey(task);
    containers.set(key, [...(containers.get(key) ?? []), task]);
  }
  // Only the positions are needed here: one lean read instead of every full row.
  const positions = await db.all<{ task_id: string; position_in_group: number }>(
    'SELECT task_id, position_in_group FROM tasks WHERE session_id = ?',
    [sessionId],
  );
  const now = new Map(positions.map((t) => [t.task_id, t]));
  for (const list of containers.values()) {
    list.sort((a, b) => a.position_in_group - b.position_in_group);
    const inDb = [...list].sort(
      (a, b) => now.get(a.task_id)!.position_in_group - now.get(b.task_id)!.position_in_group,
    );
    if (
      sameList(
        inDb.map((t) => t.task_id),
        list.map((t) => t.task_id),
      )
    )
      continue;
    for (const [position, task] of list.entries())
      must(await moveTask(db, task.task_id, { position }));
    report.moved++;
  }
}

/**
 * Change-log lines the database does not have yet (written in the file by hand, or by the
 * app in another browser sharing the folder) are stored, so every copy converges on the same
 * log instead of each rewriting the file with its own.
 */
async function applyChangeLog(db: Db, sessionId: string, lines: readonly string[]) {
  for (const line of lines) {
    const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) — (.*)$/.exec(line);
    const minute = match ? `${match[1]} ${match[2]}` : null;
    const message = match ? match[3]! : line;
    const known = await db.get(
      `SELECT 1 AS x FROM session_change_log WHERE session_id = ? AND message = ?
         AND (? IS NULL OR substr(replace(changed_at, 'T', ' '), 1, 16) = ?)`,
      [sessionId, message, minute, minute],
    );
    if (known) continue;
    const at = minute ? `${minute.replace(' ', 'T')}:00.000Z` : new Date().toISOString();
    await db.run(
      'INSERT INTO session_change_log (session_id, changed_at, message) VALUES (?, ?, ?)',
      [sessionId, at, message],
    );
  }
}
