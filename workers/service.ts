/**
 * The database service: every DbApi method bound to one connection. Calls run one at a time
 * (the connection is shared), anything thrown becomes an error value, and the tables each
 * call changed (SQLite's update hook) are reported so the tabs can be told.
 */
import type { ChangeNotice, DbApi, DbMethod } from './api';
import type { Db } from './db/sqlite';
import { createSerialQueue } from './db/sqlite';
import { type AppError, type Result, attempt, ok } from './db/result';
import { migrate, schemaVersion } from './db/migrate';
import * as sessions from './domain/sessions';
import * as groups from './domain/groups';
import * as tasks from './domain/tasks';
import * as dependencies from './domain/dependencies';
import { sessionProgress } from './domain/progress';

function createDbApi(db: Db): DbApi {
  return {
    listSessions: async (filter) => ok(await sessions.listSessions(db, filter)),
    getSession: (id) => sessions.getSession(db, id),
    getActiveSession: async () => ok(await sessions.getActiveSession(db)),
    createSession: (input) => sessions.createSession(db, input),
    updateSession: (id, patch) => sessions.updateSession(db, id, patch),
    transitionSession: (id, to) => sessions.transitionSession(db, id, to),
    deleteSession: (id) => sessions.deleteSession(db, id),
    listGroups: async (sessionId) => ok(await groups.listGroups(db, sessionId)),
    createGroup: (input) => groups.createGroup(db, input),
    updateGroup: (id, patch) => groups.updateGroup(db, id, patch),
    moveGroup: (id, target) => groups.moveGroup(db, id, target),
    deleteGroup: (id) => groups.deleteGroup(db, id),
    listTasks: async (sessionId) => ok(await tasks.listTasks(db, sessionId)),
    getTask: (id) => tasks.getTask(db, id),
    subtree: (id) => tasks.subtree(db, id),
    createTask: (input) => tasks.createTask(db, input),
    updateTask: (id, patch) => tasks.updateTask(db, id, patch),
    moveTask: (id, target) => tasks.moveTask(db, id, target),
    deleteTask: (id) => tasks.deleteTask(db, id),
    setDependencies: (id, ids) => dependencies.setDependencies(db, id, ids),
    addDependency: (id, prerequisite) => dependencies.addDependency(db, id, prerequisite),
    removeDependency: (id, prerequisite) => dependencies.removeDependency(db, id, prerequisite),
    setRelated: (id, ids) => dependencies.setRelated(db, id, ids),
    readyTasks: async (sessionId) => ok(await dependencies.readyTasks(db, sessionId)),
    sessionProgress: (sessionId) => sessionProgress(db, sessionId),
    integrityCheck: async () => {
      const rows = await db.all<{ integrity_check: string }>('PRAGMA integrity_check');
      return ok(rows.map((row) => row.integrity_check).join('\n'));
    },
    schemaVersion: async () => ok(await schemaVersion(db)),
    measureCommits: async (runs) => {
      await db.exec('CREATE TABLE IF NOT EXISTS bench_commit (id INTEGER PRIMARY KEY, n INTEGER)');
      await db.run('INSERT OR REPLACE INTO bench_commit (id, n) VALUES (1, 0)');
      const times: number[] = [];
      for (let i = 0; i < Math.min(runs, 10_000); i++) {
        const start = performance.now();
        await db.run('UPDATE bench_commit SET n = n + 1 WHERE id = 1');
        times.push(performance.now() - start);
      }
      await db.exec('DROP TABLE bench_commit');
      return ok(times);
    },
    diagnostics: async () => {
      const value = async <T>(sql: string) => Object.values((await db.get(sql))!)[0] as T;
      return ok({
        sqlite_version: await value<string>('SELECT sqlite_version()'),
        journal_mode: await value<string>('PRAGMA journal_mode'),
        synchronous: await value<number>('PRAGMA synchronous'),
        locking_mode: await value<string>('PRAGMA locking_mode'),
        foreign_keys: await value<number>('PRAGMA foreign_keys'),
        cache_size: await value<number>('PRAGMA cache_size'),
        page_size: await value<number>('PRAGMA page_size'),
      });
    },
  };
}

export interface ServiceReply {
  result: Result<unknown, AppError>;
  /** Null when the call changed nothing. */
  changes: ChangeNotice | null;
}

export type DbHandler = (method: string, args: unknown[]) => Promise<ServiceReply>;

/** Ids a call touched: its string arguments and the ids in its result. */
function touchedIds(args: unknown[], result: Result<unknown, AppError>): string[] {
  const ids = new Set(args.filter((arg): arg is string => typeof arg === 'string'));
  const value = result.ok ? result.value : null;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of ['session_id', 'group_id', 'task_id'] as const) {
      const id = (value as Record<string, unknown>)[key];
      if (typeof id === 'string') ids.add(id);
    }
  }
  return [...ids];
}

/** A handler that serves DbApi calls by name on `db`, one at a time. */
export function createDbHandler(db: Db): DbHandler {
  const api = createDbApi(db);
  const queue = createSerialQueue();
  const changed = new Set<string>();
  db.sqlite3.update_hook(db.handle, (_type: number, _db: string | null, table: string | null) => {
    if (table) changed.add(table);
  });
  return (method, args) =>
    queue(async () => {
      changed.clear();
      const fn = Object.hasOwn(api, method)
        ? (api[method as DbMethod] as (...a: unknown[]) => Promise<Result<unknown, AppError>>)
        : undefined;
      const result = fn
        ? await attempt(() => fn(...args))
        : {
            ok: false as const,
            error: { type: 'UnknownError' as const, message: `Unknown method "${method}".` },
          };
      const tables = [...changed].filter((table) => !table.startsWith('sqlite_'));
      return { result, changes: tables.length ? { tables, ids: touchedIds(args, result) } : null };
    });
}

/**
 * Opens and migrates the database, then serves it. When migration refuses the database (it
 * is newer than this app), every call answers with that error and nothing is written.
 */
export async function openDbHandler(openDb: () => Promise<Db>): Promise<DbHandler> {
  const db = await openDb();
  const migrated = await migrate(db);
  if (!migrated.ok) return async () => ({ result: migrated, changes: null });
  return createDbHandler(db);
}

/** Names of every DbApi method, for building forwarding proxies. */
export const dbMethodNames = Object.keys(createDbApi(null as unknown as Db)) as DbMethod[];
