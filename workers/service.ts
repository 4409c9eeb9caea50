/**
 * The database service: every DbApi method bound to one connection. Calls run one at a time
 * (the connection is shared), anything thrown becomes an error value, and the tables each
 * call changed (SQLite's update hook) are reported so the tabs can be told.
 */
import type { ChangeNotice, DbApi, DbMethod, ExportResult } from './api';
import type { Db } from './db/sqlite';
import { createSerialQueue } from './db/sqlite';
import { type AppError, type Result, attempt, err, notFound, ok } from './db/result';
import { migrate, schemaVersion } from './db/migrate';
import { type SyncEngine, createSyncEngine } from './sync/engine';
import { getBackupContent, listBackups, listSyncStates } from './sync/sync-state';
import { loadSessionDoc } from './sync/session-store';
import { renderSessionMarkdown } from '../core/session-md/render';
import { planFromMarkdown } from '../core/import/import-plan';
import { importPlan } from './sync/import-session';
import { ensureDefaultMode, listModes } from './modes/store';
import {
  bindSessionMode,
  effectiveMode,
  specialistRolesFor,
  unbindSessionMode,
} from './modes/bindings';
import { createModeLoader } from './modes/load';
import { type FolderMemory, folderMemory } from './folder/remembered';
import * as sessions from './domain/sessions';
import * as groups from './domain/groups';
import * as tasks from './domain/tasks';
import * as dependencies from './domain/dependencies';
import { sessionProgress } from './domain/progress';
import { treeRowsByIdJson, treeRowsByRowid, treeRowsJson } from './domain/tree-rows';
import { searchAll } from './domain/search';
import { findProblems, fixProblems } from './domain/cleanup';
import { exportSessionJson, importSessionJson } from './domain/export-json';
import {
  FolderError,
  hasWritePermission,
  listSessionFolders,
  readBytes,
  writeFile,
} from './folder/fs';
import { appPathFromString, appPathToString, sessionFilePath } from './folder/paths';
import { type ExportFormat, buildSessionExport } from './sync/export-files';
import { snapshotBytes } from './db/snapshot';
import { restoreDatabase } from './domain/restore';

/** Builds an export and saves it in the folder's `exports/` or `archives/`, or returns it. */
async function saveExport(
  db: Db,
  engine: SyncEngine,
  sessionId: string,
  format: ExportFormat,
  folder: 'exports' | 'archives',
): Promise<Result<ExportResult, AppError>> {
  const app = engine.appFolder();
  const readModeFile = async (path: string) => {
    const appPath = app ? appPathFromString(path) : null;
    return appPath ? readBytes(app!, appPath) : null;
  };
  const file = await buildSessionExport(db, sessionId, format, readModeFile);
  if (!file.ok) return file;
  const { fileName, mimeType, bytes } = file.value;
  if (!app) return ok({ fileName, savedTo: null, download: { mimeType, bytes } });
  try {
    await writeFile(app, [folder, fileName], bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    if (error instanceof FolderError)
      return err({ type: 'Folder', reason: error.type, message: error.message });
    throw error;
  }
  return ok({ fileName, savedTo: `.task_orchestrator/${folder}/${fileName}`, download: null });
}

/** With a folder open, cleanup also reports sync state of session files that are gone. */
async function cleanupOptions(engine: SyncEngine): Promise<{ existingFiles?: string[] }> {
  const app = engine.appFolder();
  if (!app) return {};
  const ids = await listSessionFolders(app);
  return { existingFiles: ids.map((id) => appPathToString(sessionFilePath(id)!)) };
}

const planError = (message: string): AppError => ({ type: 'Validation', field: 'file', message });

function createDbApi(db: Db, engine: SyncEngine, memory: FolderMemory): DbApi {
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
    treeRows: async (sessionId) => ok(await treeRowsJson(db, sessionId)),
    treeRowsById: async (ids) => ok(await treeRowsByIdJson(db, ids)),
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
    openFolder: async (handle) => {
      const attached = await engine.attach(handle);
      if (attached.ok) await memory.remember(handle);
      return attached;
    },
    closeFolder: async () => {
      engine.detach();
      await memory.forget();
      return ok(null);
    },
    folderStatus: async () =>
      ok({ ...engine.status(), remembered: (await memory.recall()) !== null }),
    rememberedFolder: async () => ok(await memory.recall()),
    checkFolder: async () => {
      await engine.checkFiles();
      return ok(null);
    },
    syncSession: (sessionId) => engine.syncSession(sessionId),
    listSyncStates: async () => ok(await listSyncStates(db)),
    getConflicts: (sessionId) => engine.conflicts(sessionId),
    resolveConflicts: (sessionId, resolution) => engine.resolve(sessionId, resolution),
    listBackups: async (sessionId) => ok(await listBackups(db, sessionId)),
    restoreBackup: async (backupId) => {
      const backup = await getBackupContent(db, backupId);
      if (!backup) return err(notFound('backup', backupId));
      return engine.restoreBackup(backup.session_id, backup.content);
    },
    sessionMarkdown: async (sessionId) => {
      const doc = await loadSessionDoc(db, sessionId);
      return doc.ok ? ok(renderSessionMarkdown(doc.value)) : doc;
    },
    listModes: async () => ok(await listModes(db)),
    bindSessionMode: (sessionId, modeId, context) =>
      bindSessionMode(db, sessionId, modeId, context),
    unbindSessionMode: (sessionId) => unbindSessionMode(db, sessionId),
    effectiveMode: (sessionId) => effectiveMode(db, sessionId),
    specialistRoles: (sessionId) => specialistRolesFor(db, sessionId),
    previewPlan: async (text, fileName) => {
      const result = planFromMarkdown(text, fileName);
      return result.ok ? ok(result.plan) : err(planError(result.error.message));
    },
    importPlan: async (text, fileName) => {
      const result = planFromMarkdown(text, fileName);
      return result.ok
        ? importPlan(db, result.plan, fileName)
        : err(planError(result.error.message));
    },
    search: (query, options) => searchAll(db, query, options),
    exportSessionJson: (sessionId) => exportSessionJson(db, sessionId),
    importSessionJson: (data) => importSessionJson(db, data),
    findProblems: async () => findProblems(db, await cleanupOptions(engine)),
    fixProblems: async () => fixProblems(db, await cleanupOptions(engine)),
    exportSession: (sessionId, format) => saveExport(db, engine, sessionId, format, 'exports'),
    archiveSession: (sessionId) =>
      db.transaction(async () => {
        const session = await sessions.getSession(db, sessionId);
        if (!session.ok) return session;
        const from = session.value.status;
        if (!sessions.sessionTransitions[from].includes('archived')) {
          return err({
            type: 'InvalidTransition',
            from,
            to: 'archived',
            message: `${sessions.sessionInStatus(from)} cannot be archived. Pause, complete or cancel it first.`,
          });
        }
        const saved = await saveExport(db, engine, sessionId, 'zip', 'archives');
        if (!saved.ok) return saved;
        const archived = await sessions.transitionSession(db, sessionId, 'archived');
        return archived.ok ? ok({ ...saved.value, session: archived.value }) : archived;
      }),
    backupDatabase: async () =>
      ok({
        fileName: `session-orchestrator-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.sqlite`,
        bytes: await snapshotBytes(db),
      }),
    restoreDatabase: async (bytes) => {
      const previous = await snapshotBytes(db);
      const restored = await restoreDatabase(db, bytes);
      return restored.ok ? ok({ ...restored.value, previous }) : restored;
    },
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
        // Frames in the write-ahead log; asking checkpoints what it can, as a quiet moment would.
        wal_frames: (await db.get<{ log: number }>('PRAGMA wal_checkpoint(PASSIVE)'))?.log ?? 0,
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
  const changed = new Set<string>();
  // Rowids of changed rows of the small tables whose rows travel with the notice.
  const changedRows = new Map<string, Set<number>>();
  db.sqlite3.update_hook(
    db.handle,
    (_type: number, _db: string | null, table: string | null, rowid: bigint | number) => {
      if (!table) return;
      changed.add(table);
      if (table === 'sessions' || table === 'task_groups' || table === 'tasks') {
        const set = changedRows.get(table) ?? new Set<number>();
        set.add(Number(rowid));
        changedRows.set(table, set);
      }
    },
  );
  /** The changed session and group rows as they are now (after the commit), when few. */
  const takeRows = async (): Promise<NonNullable<ChangeNotice['rows']>> => {
    const rows: NonNullable<ChangeNotice['rows']> = {};
    const taskIds = changedRows.get('tasks');
    if (taskIds && taskIds.size <= rowsInNotice) {
      const found = await treeRowsByRowid(db, [...taskIds]);
      if (found.length === taskIds.size) rows.tasks = found;
    }
    for (const table of ['sessions', 'task_groups'] as const) {
      const ids = changedRows.get(table);
      if (!ids || ids.size > rowsInNotice) continue;
      const found = await db.all<never>(
        `SELECT * FROM ${table} WHERE rowid IN (SELECT value FROM json_each(?))`,
        [JSON.stringify([...ids])],
      );
      // A deleted row cannot travel: the views read again.
      if (found.length === ids.size) rows[table] = found;
    }
    changedRows.clear();
    return rows;
  };
  // Folder state (attached, permission, last problem) lives outside the database: when it
  // changes, notices name the pseudo-table 'folder_status' so every tab re-reads it.
  let folderState: string | null = null;
  const takeTables = () => {
    const tables = [...changed].filter((table) => !table.startsWith('sqlite_'));
    changed.clear();
    const now = JSON.stringify(engine.status());
    if (folderState !== null && now !== folderState) tables.push('folder_status');
    folderState = now;
    return tables;
  };
  // The write-ahead log is copied into the database file when the connection has been quiet
  // for a moment, not by whichever commit happens to fill it (SQLite's automatic checkpoint
  // at 1,000 pages stays as a backstop): no edit waits for a checkpoint. Only once a few dozen
  // writes have gathered, though: the first commit after a checkpoint starts the log over and
  // syncs its header as well, and a person ticking a task every few seconds would pay that
  // second fsync on every tick.
  let checkpointTimer: ReturnType<typeof setTimeout> | undefined;
  let writesSinceCheckpoint = 0;
  const checkpointWhenQuiet = () => {
    clearTimeout(checkpointTimer);
    if (++writesSinceCheckpoint < checkpointAfterWrites) return;
    checkpointTimer = setTimeout(
      () =>
        void queue(async () => {
          await db.exec('PRAGMA wal_checkpoint(PASSIVE)');
          writesSinceCheckpoint = 0;
        }).catch(() => undefined),
      checkpointAfterMs,
    );
  };
  const background = <T>(job: () => Promise<T>) =>
    queue(async () => {
      changed.clear();
      changedRows.clear();
      try {
        return await job();
      } finally {
        changedRows.clear(); // background notices carry no rows: views read again
        const tables = takeTables();
        if (tables.length) {
          checkpointWhenQuiet();
          emit({ tables, ids: [] });
        }
      }
    });
  const engine = createSyncEngine(db, { background, onFolderCheck: createModeLoader(db) });
  folderState = JSON.stringify(engine.status());
  const api = createDbApi(db, engine, memory);
  // A new owner reopens the remembered folder when its permission is still granted.
  void background(async () => {
    const handle = await memory.recall().catch(() => null);
    if (handle && (await hasWritePermission(handle).catch(() => false)))
      await engine.attach(handle);
  });

  return (method, args) =>
    queue(async () => {
      changed.clear();
      changedRows.clear();
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
      if (tables.some((table) => syncedTables.has(table))) engine.schedule();
      if (!tables.length) {
        changedRows.clear();
        return { result, changes: null };
      }
      checkpointWhenQuiet();
      return { result, changes: { tables, ids: touchedIds(args, result), rows: await takeRows() } };
    });
}

/** Quiet time after the last write before the write-ahead log is checkpointed… */
const checkpointAfterMs = 250;
/** …once this many writes are in it (an edit writes 3 to 8 pages: 40 stay far below 1,000). */
const checkpointAfterWrites = 40;

/** At most this many changed rows of a table travel with a notice. */
const rowsInNotice = 50;

/** Tables whose changes make a session's session.md out of date. */
const syncedTables = new Set([
  'sessions',
  'tasks',
  'task_groups',
  'session_notes',
  'session_change_log',
]);

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

/** Names of every DbApi method, for building forwarding proxies. */
export const dbMethodNames = Object.keys(
  createDbApi(
    null as unknown as Db,
    null as unknown as SyncEngine,
    null as unknown as FolderMemory,
  ),
) as DbMethod[];
