/** Whole-database backup and restore on real wa-sqlite: round trip, old files, bad files. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshotBytes } from '../../workers/db/snapshot';
import { migrate } from '../../workers/db/migrate';
import { migrations } from '../../workers/db/migrations';
import { restoreDatabase } from '../../workers/domain/restore';
import { createSession } from '../../workers/domain/sessions';
import { createTask } from '../../workers/domain/tasks';
import { searchAll } from '../../workers/domain/search';
import type { Db } from '../../workers/db/sqlite';
import { openMemoryDb, openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

async function seeded(name: string): Promise<Db> {
  const db = await openMigratedDb();
  const s = unwrap(await createSession(db, { name }));
  const a = unwrap(
    await createTask(db, { session_id: s.session_id, title: `${name} alpha`, status: 'completed' }),
  );
  unwrap(
    await createTask(db, {
      session_id: s.session_id,
      title: `${name} beta`,
      parent_task_id: a.task_id,
    }),
  );
  return db;
}

const rows = (db: Db) =>
  db.all(
    'SELECT task_id, title, status, parent_task_id, hierarchy_path FROM tasks ORDER BY task_id',
  );

describe('database backup and restore', () => {
  it('backs up to bytes that open as a database with the same rows', async () => {
    const db = await seeded('Original');
    const bytes = await snapshotBytes(db);
    const copy = await openMemoryDb(bytes);
    await copy.exec('PRAGMA locking_mode = exclusive');
    expect(await rows(copy)).toEqual(await rows(db));
    expect(await copy.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
  });

  it('restores a backup over other data: rows, counters and search come back', async () => {
    const source = await seeded('Source');
    const bytes = await snapshotBytes(source);
    const target = await seeded('Target');
    const report = unwrap(await restoreDatabase(target, bytes));
    expect(report).toMatchObject({ sessions: 1, tasks: 2, legacy: false });
    expect(await rows(target)).toEqual(await rows(source));
    expect(await target.get('SELECT name, total_tasks, completed_tasks FROM sessions')).toEqual({
      name: 'Source',
      total_tasks: 2,
      completed_tasks: 1,
    });
    const hits = unwrap(await searchAll(target, 'alpha', { scope: 'all' }));
    expect(hits.map((h) => h.title)).toEqual(['Source alpha']);
    expect(unwrap(await searchAll(target, 'Target', { scope: 'all' }))).toEqual([]);
    expect(await target.all('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('restores a file written by an older version, migrating it forward', async () => {
    const old = await openMemoryDb();
    await migrate(old, migrations.slice(0, 1));
    await old.exec(`INSERT INTO sessions (session_id, name, status) VALUES ('s1', 'Old one', 'active');
      INSERT INTO tasks (task_id, session_id, title, status) VALUES ('t1', 's1', 'From v1', 'completed');`);
    const target = await seeded('Current');
    const report = unwrap(await restoreDatabase(target, await snapshotBytes(old)));
    expect(report.fromVersion).toBe(1);
    expect(await target.get('SELECT name, total_tasks, completed_tasks FROM sessions')).toEqual({
      name: 'Old one',
      total_tasks: 1,
      completed_tasks: 1,
    });
  });

  it('restores a legacy task-only database file', async () => {
    const legacy = new Uint8Array(
      readFileSync(new URL('../fixtures/legacy/task-only-v0.db', import.meta.url)),
    );
    const target = await seeded('Current');
    const report = unwrap(await restoreDatabase(target, legacy));
    expect(report).toMatchObject({ fromVersion: 0, legacy: true, sessions: 1, tasks: 6 });
    expect(await target.get('SELECT count(*) AS n FROM legacy_tasks')).toEqual({ n: 6 });
  });

  it('refuses a corrupt file, a non-database and a newer database, changing nothing', async () => {
    const target = await seeded('Keep me');
    const before = await rows(target);
    const good = await snapshotBytes(await seeded('Other'));
    const corrupt = good.slice();
    corrupt.fill(0x5a, 4096, 8192); // a page of garbage
    const damaged = failure(await restoreDatabase(target, corrupt));
    expect(damaged.message).toMatch(/damaged|malformed|not a database/i);
    expect(
      failure(
        await restoreDatabase(target, new TextEncoder().encode('# just markdown\n'.repeat(100))),
      ).message,
    ).toBe('That file is not a SQLite database.');
    const newer = await seeded('Future');
    await newer.exec('PRAGMA user_version = 999');
    expect(failure(await restoreDatabase(target, await snapshotBytes(newer)))).toMatchObject({
      type: 'DatabaseNewer',
    });
    expect(await rows(target)).toEqual(before);
    expect(await target.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
  });

  it('refuses a backup with a table the app does not make, running no SQL from the file', async () => {
    const source = await seeded('Source');
    await source.exec(
      `CREATE TABLE "x"";DROP TABLE sessions;--" (a); INSERT INTO "x"";DROP TABLE sessions;--" VALUES (1);`,
    );
    const target = await seeded('Target');
    const before = await rows(target);
    expect(failure(await restoreDatabase(target, await snapshotBytes(source))).message).toMatch(
      /holds a table .* that this app does not make/,
    );
    expect(await rows(target)).toEqual(before);
  });
});
