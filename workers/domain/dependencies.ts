/**
 * Dependencies between tasks of one session. `depends_on` (prerequisites) and `blocks`
 * (dependents) are kept as exact inverses; `related_tasks` is symmetric. A dependency that
 * would close a cycle is refused, naming the cycle.
 */
import type { Task } from '../../core/model';
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, notFound, ok } from '../result';
import { idListFromJson, taskFromRow } from './rows';

async function sessionOf(db: Db, taskId: string): Promise<Result<string, AppError>> {
  const row = await db.get<{ session_id: string }>(
    'SELECT session_id FROM tasks WHERE task_id = ?',
    [taskId],
  );
  return row ? ok(row.session_id) : err(notFound('task', taskId));
}

/** Checks that every id is a task of the session (and not the task itself). */
async function checkTargets(
  db: Db,
  sessionId: string,
  taskId: string,
  ids: readonly string[],
  field: string,
): Promise<AppError | null> {
  if (ids.includes(taskId)) {
    return { type: 'Validation', field, message: 'A task cannot refer to itself.' };
  }
  if (ids.length === 0) return null;
  const rows = await db.all<{ task_id: string; session_id: string }>(
    'SELECT task_id, session_id FROM tasks WHERE task_id IN (SELECT value FROM json_each(?))',
    [JSON.stringify(ids)],
  );
  const bySession = new Map(rows.map((row) => [row.task_id, row.session_id]));
  for (const id of ids) {
    const session = bySession.get(id);
    if (session === undefined) return notFound('task', id);
    if (session !== sessionId) {
      return { type: 'Validation', field, message: `Task "${id}" belongs to another session.` };
    }
  }
  return null;
}

/**
 * The cycle that `taskId` depending on `prerequisites` would close, as task ids from `taskId`
 * back to itself, or null. A breadth-first walk along `depends_on` from the prerequisites,
 * one query per level, reading only the tasks they reach (not the whole session).
 */
async function findCycle(
  db: Db,
  taskId: string,
  prerequisites: readonly string[],
): Promise<{ ids: string[]; titles: string[] } | null> {
  // How each reached task was first reached: its predecessor on a path from taskId.
  const cameFrom = new Map<string, string>();
  let frontier: string[] = [];
  for (const id of prerequisites) {
    if (!cameFrom.has(id)) {
      cameFrom.set(id, taskId);
      frontier.push(id);
    }
  }
  while (frontier.length > 0 && !cameFrom.has(taskId)) {
    const edges = await db.all<{ task_id: string; prerequisite: string }>(
      `SELECT t.task_id, d.value AS prerequisite FROM tasks t, json_each(t.depends_on) d
       WHERE t.task_id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(frontier)],
    );
    const next: string[] = [];
    for (const { task_id: from, prerequisite } of edges) {
      if (cameFrom.has(prerequisite)) continue;
      cameFrom.set(prerequisite, from);
      next.push(prerequisite);
    }
    frontier = next;
  }
  if (!cameFrom.has(taskId)) return null;
  // Walk back from taskId to taskId: taskId → prerequisite → … → taskId.
  const back: string[] = [taskId];
  for (let id = cameFrom.get(taskId)!; id !== taskId; id = cameFrom.get(id)!) back.push(id);
  const ids = [taskId, ...back.slice(1).reverse(), taskId];
  const titles = await db.all<{ task_id: string; title: string }>(
    'SELECT task_id, title FROM tasks WHERE task_id IN (SELECT value FROM json_each(?))',
    [JSON.stringify(ids)],
  );
  const titleById = new Map(titles.map((t) => [t.task_id, t.title]));
  return { ids, titles: ids.map((id) => titleById.get(id) ?? id) };
}

/** Adds `id` to / removes it from a JSON list column of the given tasks. */
async function editLists(
  db: Db,
  column: 'depends_on' | 'blocks' | 'related_tasks',
  taskIds: readonly string[],
  id: string,
  add: boolean,
): Promise<void> {
  if (taskIds.length === 0) return;
  const rows = await db.all<{ task_id: string; list: string | null }>(
    `SELECT task_id, ${column} AS list FROM tasks WHERE task_id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(taskIds)],
  );
  for (const row of rows) {
    const list = idListFromJson(row.list).filter((item) => item !== id);
    if (add) list.push(id);
    await db.run(`UPDATE tasks SET ${column} = ? WHERE task_id = ?`, [
      JSON.stringify(list),
      row.task_id,
    ]);
  }
}

/**
 * Sets a task's prerequisites to exactly `ids` (order kept, duplicates dropped), updating the
 * `blocks` lists of the prerequisites that were added or removed. Refuses cycles.
 */
export async function setDependencies(
  db: Db,
  taskId: string,
  ids: readonly string[],
): Promise<Result<Task, AppError>> {
  return db.transaction(async () => {
    const session = await sessionOf(db, taskId);
    if (!session.ok) return session;
    const wanted = [...new Set(ids)];
    const problem = await checkTargets(db, session.value, taskId, wanted, 'depends_on');
    if (problem) return err(problem);
    const cycle = await findCycle(db, taskId, wanted);
    if (cycle) {
      return err({
        type: 'Cycle',
        cycle: cycle.ids,
        message: `That dependency would make a cycle: ${cycle.titles.map((t) => `"${t}"`).join(' → ')}.`,
      });
    }
    const row = await db.get<{ depends_on: string | null }>(
      'SELECT depends_on FROM tasks WHERE task_id = ?',
      [taskId],
    );
    const before = idListFromJson(row?.depends_on);
    await db.run('UPDATE tasks SET depends_on = ? WHERE task_id = ?', [
      JSON.stringify(wanted),
      taskId,
    ]);
    await editLists(
      db,
      'blocks',
      wanted.filter((id) => !before.includes(id)),
      taskId,
      true,
    );
    await editLists(
      db,
      'blocks',
      before.filter((id) => !wanted.includes(id)),
      taskId,
      false,
    );
    const task = await db.get('SELECT * FROM tasks WHERE task_id = ?', [taskId]);
    return ok(taskFromRow(task!));
  });
}

export async function addDependency(
  db: Db,
  taskId: string,
  prerequisiteId: string,
): Promise<Result<Task, AppError>> {
  const row = await db.get<{ depends_on: string | null }>(
    'SELECT depends_on FROM tasks WHERE task_id = ?',
    [taskId],
  );
  if (!row) return err(notFound('task', taskId));
  return setDependencies(db, taskId, [...idListFromJson(row.depends_on), prerequisiteId]);
}

export async function removeDependency(
  db: Db,
  taskId: string,
  prerequisiteId: string,
): Promise<Result<Task, AppError>> {
  const row = await db.get<{ depends_on: string | null }>(
    'SELECT depends_on FROM tasks WHERE task_id = ?',
    [taskId],
  );
  if (!row) return err(notFound('task', taskId));
  return setDependencies(
    db,
    taskId,
    idListFromJson(row.depends_on).filter((id) => id !== prerequisiteId),
  );
}

/** Sets a task's related tasks to exactly `ids`, mirrored on the other side. */
export async function setRelated(
  db: Db,
  taskId: string,
  ids: readonly string[],
): Promise<Result<Task, AppError>> {
  return db.transaction(async () => {
    const session = await sessionOf(db, taskId);
    if (!session.ok) return session;
    const wanted = [...new Set(ids)];
    const problem = await checkTargets(db, session.value, taskId, wanted, 'related_tasks');
    if (problem) return err(problem);
    const row = await db.get<{ related_tasks: string | null }>(
      'SELECT related_tasks FROM tasks WHERE task_id = ?',
      [taskId],
    );
    const before = idListFromJson(row?.related_tasks);
    await db.run('UPDATE tasks SET related_tasks = ? WHERE task_id = ?', [
      JSON.stringify(wanted),
      taskId,
    ]);
    await editLists(
      db,
      'related_tasks',
      wanted.filter((id) => !before.includes(id)),
      taskId,
      true,
    );
    await editLists(
      db,
      'related_tasks',
      before.filter((id) => !wanted.includes(id)),
      taskId,
      false,
    );
    const task = await db.get('SELECT * FROM tasks WHERE task_id = ?', [taskId]);
    return ok(taskFromRow(task!));
  });
}

/** Removes the given (about to be deleted) tasks from every list in their session. */
export async function detachTasks(
  db: Db,
  sessionId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const gone = JSON.stringify(ids);
  for (const column of ['depends_on', 'blocks', 'related_tasks'] as const) {
    await db.run(
      `UPDATE tasks SET ${column} = (
         SELECT json_group_array(j.value) FROM json_each(tasks.${column}) j
         WHERE j.value NOT IN (SELECT value FROM json_each(?1)))
       WHERE session_id = ?2 AND EXISTS (
         SELECT 1 FROM json_each(tasks.${column}) j WHERE j.value IN (SELECT value FROM json_each(?1)))`,
      [gone, sessionId],
    );
  }
}

/** Open tasks whose prerequisites are all completed, in tree order. */
export async function readyTasks(db: Db, sessionId: string): Promise<Task[]> {
  const rows = await db.all(
    `SELECT t.* FROM tasks t
     WHERE t.session_id = ? AND t.status NOT IN ('completed', 'cancelled')
       AND NOT EXISTS (
         SELECT 1 FROM json_each(t.depends_on) d JOIN tasks p ON p.task_id = d.value
         WHERE p.status <> 'completed')
     ORDER BY t.task_group, t.hierarchy_path`,
    [sessionId],
  );
  return rows.map(taskFromRow);
}

/** New lists for some tasks of a session; a list left out stays as it is. */
export interface DependencyLists {
  depends_on?: readonly string[];
  related_tasks?: readonly string[];
}

interface ListRow {
  task_id: string;
  title: string;
  depends_on: string[];
  blocks: string[];
  related_tasks: string[];
}

/** A task on a cycle of `depends_on` edges, with the cycle from it back to itself, or null. */
function cycleIn(rows: ReadonlyMap<string, ListRow>): string[] | null {
  // Iterative three-colour depth-first search: chains may be thousands long.
  const state = new Map<string, 1 | 2>();
  for (const start of rows.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const next: number[] = [];
    state.set(start, 1);
    path.push(start);
    next.push(0);
    while (path.length > 0) {
      const id = path[path.length - 1]!;
      const edges = rows.get(id)?.depends_on ?? [];
      const i = next[next.length - 1]!;
      if (i >= edges.length) {
        state.set(id, 2);
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const to = edges[i]!;
      if (!rows.has(to)) continue;
      const seen = state.get(to);
      if (seen === 1) return [...path.slice(path.indexOf(to)), to];
      if (seen === undefined) {
        state.set(to, 1);
        path.push(to);
        next.push(0);
      }
    }
  }
  return null;
}

/**
 * Sets the prerequisites and related tasks of many tasks of one session at once, with the
 * same rules and results as calling `setDependencies` / `setRelated` for each in turn, but
 * reading the session's lists once and checking the final graph for cycles once: a file
 * that brings a chain of 2,000 dependencies costs one pass, not 2,000 walks along it.
 */
export async function setDependencyLists(
  db: Db,
  sessionId: string,
  lists: ReadonlyMap<string, DependencyLists>,
): Promise<Result<number, AppError>> {
  if (lists.size === 0) return ok(0);
  return db.transaction(async () => {
    const rows = new Map(
      (
        await db.all<{
          task_id: string;
          title: string;
          depends_on: string | null;
          blocks: string | null;
          related_tasks: string | null;
        }>(
          'SELECT task_id, title, depends_on, blocks, related_tasks FROM tasks WHERE session_id = ?',
          [sessionId],
        )
      ).map((row) => [
        row.task_id,
        {
          task_id: row.task_id,
          title: row.title,
          depends_on: idListFromJson(row.depends_on),
          blocks: idListFromJson(row.blocks),
          related_tasks: idListFromJson(row.related_tasks),
        } satisfies ListRow,
      ]),
    );
    const changed = new Set<string>();
    const problem = async (taskId: string, ids: readonly string[], field: string) => {
      if (ids.includes(taskId)) {
        return { type: 'Validation', field, message: 'A task cannot refer to itself.' } as const;
      }
      const stranger = ids.find((id) => !rows.has(id));
      return stranger === undefined ? null : checkTargets(db, sessionId, taskId, [stranger], field);
    };
    const edit = (
      row: ListRow | undefined,
      key: 'blocks' | 'related_tasks',
      id: string,
      add: boolean,
    ) => {
      if (!row) return;
      const list = row[key].filter((item) => item !== id);
      if (add) list.push(id);
      row[key] = list;
      changed.add(row.task_id);
    };
    for (const [taskId, wanted] of lists) {
      const row = rows.get(taskId);
      if (!row) return err(notFound('task', taskId));
      if (wanted.depends_on) {
        const ids = [...new Set(wanted.depends_on)];
        const bad = await problem(taskId, ids, 'depends_on');
        if (bad) return err(bad);
        const before = new Set(row.depends_on);
        const after = new Set(ids);
        row.depends_on = ids;
        changed.add(taskId);
        for (const id of ids) if (!before.has(id)) edit(rows.get(id), 'blocks', taskId, true);
        for (const id of before) if (!after.has(id)) edit(rows.get(id), 'blocks', taskId, false);
      }
      if (wanted.related_tasks) {
        const ids = [...new Set(wanted.related_tasks)];
        const bad = await problem(taskId, ids, 'related_tasks');
        if (bad) return err(bad);
        const before = new Set(row.related_tasks);
        const after = new Set(ids);
        row.related_tasks = ids;
        changed.add(taskId);
        for (const id of ids)
          if (!before.has(id)) edit(rows.get(id), 'related_tasks', taskId, true);
        for (const id of before)
          if (!after.has(id)) edit(rows.get(id), 'related_tasks', taskId, false);
      }
    }
    const cycle = cycleIn(rows);
    if (cycle) {
      return err({
        type: 'Cycle',
        cycle,
        message: `That dependency would make a cycle: ${cycle.map((id) => `"${rows.get(id)?.title ?? id}"`).join(' → ')}.`,
      });
    }
    for (const id of changed) {
      const row = rows.get(id)!;
      await db.run(
        'UPDATE tasks SET depends_on = ?, blocks = ?, related_tasks = ? WHERE task_id = ?',
        [
          JSON.stringify(row.depends_on),
          JSON.stringify(row.blocks),
          JSON.stringify(row.related_tasks),
          id,
        ],
      );
    }
    return ok(changed.size);
  });
}
