/**
 * A small typed layer over one wa-sqlite connection: bound parameters only, cached prepared
 * statements, rows as plain objects, and one transaction helper that rolls back on a throw or
 * on a failed Result. It knows nothing of the app's tables.
 */
import * as SQLite from '@journeyapps/wa-sqlite';
import type { Result } from '../../core/result';

export type SqlValue = string | number | null | Uint8Array;
export type Row = Record<string, SqlValue>;

/** The wa-sqlite API object returned by `SQLite.Factory(module)`. */
export type SQLiteApi = ReturnType<typeof SQLite.Factory>;

export interface Db {
  /** Rows of a query, as objects keyed by column name. */
  all<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row of a query, or undefined. */
  get<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs one statement; returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs a script of several statements (no parameters), e.g. a migration file. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction (`BEGIN IMMEDIATE`). It commits when `fn` returns an ok
   * Result (or a non-Result value) and rolls back when `fn` throws or returns an error Result.
   * A transaction inside a transaction joins the outer one.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** True while a transaction is open on this connection. */
  readonly inTransaction: boolean;
  readonly sqlite3: SQLiteApi;
  readonly handle: number;
  /** The wasm module the connection lives in (other VFSes can be registered on it). */
  readonly module: unknown;
  close(): Promise<void>;
}

function isFailedResult(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'ok' in value &&
    (value as Result<unknown, unknown>).ok === false
  );
}

/** Wraps an open connection. Statements are prepared once and reused. */
export function createDb(sqlite3: SQLiteApi, handle: number, module: unknown): Db {
  const statements = new Map<string, { stmt: number; columns: string[] }>();
  let depth = 0;

  async function prepare(sql: string): Promise<{ stmt: number; columns: string[] }> {
    const cached = statements.get(sql);
    if (cached) return cached;
    for await (const stmt of sqlite3.statements(handle, sql, { unscoped: true })) {
      const prepared = { stmt, columns: sqlite3.column_names(stmt) };
      statements.set(sql, prepared);
      return prepared;
    }
    throw new Error(`No statement in SQL: ${sql}`);
  }

  async function query<T>(sql: string, params: readonly SqlValue[], limit: number): Promise<T[]> {
    const { stmt, columns } = await prepare(sql);
    const rows: T[] = [];
    try {
      if (params.length > 0) sqlite3.bind_collection(stmt, params as SqlValue[]);
      while (rows.length < limit && (await sqlite3.step(stmt)) === SQLite.SQLITE_ROW) {
        const values = sqlite3.row(stmt);
        const row: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) {
          const value = values[i];
          row[columns[i] as string] = typeof value === 'bigint' ? Number(value) : value;
        }
        rows.push(row as T);
      }
    } finally {
      // After a failed step, reset repeats that step's error: the original is already thrown.
      await sqlite3.reset(stmt).catch(() => undefined);
      sqlite3.clear_bindings(stmt);
    }
    return rows;
  }

  const db: Db = {
    sqlite3,
    handle,
    module,
    get inTransaction() {
      return depth > 0;
    },
    all: (sql, params = []) => query(sql, params, Infinity),
    async get(sql, params = []) {
      const rows = await query<never>(sql, params, 1);
      return rows[0];
    },
    async run(sql, params = []) {
      await query(sql, params, Infinity);
      return sqlite3.changes(handle);
    },
    async exec(sql) {
      await sqlite3.exec(handle, sql);
    },
    async transaction(fn) {
      if (depth > 0) return fn();
      await query('BEGIN IMMEDIATE', [], Infinity);
      depth++;
      let committed = false;
      try {
        const result = await fn();
        if (!isFailedResult(result)) {
          await query('COMMIT', [], Infinity);
          committed = true;
        }
        return result;
      } finally {
        depth--;
        if (!committed) await query('ROLLBACK', [], Infinity);
      }
    },
    async close() {
      for (const { stmt } of statements.values()) sqlite3.finalize(stmt);
      statements.clear();
      await sqlite3.close(handle);
    },
  };
  return db;
}

/** Runs async jobs one after another: the worker serves one call at a time on its connection. */
export function createSerialQueue(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (job) => {
    const next = tail.then(job, job);
    tail = next.catch(() => undefined);
    return next;
  };
}
