/**
 * A backup is data, never code. Hostile backups are built here with better-sqlite3 (a
 * separate SQLite, as another app or an attacker would use): triggers that loop or plant
 * rows, CHECK expressions built to be slow, foreign tables, views and index expressions, bad
 * ids and statuses, binary titles, deep parent chains, truncated files. Each is refused (or,
 * where the app's own rules make it harmless, restored as data) quickly, with a sentence that
 * says what to do, and the current data stays as it was.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../workers/db/migrations';
import { snapshotBytes } from '../../workers/db/snapshot';
import { restoreDatabase } from '../../workers/domain/restore';
import { createSession } from '../../workers/domain/sessions';
import { createTask } from '../../workers/domain/tasks';
import type { Db } from '../../workers/db/sqlite';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

type Native = InstanceType<typeof Database>;

/** A database at schema `version` written by another SQLite, with one session of `tasks` tasks. */
function backupAt(version: number, tasks = 3): Native {
  const native = new Database(':memory:');
  native.unsafeMode(true);
  for (const migration of migrations.slice(0, version)) {
    native.exec(migration.sql);
    native.pragma(`user_version = ${migration.version}`);
  }
  native
    .prepare(
      "INSERT INTO sessions (session_id, name, status) VALUES ('s_backup', 'Backup', 'active')",
    )
    .run();
  const insert = native.prepare(
    "INSERT INTO tasks (task_id, session_id, title, status, hierarchy_path) VALUES (?, 's_backup', ?, 'pending', ?)",
  );
  for (let i = 0; i < tasks; i++) insert.run(`t_${i}`, `Task ${i}`, `/s_backup/_/t_${i}/`);
  return native;
}

const bytesOf = (native: Native) => new Uint8Array(native.serialize());

async function current(): Promise<Db> {
  const db = await openMigratedDb();
  const s = unwrap(await createSession(db, { name: 'Mine' }));
  unwrap(await createTask(db, { session_id: s.session_id, title: 'Keep me' }));
  return db;
}

const fingerprint = async (db: Db) => ({
  sessions: await db.all('SELECT session_id, name, status FROM sessions ORDER BY session_id'),
  tasks: await db.all('SELECT task_id, title, status FROM tasks ORDER BY task_id'),
  tables: await db.all('SELECT type, name FROM sqlite_schema ORDER BY name'),
});

/** Restores `bytes` over the current data: refused, with a sentence, nothing changed. */
async function refused(bytes: Uint8Array): Promise<string> {
  const db = await current();
  const before = await fingerprint(db);
  const error = failure(await restoreDatabase(db, bytes));
  expect(error.message).not.toMatch(/sqlite3_|constraint failed|SQLITE_/i);
  expect(error.message).toMatch(/Nothing was changed/);
  expect(await fingerprint(db)).toEqual(before);
  expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
  return error.message;
}

/** Replaces the definition of `name` in the file's schema (as a hostile writer can). */
function rewriteSchema(native: Native, name: string, sql: string) {
  native.pragma('writable_schema = ON');
  native.prepare('UPDATE sqlite_schema SET sql = ? WHERE name = ?').run(sql, name);
  native.pragma('writable_schema = OFF');
}

const slowCheck = "CHECK (length(printf('%.*c', 100000000, 'x')) > 0)";

describe('a backup is data: hostile files are refused, quickly, with a sentence', () => {
  it('refuses triggers that would run while an older backup is migrated', async () => {
    // Migration 3 updates every session: without the schema check this trigger planted a
    // row no check saw, and the second one (a four-way self join) held the database for minutes.
    const planting = backupAt(1);
    planting.exec(`CREATE TRIGGER plant AFTER UPDATE ON sessions BEGIN
      INSERT INTO tasks (task_id, session_id, title, status) VALUES ('planted', NEW.session_id, 'planted', 'pending');
    END;`);
    expect(await refused(bytesOf(planting))).toMatch(/trigger "plant" that this app does not make/);

    const slow = backupAt(1, 150);
    slow.exec(`CREATE TRIGGER spin AFTER UPDATE ON sessions BEGIN
      SELECT count(*) FROM tasks a, tasks b, tasks c, tasks d;
    END;`);
    expect(await refused(bytesOf(slow))).toMatch(/trigger "spin"/);

    const recursive = backupAt(1);
    recursive.exec(`CREATE TRIGGER again AFTER INSERT ON tasks BEGIN
      INSERT INTO tasks (task_id, session_id, title) VALUES (NEW.task_id || 'x', NEW.session_id, 'x');
    END;`);
    expect(await refused(bytesOf(recursive))).toMatch(/trigger "again"/);
  });

  it('refuses a trigger, view, table or index expression in a current backup', async () => {
    const trigger = backupAt(migrations.length);
    trigger.exec(
      `CREATE TRIGGER tasks_counters_insert2 AFTER INSERT ON tasks BEGIN SELECT 1; END;`,
    );
    expect(await refused(bytesOf(trigger))).toMatch(/trigger "tasks_counters_insert2"/);

    const view = backupAt(migrations.length);
    view.exec('CREATE VIEW everything AS SELECT * FROM tasks');
    expect(await refused(bytesOf(view))).toMatch(/view "everything"/);

    const table = backupAt(migrations.length);
    table.exec(
      `CREATE TABLE "x"";DROP TABLE sessions;--" (a); INSERT INTO "x"";DROP TABLE sessions;--" VALUES (1);`,
    );
    expect(await refused(bytesOf(table))).toMatch(/table "x";DROP TABLE sessions;--"/);

    const index = backupAt(migrations.length);
    index.exec("CREATE INDEX slow_index ON tasks (printf('%.*c', 1000, title))");
    expect(await refused(bytesOf(index))).toMatch(/index "slow_index"/);

    // One of the app's own triggers, redefined under its own name.
    const redefined = backupAt(migrations.length);
    redefined.exec(`DROP TRIGGER tasks_counters_insert;
      CREATE TRIGGER tasks_counters_insert AFTER INSERT ON tasks BEGIN SELECT 1; END;`);
    expect(await refused(bytesOf(redefined))).toMatch(
      /trigger "tasks_counters_insert" is not the one this app makes/,
    );
  });

  it('refuses a CHECK built to be slow, without evaluating it', async () => {
    // integrity_check evaluates every CHECK on every row: this one takes seconds per row.
    const native = backupAt(migrations.length, 20);
    const sql = native
      .prepare("SELECT sql FROM sqlite_schema WHERE name = 'tasks'")
      .pluck()
      .get() as string;
    rewriteSchema(native, 'tasks', sql.replace(/\)\s*$/, `, ${slowCheck})`));
    expect(await refused(bytesOf(native))).toMatch(/table "tasks" is not the one this app makes/);
  });

  it('restores a legacy task-only file with a slow CHECK as data (the CHECK never runs)', async () => {
    const native = new Database(':memory:');
    native.exec(`CREATE TABLE tasks (task_id TEXT PRIMARY KEY, parent_task_id TEXT, title TEXT,
      description TEXT, status TEXT, ${slowCheck});`);
    native.pragma('ignore_check_constraints = ON');
    const insert = native.prepare('INSERT INTO tasks (task_id, title, status) VALUES (?, ?, ?)');
    for (let i = 0; i < 30; i++) insert.run(`old_${i}`, `Old ${i}`, 'done');
    const db = await current();
    const started = Date.now();
    const report = unwrap(await restoreDatabase(db, bytesOf(native)));
    expect(report).toMatchObject({ legacy: true, tasks: 30 });
    // Bounded work, not a timing target: evaluating the CHECK would take about a minute.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses a legacy file with a generated column or a trigger', async () => {
    const generated = new Database(':memory:');
    generated.exec(`CREATE TABLE tasks (task_id TEXT PRIMARY KEY, title TEXT,
      slow TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) VIRTUAL);`);
    expect(await refused(bytesOf(generated))).toMatch(/table "tasks" that this app does not make/);
    const trigger = new Database(':memory:');
    trigger.exec(`CREATE TABLE tasks (task_id TEXT PRIMARY KEY, title TEXT);
      CREATE TRIGGER t AFTER UPDATE ON tasks BEGIN SELECT 1; END;`);
    expect(await refused(bytesOf(trigger))).toMatch(/trigger "t"/);
  });

  it('refuses bad ids, unknown statuses, binary titles and deep chains, naming them', async () => {
    const path = backupAt(migrations.length);
    path.prepare("UPDATE tasks SET task_id = '../../etc' WHERE task_id = 't_1'").run();
    expect(await refused(bytesOf(path))).toMatch(/tasks\[1\]\.task_id must be an id/);

    const session = backupAt(migrations.length, 0);
    session.prepare("UPDATE sessions SET session_id = 'a/b'").run();
    expect(await refused(bytesOf(session))).toMatch(/sessions\[0\]\.session_id must be an id/);

    // The file's own guard is dropped for the write and put back word for word.
    const status = backupAt(migrations.length);
    const guard = status
      .prepare("SELECT sql FROM sqlite_schema WHERE name = 'tasks_status_update'")
      .pluck()
      .get() as string;
    status.exec('DROP TRIGGER tasks_status_update');
    status.prepare("UPDATE tasks SET status = 'pwned' WHERE task_id = 't_2'").run();
    status.exec(guard);
    expect(await refused(bytesOf(status))).toMatch(/tasks\[2\]\.status must be one of pending/);

    const binary = backupAt(migrations.length);
    binary.prepare("UPDATE tasks SET title = x'00ff00' WHERE task_id = 't_0'").run();
    expect(await refused(bytesOf(binary))).toMatch(/tasks\.title holds binary data/);

    const deep = backupAt(migrations.length, 0);
    const insert = deep.prepare(
      "INSERT INTO tasks (task_id, session_id, parent_task_id, title, status) VALUES (?, 's_backup', ?, 'deep', 'pending')",
    );
    for (let i = 0; i < 100; i++) insert.run(`d_${i}`, i === 0 ? null : `d_${i - 1}`);
    expect(await refused(bytesOf(deep))).toMatch(/Task "d_64" is nested more than 64 levels deep/);
  });

  it('says a truncated or damaged file is incomplete, in a sentence', async () => {
    const source = await openMigratedDb();
    const s = unwrap(await createSession(source, { name: 'Big' }));
    for (let i = 0; i < 300; i++) {
      unwrap(
        await createTask(source, {
          session_id: s.session_id,
          title: `Task ${i} ${'x'.repeat(200)}`,
        }),
      );
    }
    const good = await snapshotBytes(source);
    for (const cut of [0.3, 0.5, 0.9]) {
      const message = await refused(good.slice(0, Math.floor(good.length * cut)));
      expect(message).toMatch(/damaged|incomplete/);
    }
  });

  it('stops a restore that runs past its time limit, changing nothing', async () => {
    const source = await openMigratedDb();
    const s = unwrap(await createSession(source, { name: 'Slow' }));
    for (let i = 0; i < 200; i++) {
      unwrap(await createTask(source, { session_id: s.session_id, title: `Task ${i}` }));
    }
    const db = await current();
    const before = await fingerprint(db);
    const error = failure(
      await restoreDatabase(db, await snapshotBytes(source), { timeLimitMs: 0 }),
    );
    expect(error.message).toMatch(/took longer than 0 s and was stopped\. Nothing was changed/);
    expect(await fingerprint(db)).toEqual(before);
    // Without the limit the same file restores.
    unwrap(await restoreDatabase(db, await snapshotBytes(source)));
    expect(await db.get('SELECT count(*) AS n FROM tasks')).toEqual({ n: 200 });
  });

  it('restores a clean backup written by another SQLite', async () => {
    const db = await current();
    const report = unwrap(await restoreDatabase(db, bytesOf(backupAt(migrations.length, 5))));
    expect(report).toMatchObject({ sessions: 1, tasks: 5, legacy: false });
    expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
  });
});
