/**
 * The native reference: the same statements on native SQLite (better-sqlite3) with the app's
 * settings — a file on disk in a temp dir, locking_mode=exclusive, WAL, synchronous=FULL,
 * foreign keys, 16 MiB cache — and the app's own schema (its migrations, applied by its own
 * migrate()). The bulk insert runs the app's own importPlan (plan parsing, session, groups,
 * bulkCreateTasks) on this connection through a small Db adapter, so the JavaScript and the
 * SQL are exactly the worker's; only the engine differs. Loaded by bench/run.mjs through
 * Vite's runnerImport.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db, Row, SqlValue } from '../workers/db/sqlite';
import { migrate } from '../workers/db/migrate';
import { planFromMarkdown } from '../core/import/import-plan';
import { importPlan } from '../workers/import/plan-import';
import { generatePlan } from './generate';

function isFailedResult(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'ok' in value && value.ok === false;
}

/** The app's Db interface over a better-sqlite3 connection (same transaction semantics). */
function nativeDb(conn: Database.Database): Db {
  const statements = new Map<string, Database.Statement>();
  const numbered = new Set<string>();
  let sql = '';
  const prepare = (text: string) => {
    sql = text;
    let stmt = statements.get(text);
    if (!stmt) {
      stmt = conn.prepare(text);
      statements.set(text, stmt);
      if (/\?\d/.test(text)) numbered.add(text);
    }
    return stmt;
  };
  // better-sqlite3 binds numbered parameters (?1, ?2) only from an object keyed 1, 2, …
  const params = (values: readonly SqlValue[]): unknown[] =>
    numbered.has(sql) ? [Object.fromEntries(values.map((v, i) => [i + 1, v]))] : [...values];
  let depth = 0;
  const db: Db = {
    get sqlite3(): never {
      throw new Error('not available natively');
    },
    handle: 0,
    module: null,
    get inTransaction() {
      return depth > 0;
    },
    async all<T = Row>(sql: string, values: readonly SqlValue[] = []) {
      const stmt = prepare(sql);
      return (stmt.reader ? stmt.all(...params(values)) : (stmt.run(...params(values)), [])) as T[];
    },
    async get<T = Row>(sql: string, values: readonly SqlValue[] = []) {
      const stmt = prepare(sql);
      if (!stmt.reader) {
        stmt.run(...params(values));
        return undefined;
      }
      return stmt.get(...params(values)) as T | undefined;
    },
    async run(sql, values = []) {
      const stmt = prepare(sql);
      if (stmt.reader) {
        stmt.all(...params(values));
        return 0;
      }
      return stmt.run(...params(values)).changes;
    },
    async exec(sql) {
      conn.exec(sql);
    },
    async transaction(fn) {
      if (depth > 0) return fn();
      conn.exec('BEGIN IMMEDIATE');
      depth++;
      let committed = false;
      try {
        const result = await fn();
        if (!isFailedResult(result)) {
          conn.exec('COMMIT');
          committed = true;
        }
        return result;
      } finally {
        depth--;
        if (!committed) conn.exec('ROLLBACK');
      }
    },
    async close() {
      conn.close();
    },
  };
  return db;
}

export interface NativeResult {
  commit: number[];
  bulk: number[];
  sqliteVersion: string;
  pragmas: Record<string, unknown>;
}

export interface NativeConnection {
  conn: Database.Database;
  db: Db;
  close(): void;
}

/** A fresh database file in a temp dir, with the app's settings and schema. */
export async function openNative(): Promise<NativeConnection> {
  const dir = mkdtempSync(join(tmpdir(), 'so-bench-native-'));
  const conn = new Database(join(dir, 'orchestrator.db'));
  conn.pragma('locking_mode = exclusive');
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('cache_size = -16384');
  const db = nativeDb(conn);
  const migrated = await migrate(db);
  if (!migrated.ok) throw new Error(`native migrate: ${migrated.error.message}`);
  return {
    conn,
    db,
    close() {
      conn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `commitRuns` single-row commits of the statement `measureCommits` runs in the worker, and
 * `bulkRuns` imports of a `tasks`-task plan, each into a fresh database as in the worker
 * (after `warm` discarded commits and one discarded import).
 */
export async function runNative(options: {
  warm: number;
  commitRuns: number;
  bulkRuns: number;
  tasks: number;
}): Promise<NativeResult> {
  const first = await openNative();
  const { conn } = first;
  const pragma = (name: string) => conn.pragma(name, { simple: true });
  const pragmas = Object.fromEntries(
    ['journal_mode', 'synchronous', 'locking_mode', 'foreign_keys', 'cache_size'].map((n) => [
      n,
      pragma(n),
    ]),
  );
  const sqliteVersion = (conn.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;

  // The worker's measureCommits, statement for statement.
  conn.exec('CREATE TABLE IF NOT EXISTS bench_commit (id INTEGER PRIMARY KEY, n INTEGER)');
  conn.prepare('INSERT OR REPLACE INTO bench_commit (id, n) VALUES (1, 0)').run();
  const update = conn.prepare('UPDATE bench_commit SET n = n + 1 WHERE id = 1');
  const commit: number[] = [];
  for (let i = 0; i < options.warm + options.commitRuns; i++) {
    const start = performance.now();
    update.run();
    const ms = performance.now() - start;
    if (i >= options.warm) commit.push(ms);
  }
  conn.exec('DROP TABLE bench_commit');
  first.close();

  // The worker's importPlan (parse + one transaction), into a fresh database each time.
  const bulk: number[] = [];
  for (let i = 0; i < 1 + options.bulkRuns; i++) {
    const native = await openNative();
    try {
      const text = generatePlan(options.tasks, `Bulk ${i}`);
      const start = performance.now();
      const parsed = planFromMarkdown(text, 'bulk.md');
      if (!parsed.ok) throw new Error(parsed.error.message);
      const session = await importPlan(native.db, parsed.plan, 'bulk.md');
      const ms = performance.now() - start;
      if (!session.ok) throw new Error(`native import: ${session.error.message}`);
      if (session.value.total_tasks !== options.tasks)
        throw new Error('native import: wrong count');
      if (i >= 1) bulk.push(ms);
    } finally {
      native.close();
    }
  }
  return { commit, bulk, sqliteVersion, pragmas };
}
