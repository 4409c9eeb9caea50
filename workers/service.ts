/**
 * The database service: DbApi calls served by name on one connection, one at a time (the
 * connection is shared with the sync engine's timer-driven work), anything thrown turned into
 * an error value, and a change notice for each call that changed something.
 */
import type { ChangeNotice, DbMethod } from './api';
import type { Db } from './db/sqlite';
import { createSerialQueue } from './db/sqlite';
import { type AppError, type Result, attempt } from './result';
import { migrate } from './db/migrate';
import { trackChanges } from './db/changes';
import { checkpointWhenQuiet } from './db/checkpoint';
import { changedRows, tablesWithRows } from './domain/changed-rows';
import { createSyncEngine } from './sync/engine';
import { ensureDefaultMode } from './modes/store';
import { createModeLoader } from './modes/load';
import { type FolderMemory, folderMemory } from './folder/remembered';
import { hasWritePermission } from './folder/fs';
import { createDbApi } from './api/db-api';

export interface ServiceReply {
  result: Result<unknown, AppError>;
  /** Null when the call changed nothing. */
  changes: ChangeNotice | null;
}

export type DbHandler = (method: string, args: unknown[]) => Promise<ServiceReply>;

const idKeys = ['session_id', 'group_id', 'task_id'] as const;

/**
 * The ids a call's result names: the ids of the row it returns (and of the session an archive
 * returns). Arguments are never scanned: they may hold anything, such as a whole plan's text.
 */
export function touchedIds(result: Result<unknown, AppError>): string[] {
  const ids = new Set<string>();
  const collect = (value: unknown) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of idKeys) {
      const id = (value as Record<string, unknown>)[key];
      if (typeof id === 'string') ids.add(id);
    }
  };
  if (result.ok) {
    collect(result.value);
    collect((result.value as { session?: unknown } | null)?.session);
  }
  return [...ids];
}

/** Tables whose changes make a session's session.md out of date. */
const syncedTables = new Set([
  'sessions',
  'tasks',
  'task_groups',
  'session_notes',
  'session_change_log',
]);

/**
 * A handler that serves DbApi calls by name on `db`, one at a time. The sync engine shares
 * the same queue for its timer-driven work, so nothing ever interleaves on the connection;
 * changes that work makes are announced through `emit`.
 */
export function createDbHandler(
  db: Db,
  emit: (notice: ChangeNotice) => void,
  memory: FolderMemory,
): DbHandler {
  const queue = createSerialQueue();
  const changes = trackChanges(db, tablesWithRows);
  const wrote = checkpointWhenQuiet(db, queue);
  // Folder state (attached, permission, last problem) lives outside the database: when it
  // changes, notices name the pseudo-table 'folder_status' so every tab re-reads it.
  let folderState: string | null = null;
  const takeTables = () => {
    const tables = changes.takeTables();
    const now = JSON.stringify(engine.status());
    if (folderState !== null && now !== folderState) tables.push('folder_status');
    folderState = now;
    return tables;
  };
  const background = <T>(job: () => Promise<T>) =>
    queue(async () => {
      changes.clear();
      try {
        return await job();
      } finally {
        changes.takeRowids(); // background notices carry no rows: views read again
        const tables = takeTables();
        if (tables.length) {
          wrote();
          emit({ tables, ids: [] });
        }
      }
    });
  const engine = createSyncEngine(db, { background, onFolderCheck: createModeLoader(db) });
  folderState = JSON.stringify(engine.status());
  const api = createDbApi({ db, engine, memory });
  // A new owner reopens the remembered folder when its permission is still granted.
  void background(async () => {
    const handle = await memory.recall().catch(() => null);
    if (handle && (await hasWritePermission(handle).catch(() => false)))
      await engine.attach(handle);
  });

  return (method, args) =>
    queue(async () => {
      changes.clear();
      const fn = Object.hasOwn(api, method)
        ? (api[method as DbMethod] as (...a: unknown[]) => Promise<Result<unknown, AppError>>)
        : undefined;
      const result = fn
        ? await attempt(() => fn(...args))
        : {
            ok: false as const,
            error: { type: 'UnknownError' as const, message: `Unknown method "${method}".` },
          };
      const tables = takeTables();
      const rowids = changes.takeRowids();
      if (tables.some((table) => syncedTables.has(table))) engine.schedule();
      if (!tables.length) return { result, changes: null };
      wrote();
      return {
        result,
        changes: { tables, ids: touchedIds(result), rows: await changedRows(db, rowids) },
      };
    });
}

/**
 * Opens and migrates the database, then serves it. When migration refuses the database (it
 * is newer than this app), every call answers with that error and nothing is written.
 */
export async function openDbHandler(
  openDb: () => Promise<Db>,
  emit: (notice: ChangeNotice) => void,
  databaseName: string,
): Promise<DbHandler> {
  const db = await openDb();
  const migrated = await migrate(db);
  if (!migrated.ok) return async () => ({ result: migrated, changes: null });
  await ensureDefaultMode(db);
  return createDbHandler(db, emit, folderMemory(databaseName));
}
