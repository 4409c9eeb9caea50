import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../workers/db/migrate';
import { latestVersion, migrations, migrationsFromFiles } from '../../workers/db/migrations';
import { legacySessionId } from '../../workers/db/legacy';
import { openMemoryDb, openMigratedDb } from './support/memory-db';

const legacyDbBytes = () =>
  new Uint8Array(readFileSync(new URL('../fixtures/legacy/task-only-v0.db', import.meta.url)));

describe('migrations', () => {
  it('numbers files without gaps and refuses a gap', () => {
    expect(migrations.map((m) => m.version)).toEqual(
      Array.from({ length: latestVersion }, (_, i) => i + 1),
    );
    expect(() => migrationsFromFiles({ '/m/0001_a.sql': '', '/m/0003_c.sql': '' })).toThrow(
      /without gaps/,
    );
    expect(() => migrationsFromFiles({ '/m/1_a.sql': '' })).toThrow(/NNNN_snake_name/);
  });

  it('migrates a fresh database to the latest version and records it', async () => {
    const db = await openMemoryDb();
    const result = await migrate(db);
    expect(result).toEqual({
      ok: true,
      value: { from: 0, to: latestVersion, legacyImported: false },
    });
    expect(await schemaVersion(db)).toBe(latestVersion);
    // Running again is a no-op.
    expect(await migrate(db)).toEqual({
      ok: true,
      value: { from: latestVersion, to: latestVersion, legacyImported: false },
    });
  });

  it('turns foreign keys on for the connection', async () => {
    const db = await openMigratedDb();
    expect(await db.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
  });

  it('refuses a database newer than the app, changing nothing', async () => {
    const db = await openMemoryDb();
    await db.exec(`PRAGMA user_version = ${latestVersion + 1}`);
    const result = await migrate(db);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.type).toBe('DatabaseNewer');
    expect(result.error.message).toMatch(/newer version/);
    expect(await db.all("SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([]);
  });

  it('rolls back a failing migration together with its version', async () => {
    const db = await openMemoryDb();
    const broken = [
      ...migrations.slice(0, 1),
      {
        version: 2,
        name: 'broken',
        sql: 'CREATE TABLE extra (x); INSERT INTO nowhere VALUES (1);',
      },
    ];
    await expect(migrate(db, broken)).rejects.toThrow(/nowhere/);
    expect(await schemaVersion(db)).toBe(1);
    expect(await db.get("SELECT name FROM sqlite_master WHERE name = 'extra'")).toBeUndefined();
  });

  it.each(migrations.slice(0, -1).map((m) => m.version))(
    'opens a database written at schema version %i and keeps its data',
    async (version) => {
      const db = await openMemoryDb();
      await migrate(db, migrations.slice(0, version));
      // Before migration 2 nothing stopped a duplicate name differing only in case.
      const secondName = version < 2 ? 'alpha' : 'Beta';
      await db.exec(`
        INSERT INTO sessions (session_id, name, status) VALUES ('s1', 'Alpha', 'active');
        INSERT INTO task_groups (group_id, session_id, group_name) VALUES ('g1', 's1', 'Backend');
        INSERT INTO tasks (task_id, session_id, task_group, title, status, depends_on)
          VALUES ('t1', 's1', 'g1', 'One', 'completed', '[]');
        INSERT INTO tasks (task_id, session_id, task_group, title, depends_on)
          VALUES ('t2', 's1', 'g1', 'Two', '["t1"]');`);
      await db.run("INSERT INTO sessions (session_id, name, status) VALUES ('s2', ?, 'paused')", [
        secondName,
      ]);
      const result = await migrate(db);
      expect(result.ok && result.value).toEqual({
        from: version,
        to: latestVersion,
        legacyImported: false,
      });
      expect(await db.all('SELECT task_id, title, status FROM tasks ORDER BY task_id')).toEqual([
        { task_id: 't1', title: 'One', status: 'completed' },
        { task_id: 't2', title: 'Two', status: 'pending' },
      ]);
      // Counters are right after the upgrade, and duplicate names were made unique, not lost.
      expect(
        await db.get(
          "SELECT total_tasks, completed_tasks, progress_percentage FROM sessions WHERE session_id = 's1'",
        ),
      ).toEqual({
        total_tasks: 2,
        completed_tasks: 1,
        progress_percentage: 50,
      });
      const names = await db.all<{ name: string }>('SELECT name FROM sessions ORDER BY session_id');
      expect(names.map((n) => n.name)).toEqual(['Alpha', version < 2 ? 'alpha (s2)' : 'Beta']);
      expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    },
  );
});

describe('the legacy task-only database', () => {
  it('moves every task into a default session, keeping the old rows', async () => {
    const db = await openMemoryDb(legacyDbBytes());
    const result = await migrate(db);
    expect(result.ok && result.value.legacyImported).toBe(true);
    expect(await schemaVersion(db)).toBe(latestVersion);

    const session = await db.get('SELECT name, status, total_tasks, completed_tasks FROM sessions');
    expect(session).toEqual({
      name: 'Imported tasks',
      status: 'active',
      total_tasks: 6,
      completed_tasks: 2,
    });
    expect(await db.get('SELECT session_id FROM active_session')).toEqual({
      session_id: legacySessionId,
    });

    const tasks = await db.all(
      `SELECT task_id, parent_task_id, root_task_id, level, hierarchy_path, title, status, depends_on
       FROM tasks ORDER BY task_id`,
    );
    const p = `/${legacySessionId}/_/`;
    expect(tasks).toEqual([
      {
        task_id: 'task_a',
        parent_task_id: 'task_root',
        root_task_id: 'task_root',
        level: 1,
        hierarchy_path: `${p}task_root/task_a/`,
        title: 'Write the changelog',
        status: 'completed',
        depends_on: '[]',
      },
      {
        task_id: 'task_b',
        parent_task_id: 'task_root',
        root_task_id: 'task_root',
        level: 1,
        hierarchy_path: `${p}task_root/task_b/`,
        title: 'Tag the build',
        status: 'pending',
        depends_on: '["task_a"]',
      },
      // No title in the old row: the description stands in; invalid JSON is kept as a JSON string.
      {
        task_id: 'task_b1',
        parent_task_id: 'task_b',
        root_task_id: 'task_root',
        level: 2,
        hierarchy_path: `${p}task_root/task_b/task_b1/`,
        title: 'Check the signing key before tagging',
        status: 'blocked',
        depends_on: '"not json"',
      },
      // Its parent is gone: it becomes a top-level task instead of being dropped.
      {
        task_id: 'task_orphan',
        parent_task_id: null,
        root_task_id: 'task_orphan',
        level: 0,
        hierarchy_path: `${p}task_orphan/`,
        title: 'Orphaned subtask',
        status: 'completed',
        depends_on: null,
      },
      {
        task_id: 'task_root',
        parent_task_id: null,
        root_task_id: 'task_root',
        level: 0,
        hierarchy_path: `${p}task_root/`,
        title: 'Ship the release',
        status: 'in_progress',
        depends_on: '[]',
      },
      {
        task_id: 'task_solo',
        parent_task_id: null,
        root_task_id: 'task_solo',
        level: 0,
        hierarchy_path: `${p}task_solo/`,
        title: 'Unrelated chore',
        status: 'pending',
        depends_on: null,
      },
    ]);
    // Columns the new schema has no place for stay in legacy_tasks, row for row.
    expect(
      await db.all(
        'SELECT task_id, status, results FROM legacy_tasks WHERE results IS NOT NULL ORDER BY task_id',
      ),
    ).toEqual([
      { task_id: 'task_a', status: 'completed', results: 'Done in CHANGELOG.md' },
      { task_id: 'task_b1', status: 'failed', results: 'key expired' },
    ]);
    expect(await db.get('SELECT count(*) AS n FROM legacy_tasks')).toEqual({ n: 6 });
    expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
    expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
  });
});
