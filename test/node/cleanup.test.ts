import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import { createSession, transitionSession } from '../../workers/domain/sessions';
import { createGroup } from '../../workers/domain/groups';
import { createTask, getTask } from '../../workers/domain/tasks';
import { setDependencies, setRelated } from '../../workers/domain/dependencies';
import {
  type CleanupOptions,
  type CleanupProblem,
  type ProblemKind,
  findProblems,
  fixProblems,
} from '../../workers/domain/cleanup';
import { planHierarchy } from '../../workers/domain/cleanup-plan';
import { searchAll } from '../../workers/domain/search';
import { openMigratedDb } from './support/memory-db';
import { unwrap } from './support/unwrap';

let db: Db;
/** Session S (active): G1 ⊃ G2; A (G1) ⊃ A1 ⊃ A2; B (G2) depends on A; C ungrouped, related to A. */
let ids: Record<'S' | 'T' | 'G1' | 'G2' | 'A' | 'A1' | 'A2' | 'B' | 'C' | 'X', string>;

beforeEach(async () => {
  db = await openMigratedDb();
  const S = unwrap(await createSession(db, { name: 'Main' })).session_id;
  const T = unwrap(await createSession(db, { name: 'Other', activate: false })).session_id;
  const G1 = unwrap(await createGroup(db, { session_id: S, group_name: 'One' })).group_id;
  const G2 = unwrap(
    await createGroup(db, { session_id: S, group_name: 'Two', parent_group_id: G1 }),
  ).group_id;
  const task = async (title: string, extra: Partial<Parameters<typeof createTask>[1]> = {}) =>
    unwrap(await createTask(db, { session_id: S, title, ...extra })).task_id;
  const A = await task('Alpha', { task_group: G1, status: 'completed' });
  const A1 = await task('Alpha one', { parent_task_id: A });
  const A2 = await task('Alpha two', { parent_task_id: A1 });
  const B = await task('Bravo', { task_group: G2, depends_on: [A] });
  const C = await task('Charlie', { related_tasks: [A] });
  const X = unwrap(await createTask(db, { session_id: T, title: 'X-ray' })).task_id;
  ids = { S, T, G1, G2, A, A1, A2, B, C, X };
});

/** Runs statements with foreign keys off, as an older or buggy writer could have. */
async function plant(sql: string, params: (string | number | null)[] = []) {
  await db.exec('PRAGMA foreign_keys = OFF');
  try {
    await db.run(sql, params);
  } finally {
    await db.exec('PRAGMA foreign_keys = ON');
  }
}

const dryRun = async (options: CleanupOptions = {}) => unwrap(await findProblems(db, options));

/** Dumps every table, to show that a dry run changes nothing. */
async function dump() {
  const tables = await db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index%' ORDER BY name",
  );
  const out: Record<string, unknown> = {};
  for (const { name } of tables) out[name] = await db.all(`SELECT * FROM "${name}" ORDER BY 1`);
  return out;
}

/** Hierarchy recomputed from the parent links agrees with what is stored, for every task. */
async function expectHierarchyConsistent() {
  const sessions = await db.all<{ session_id: string }>('SELECT session_id FROM sessions');
  const groups = await db.all<Parameters<typeof planHierarchy>[1][number]>(
    'SELECT group_id, session_id, parent_group_id, group_level FROM task_groups',
  );
  const tasks = await db.all<{
    task_id: string;
    session_id: string;
    parent_task_id: string | null;
    root_task_id: string | null;
    task_group: string | null;
    level: number;
    hierarchy_path: string;
  }>('SELECT * FROM tasks');
  const plan = planHierarchy(
    new Set(sessions.map((s) => s.session_id)),
    groups,
    tasks.map((t) => ({ ...t, depends_on: [], blocks: [], related_tasks: [] })),
  );
  for (const t of tasks) {
    const p = plan.tasks.get(t.task_id)!;
    expect(p.parentFault).toBeNull();
    expect(t).toMatchObject({
      root_task_id: p.root_task_id,
      level: p.level,
      hierarchy_path: p.hierarchy_path,
      task_group: p.task_group,
    });
  }
  for (const g of groups) expect(g.group_level).toBe(plan.groups.get(g.group_id)!.group_level);
}

/**
 * The dry run finds a problem of `kind` on row `id` with a message matching `message`; fixing
 * fixes it and leaves nothing behind; the database checks are clean afterwards.
 */
async function expectFound(
  kind: ProblemKind,
  id: string,
  message: RegExp,
  options: CleanupOptions = {},
): Promise<CleanupProblem[]> {
  const before = await dump();
  const found = await dryRun(options);
  expect(await dump()).toEqual(before);
  const problem = found.find((p) => p.kind === kind && p.id === id);
  expect(problem, `${kind} on ${id} in ${JSON.stringify(found, null, 1)}`).toBeDefined();
  expect(problem!.message).toMatch(message);
  expect(problem!.fix.length).toBeGreaterThan(5);
  const report = unwrap(await fixProblems(db, options));
  expect(report.fixed).toEqual(found);
  expect(report.remaining).toEqual([]);
  expect(await dryRun(options)).toEqual([]);
  expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
  await expectHierarchyConsistent();
  return found;
}

const task = async (id: string) => unwrap(await getTask(db, id));
const row = (sql: string, params: string[] = []) => db.get(sql, params);

describe('cleanup', () => {
  it('finds nothing in a consistent database, and fixing then changes nothing', async () => {
    unwrap(await setRelated(db, ids.B, [ids.C]));
    expect(await dryRun()).toEqual([]);
    const before = await dump();
    expect(unwrap(await fixProblems(db))).toEqual({ fixed: [], remaining: [] });
    expect(await dump()).toEqual(before);
  });

  it('deletes a task whose session is gone, and reports it', async () => {
    await plant(
      "INSERT INTO tasks (task_id, session_id, title, hierarchy_path) VALUES ('t_lost', 'ghost', 'Lost', '/ghost/_/t_lost/')",
    );
    await expectFound(
      'task_session_missing',
      't_lost',
      /"Lost".*session "ghost".*no longer exists/,
    );
    expect(await row("SELECT * FROM tasks WHERE task_id = 't_lost'")).toBeUndefined();
  });

  it('makes a task whose parent is gone top-level, keeping its subtasks under it', async () => {
    await plant("UPDATE tasks SET parent_task_id = 'task_gone' WHERE task_id = ?", [ids.A1]);
    await expectFound(
      'task_parent_missing',
      ids.A1,
      /subtask of "task_gone", which does not exist/,
    );
    expect(await task(ids.A1)).toMatchObject({
      parent_task_id: null,
      root_task_id: ids.A1,
      level: 0,
      task_group: ids.G1,
      hierarchy_path: `/${ids.S}/${ids.G1}/${ids.A1}/`,
    });
    expect(await task(ids.A2)).toMatchObject({
      parent_task_id: ids.A1,
      root_task_id: ids.A1,
      level: 1,
      hierarchy_path: `/${ids.S}/${ids.G1}/${ids.A1}/${ids.A2}/`,
    });
  });

  it('cuts a parent in another session, and a loop of parents', async () => {
    await db.run('UPDATE tasks SET parent_task_id = ? WHERE task_id = ?', [ids.A, ids.X]);
    await expectFound('task_parent_missing', ids.X, /belongs to another session/);
    expect((await task(ids.X)).parent_task_id).toBeNull();

    await db.run('UPDATE tasks SET parent_task_id = ? WHERE task_id = ?', [ids.A2, ids.A]);
    const found = await expectFound(
      'task_parent_missing',
      [ids.A, ids.A1, ids.A2].sort()[0]!,
      /makes a loop of parents/,
    );
    expect(found.filter((p) => p.kind === 'task_parent_missing')).toHaveLength(1);
  });

  it('recomputes a root that is gone or wrong, and a wrong level or path', async () => {
    await plant("UPDATE tasks SET root_task_id = 'task_nowhere' WHERE task_id = ?", [ids.A2]);
    await db.run('UPDATE tasks SET root_task_id = ?, level = 7 WHERE task_id = ?', [ids.C, ids.A1]);
    await db.run("UPDATE tasks SET hierarchy_path = '/bad/' WHERE task_id = ?", [ids.B]);
    const found = await expectFound(
      'task_hierarchy_wrong',
      ids.A2,
      /root_task_id is "task_nowhere", should be/,
    );
    expect(found.find((p) => p.id === ids.A1)?.message).toMatch(/level is 7, should be 1/);
    expect(found.find((p) => p.id === ids.B)?.message).toMatch(/hierarchy_path is "\/bad\/"/);
    expect(await task(ids.A2)).toMatchObject({ root_task_id: ids.A, level: 2 });
  });

  it('ungroups a task whose group is gone or in another session', async () => {
    await db.run("UPDATE tasks SET task_group = 'group_gone' WHERE task_id = ?", [ids.C]);
    await expectFound('task_group_missing', ids.C, /group "group_gone", which does not exist/);
    expect(await task(ids.C)).toMatchObject({
      task_group: null,
      hierarchy_path: `/${ids.S}/_/${ids.C}/`,
    });
    await db.run('UPDATE tasks SET task_group = ? WHERE task_id = ?', [ids.G1, ids.X]);
    await expectFound('task_group_missing', ids.X, /belongs to another session/);
    expect((await task(ids.X)).task_group).toBeNull();
  });

  it('removes dependency ids that point nowhere, to another session or to the task itself', async () => {
    await db.run('UPDATE tasks SET depends_on = ? WHERE task_id = ?', [
      JSON.stringify(['task_ghost', ids.X, ids.C, ids.A, ids.A]),
      ids.C,
    ]);
    const found = await expectFound(
      'dependency_missing',
      ids.C,
      /lists "task_ghost" in depends_on, but no such task exists/,
    );
    expect(found.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['dependency_other_session', 'dependency_invalid']),
    );
    expect((await task(ids.C)).depends_on).toEqual([ids.A]);
    expect((await task(ids.A)).blocks.sort()).toEqual([ids.B, ids.C].sort());
  });

  it('rebuilds blocks as the exact inverse of depends_on', async () => {
    await db.run("UPDATE tasks SET blocks = '[]' WHERE task_id = ?", [ids.A]);
    await db.run('UPDATE tasks SET blocks = ? WHERE task_id = ?', [JSON.stringify([ids.A]), ids.C]);
    const found = await expectFound('blocks_not_inverse', ids.A, /tasks that depend on it are/);
    expect(found.some((p) => p.kind === 'blocks_not_inverse' && p.id === ids.C)).toBe(true);
    expect((await task(ids.A)).blocks).toEqual([ids.B]);
    expect((await task(ids.C)).blocks).toEqual([]);
  });

  it('makes related_tasks symmetric by adding the missing side', async () => {
    await db.run("UPDATE tasks SET related_tasks = '[]' WHERE task_id = ?", [ids.C]);
    await expectFound('related_not_symmetric', ids.C, /does not list them back/);
    expect((await task(ids.C)).related_tasks).toEqual([ids.A]);
    expect((await task(ids.A)).related_tasks).toEqual([ids.C]);
  });

  it('recounts stale counters of sessions and groups', async () => {
    await db.run(
      'UPDATE sessions SET total_tasks = 99, progress_percentage = 1 WHERE session_id = ?',
      [ids.S],
    );
    await db.run('UPDATE task_groups SET completed_tasks = 0 WHERE group_id = ?', [ids.G1]);
    const found = await expectFound('counters_stale', ids.S, /1 of 99 tasks done.*1 of 5/);
    expect(found.some((p) => p.id === ids.G1 && p.kind === 'counters_stale')).toBe(true);
    expect(
      await row(
        'SELECT total_tasks, completed_tasks, progress_percentage FROM sessions WHERE session_id = ?',
        [ids.S],
      ),
    ).toEqual({
      total_tasks: 5,
      completed_tasks: 1,
      progress_percentage: 20,
    });
    expect(
      await row('SELECT completed_tasks FROM task_groups WHERE group_id = ?', [ids.G1]),
    ).toEqual({ completed_tasks: 1 });
  });

  it('fixes groups: session gone, parent gone, wrong level', async () => {
    await plant(
      "INSERT INTO task_groups (group_id, session_id, group_name) VALUES ('g_lost', 'ghost', 'Lost')",
    );
    await plant("UPDATE task_groups SET parent_group_id = 'g_gone' WHERE group_id = ?", [ids.G1]);
    const found = await expectFound('group_session_missing', 'g_lost', /session "ghost"/);
    expect(found.find((p) => p.kind === 'group_parent_missing')?.id).toBe(ids.G1);
    expect(await row("SELECT * FROM task_groups WHERE group_id = 'g_lost'")).toBeUndefined();

    await db.run('UPDATE task_groups SET group_level = 4 WHERE group_id = ?', [ids.G2]);
    await expectFound('group_level_wrong', ids.G2, /group_level 4; its nesting says 1/);
  });

  it('deletes sync state whose session is gone, and reports files that are gone', async () => {
    await plant(
      "INSERT INTO markdown_sync_state (sync_id, session_id, markdown_file_path) VALUES ('sync_lost', 'ghost', 'x.md')",
    );
    await db.run(
      "INSERT INTO markdown_sync_state (sync_id, session_id, markdown_file_path) VALUES ('sync_s', ?, 's/session.md')",
      [ids.S],
    );
    await db.run("INSERT INTO markdown_sync_base (sync_id, base_text) VALUES ('sync_s', 'base')");
    // Without the list of files only the orphan is found.
    expect((await dryRun()).map((p) => p.kind)).toEqual(['sync_state_orphan']);
    const options = { existingFiles: ['other/session.md'] };
    const found = await expectFound(
      'sync_file_missing',
      'sync_s',
      /"s\/session.md", which no longer exists/,
      options,
    );
    expect(found.map((p) => p.kind).sort()).toEqual(['sync_file_missing', 'sync_state_orphan']);
    expect(await row('SELECT count(*) AS n FROM markdown_sync_base')).toEqual({ n: 0 });
  });

  it('repairs an active_session row that names a session that is not active', async () => {
    await db.run('UPDATE active_session SET session_id = ? WHERE id = 1', [ids.T]);
    await expectFound('active_session_wrong', '1', /"Other".*status is creating/);
    expect(await row('SELECT session_id FROM active_session')).toEqual({ session_id: ids.S });

    await db.run("UPDATE sessions SET status = 'paused' WHERE session_id = ?", [ids.S]);
    await expectFound('active_session_wrong', '1', /"Main".*status is paused/);
    expect(await row('SELECT * FROM active_session')).toBeUndefined();

    await db.run("UPDATE sessions SET status = 'active' WHERE session_id = ?", [ids.T]);
    await expectFound('active_session_missing', '1', /has status active but is not recorded/);
    expect(await row('SELECT session_id FROM active_session')).toEqual({ session_id: ids.T });
    unwrap(await transitionSession(db, ids.S, 'active'));
  });

  it('deletes notes, backups, change-log entries and bindings whose owner is gone', async () => {
    await plant("INSERT INTO session_notes (session_id, content) VALUES ('ghost', 'lost notes')");
    await plant(
      "INSERT INTO session_change_log (entry_id, session_id, changed_at, message) VALUES (7, 'ghost', 'now', 'x')",
    );
    await plant(
      "INSERT INTO markdown_backups (backup_id, session_id, markdown_file_path, content, content_hash, reason) VALUES ('b1', 'ghost', 'p', 'c', 'h', 'r')",
    );
    await plant("INSERT INTO session_mode_bindings (session_id, mode_id) VALUES (?, 'mode_gone')", [
      ids.S,
    ]);
    const found = await expectFound('orphan_row', 'ghost', /Notes \(session_notes ghost\)/);
    expect(found.map((p) => `${p.table} ${p.id}`).sort()).toEqual([
      'markdown_backups b1',
      'session_change_log 7',
      `session_mode_bindings ${ids.S}/mode_gone`,
      'session_notes ghost',
    ]);
  });

  it('rebuilds a search index that is out of step', async () => {
    await db.run("DELETE FROM search_documents WHERE kind = 'task' AND ref_id = ?", [ids.C]);
    await db.run("UPDATE search_documents SET title = 'wrong' WHERE kind = 'task' AND ref_id = ?", [
      ids.B,
    ]);
    await expectFound('search_index_stale', `task/${ids.C}`, /out of step/);
    const hits = unwrap(await searchAll(db, 'charlie bravo', { scope: 'all' }));
    expect(hits).toEqual([]);
    expect(unwrap(await searchAll(db, 'charlie', { scope: 'all' })).map((h) => h.id)).toEqual([
      ids.C,
    ]);
    expect(unwrap(await searchAll(db, 'wrong', { scope: 'all' }))).toEqual([]);
  });

  it('fixes everything at once, losing only what had no session', async () => {
    await plant(
      "INSERT INTO tasks (task_id, session_id, parent_task_id, title, hierarchy_path) VALUES ('t_lost', 'ghost', ?, 'Lost', '/x/')",
      [ids.A],
    );
    await plant(
      "INSERT INTO task_groups (group_id, session_id, group_name) VALUES ('g_lost', 'ghost', 'Lost')",
    );
    // A kept task hangs under the doomed one and sits in the doomed group: it must survive.
    await db.run(
      "UPDATE tasks SET parent_task_id = 't_lost', task_group = 'g_lost' WHERE task_id = ?",
      [ids.C],
    );
    await db.run('UPDATE tasks SET root_task_id = ? WHERE task_id = ?', ['t_lost', ids.B]);
    await plant("UPDATE task_groups SET parent_group_id = 'g_lost' WHERE group_id = ?", [ids.G1]);
    await db.run('UPDATE tasks SET depends_on = ? WHERE task_id = ?', [
      JSON.stringify(['t_lost', ids.A]),
      ids.B,
    ]);
    await db.run('UPDATE sessions SET completed_tasks = 4 WHERE session_id = ?', [ids.S]);
    await db.run('UPDATE active_session SET session_id = ?', [ids.T]);
    const found = await dryRun();
    const kinds = new Set(found.map((p) => p.kind));
    for (const kind of [
      'task_session_missing',
      'group_session_missing',
      'task_parent_missing',
      'task_group_missing',
      'task_hierarchy_wrong',
      'group_parent_missing',
      'dependency_missing',
      'counters_stale',
      'active_session_wrong',
    ] as const) {
      expect(kinds, kind).toContain(kind);
    }
    const report = unwrap(await fixProblems(db));
    expect(report.remaining).toEqual([]);
    expect(await dryRun()).toEqual([]);
    const kept = await db.all<{ task_id: string }>('SELECT task_id FROM tasks ORDER BY task_id');
    expect(kept.map((t) => t.task_id)).toEqual([ids.A, ids.A1, ids.A2, ids.B, ids.C, ids.X].sort());
    expect((await task(ids.B)).depends_on).toEqual([ids.A]);
    expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
    await expectHierarchyConsistent();
    // The kept dependencies still work through the domain API.
    unwrap(await setDependencies(db, ids.C, [ids.B]));
    expect(await dryRun()).toEqual([]);
  });

  it('checks 10,000 tasks quickly (time logged, not asserted)', async () => {
    await db.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
       INSERT INTO tasks (task_id, session_id, root_task_id, title, hierarchy_path, depends_on, blocks, related_tasks)
       SELECT 'task_' || i, ?1, 'task_' || i, 'Task ' || i, '/' || ?1 || '/_/task_' || i || '/', '[]', '[]', '[]'
       FROM n`,
      [ids.S],
    );
    let start = performance.now();
    expect(await dryRun()).toEqual([]);
    const dry = performance.now() - start;
    await db.run("UPDATE tasks SET level = 3 WHERE task_id >= 'task_1' AND task_id < 'task_2'");
    start = performance.now();
    const report = unwrap(await fixProblems(db));
    const fix = performance.now() - start;
    expect(report.fixed.length).toBeGreaterThan(1000);
    expect(report.remaining).toEqual([]);
    console.log(
      `cleanup over 10,000 tasks (Node, MemoryVFS): dry run ${dry.toFixed(1)} ms; ` +
        `fixing ${report.fixed.length} problems ${fix.toFixed(1)} ms`,
    );
  });
});
