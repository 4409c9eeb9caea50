/**
 * The sync engine: keeps each session's `.task_orchestrator/sessions/<id>/session.md` and the
 * database in step, both ways, without ever losing an edit. It attaches to a project folder,
 * schedules syncs of sessions the app changed (debounced), checks files for outside changes
 * (watch.ts), and serves conflicts and restores. One session's sync: session-sync.ts (what it
 * does: decide.ts); the only writes: guarded-write.ts; new folders: folder-import.ts.
 */
import type { Db } from '../db/sqlite';
import {
  type AppError,
  type Result,
  err,
  fileChanging,
  folderFailure,
  noFolder,
  ok,
} from '../result';
import { defaultModeFileName, defaultModeYaml } from '../modes/default-mode';
import { ensureAppFolder, fileLastModified, hasWritePermission } from '../folder/fs';
import { sessionFilePath } from '../folder/paths';
import { dirtySessionIds, listSyncStates } from '../domain/sync-state';
import { createSyncContext } from './context';
import { type ConflictView, type Resolution, conflictView, resolveConflicts } from './conflicts';
import { importFromFolder } from './folder-import';
import { writeRestoredFile } from './guarded-write';
import { type SyncOutcome, syncSessionNow } from './session-sync';
import { type Watcher, watchFolder } from './watch';

export type { SyncOutcome } from './session-sync';
export type { ConflictView, Resolution } from './conflicts';

export interface FolderStatus {
  attached: boolean;
  name: string | null;
  permission: 'granted' | 'missing';
  /** The last folder problem, for the UI (cleared by the next successful sync). */
  lastError: string | null;
  watching: 'observer' | 'polling' | null;
}

export interface SyncEngine {
  attach(
    project: FileSystemDirectoryHandle,
  ): Promise<Result<{ imported: string[]; synced: number }, AppError>>;
  detach(): void;
  status(): FolderStatus;
  /** Syncs every session whose database side changed since its last sync (debounced). */
  schedule(): void;
  /** Checks every session file for outside changes (and new session folders). */
  checkFiles(): Promise<void>;
  syncSession(sessionId: string): Promise<Result<SyncOutcome, AppError>>;
  conflicts(sessionId: string): Promise<Result<ConflictView, AppError>>;
  resolve(sessionId: string, resolution: Resolution): Promise<Result<SyncOutcome, AppError>>;
  /** Writes a backup's content back to the file (the current content is backed up first). */
  restoreBackup(sessionId: string, content: string): Promise<Result<SyncOutcome, AppError>>;
  /** The project folder's `.task_orchestrator/` handle, for other folder users (modes). */
  appFolder(): FileSystemDirectoryHandle | null;
}

export interface SyncEngineOptions {
  /**
   * Runs timer-driven work (debounced syncs, change polling) exclusively with every other
   * use of the connection: the service passes its serial queue. The engine's methods
   * themselves assume their caller already holds it.
   */
  background: <T>(job: () => Promise<T>) => Promise<T>;
  /** Called on attach and on every file check with the app folder (modes read roles/). */
  onFolderCheck?: (app: FileSystemDirectoryHandle) => Promise<void>;
  debounceMs?: number;
  /** The longest a scheduled sync waits while edits keep coming (default 1,500 ms). */
  maxWaitMs?: number;
  pollMs?: number;
}

export function createSyncEngine(db: Db, options: SyncEngineOptions): SyncEngine {
  const ctx = createSyncContext(db);
  let project: FileSystemDirectoryHandle | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** When the first edit of the pending sync was scheduled (for maxWaitMs). */
  let pendingSince: number | null = null;
  const maxWaitMs = options.maxWaitMs ?? 1500;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let watcher: Watcher | null = null;
  ctx.later = (ms) => {
    if (retry || !ctx.app) return;
    retry = setTimeout(() => {
      retry = null;
      void options.background(syncDirty);
    }, ms);
  };

  async function syncDirty(): Promise<number> {
    let count = 0;
    for (const sessionId of await dirtySessionIds(db)) {
      await syncSessionNow(ctx, sessionId);
      count++;
    }
    return count;
  }

  /** Whether a session's file needs a sync: changed since its last sync, or a conflict fixed. */
  async function needsSync(
    state: { session_id: string; sync_status: string },
    modified: number | null,
    known: string | null,
  ) {
    if (state.sync_status === 'conflict') {
      // Held until resolved, unless the file changed since (fixed by hand in an editor).
      return !(
        ctx.conflictSeen.has(state.session_id) &&
        ctx.conflictSeen.get(state.session_id) === modified
      );
    }
    // A change taken in whose write-back has not happened yet is tried again on every check.
    if (state.sync_status === 'db_newer') return true;
    return modified !== (known ? Date.parse(known) : null);
  }

  const engine: SyncEngine = {
    appFolder: () => ctx.app,
    status: () => ({
      attached: ctx.app !== null,
      name: project?.name ?? null,
      permission: ctx.permission,
      lastError: ctx.lastError,
      watching: watcher?.mode ?? null,
    }),

    attach: async (handle) => {
      engine.detach();
      try {
        if (!(await hasWritePermission(handle))) {
          ctx.permission = 'missing';
          return err({
            type: 'Folder',
            reason: 'PermissionDenied',
            message:
              'Permission to the project folder is missing. Click “Reconnect folder” to grant it.',
          });
        }
        ctx.permission = 'granted';
        project = handle;
        const app = await ensureAppFolder(handle, {
          name: defaultModeFileName,
          text: defaultModeYaml,
        });
        ctx.app = app;
        await options.onFolderCheck?.(app);
        const imported = await importFromFolder(ctx);
        const synced = await syncDirty();
        watcher = watchFolder(app, {
          pollMs: options.pollMs ?? 1000,
          background: options.background,
          check: () => engine.checkFiles(),
        });
        return ok({ imported, synced });
      } catch (error) {
        const failure = folderFailure(error);
        ctx.lastError = failure.message;
        return err(failure);
      }
    },

    detach() {
      if (timer) clearTimeout(timer);
      pendingSince = null;
      if (retry) clearTimeout(retry);
      retry = null;
      watcher?.stop();
      timer = null;
      watcher = null;
      ctx.app = null;
      project = null;
    },

    schedule() {
      if (!ctx.app) return;
      // Debounced, but never postponed past maxWaitMs: under a steady stream of edits a
      // trailing debounce alone would write nothing (and take nothing in) until they stop.
      const at = Date.now();
      pendingSince ??= at;
      const debounce = options.debounceMs ?? 300;
      const wait = Math.max(0, Math.min(debounce, pendingSince + maxWaitMs - at));
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        pendingSince = null;
        void options.background(syncDirty);
      }, wait);
    },

    checkFiles: async () => {
      const app = ctx.app;
      if (!app) return;
      try {
        await options.onFolderCheck?.(app);
        await importFromFolder(ctx);
        for (const state of await listSyncStates(db)) {
          const path = sessionFilePath(state.session_id);
          if (!path) continue;
          const modified = await fileLastModified(app, path);
          if (await needsSync(state, modified, state.last_file_modification))
            await syncSessionNow(ctx, state.session_id);
        }
      } catch (error) {
        ctx.lastError = folderFailure(error).message;
      }
    },

    syncSession: (sessionId) => syncSessionNow(ctx, sessionId),
    conflicts: (sessionId) => conflictView(ctx, sessionId),
    resolve: (sessionId, resolution) => resolveConflicts(ctx, sessionId, resolution),

    restoreBackup: async (sessionId, content) => {
      const path = sessionFilePath(sessionId);
      if (!ctx.app || !path) return err(noFolder);
      try {
        if (!(await writeRestoredFile(ctx, sessionId, path, content)))
          return err(
            fileChanging(
              `sessions/${sessionId}/session.md`,
              'session.md kept changing while the backup was restored; try again.',
            ),
          );
        // The restored file is an outside edit: the next sync merges it in.
        return await syncSessionNow(ctx, sessionId);
      } catch (error) {
        return err(folderFailure(error));
      }
    },
  };
  return engine;
}
