/** The folder and sync API: the project folder, syncing session.md, conflicts and backups. */
import { err, notFound, ok } from '../result';
import type { ConflictView, FolderStatus, SyncOutcome } from '../sync/engine';
import {
  type Backup,
  type SyncState,
  getBackupContent,
  listBackups,
  listSyncStates,
} from '../domain/sync-state';
import { loadSessionDoc } from '../sync/session-store';
import { type TakeOutcome, saveSessionFile, takeSessionFile } from '../sync/file-exchange';
import { renderSessionMarkdown } from '../../core/session-md/render';
import type { ApiContext, MethodList, Reply } from './context';

export interface FolderApi {
  /**
   * Opens the user's project folder (read-write permission already granted): creates
   * `.task_orchestrator/` as needed, brings in sessions found there, syncs every session,
   * and starts watching. The handle is remembered for the next visit.
   */
  openFolder(handle: FileSystemDirectoryHandle): Reply<{ imported: string[]; synced: number }>;
  /** Stops syncing and forgets the folder. */
  closeFolder(): Reply<null>;
  /** Folder, permission and watching state, and whether a folder is remembered. */
  folderStatus(): Reply<FolderStatus & { remembered: boolean }>;
  /** The remembered folder handle (the page asks the user to re-grant permission on it). */
  rememberedFolder(): Reply<FileSystemDirectoryHandle | null>;
  /** Looks for outside changes now (the page calls it on focus). */
  checkFolder(): Reply<null>;
  syncSession(sessionId: string): Reply<SyncOutcome>;
  listSyncStates(): Reply<SyncState[]>;
  /** Both sides of every field that differs between the app and session.md. */
  getConflicts(sessionId: string): Reply<ConflictView>;
  /** 'ours' keeps the app's values, 'theirs' the file's; or a choice per conflict key. */
  resolveConflicts(
    sessionId: string,
    resolution: 'ours' | 'theirs' | Record<string, 'ours' | 'theirs'>,
  ): Reply<SyncOutcome>;
  listBackups(sessionId: string): Reply<Backup[]>;
  /** Puts a backup's content back into session.md (the current content is backed up). */
  restoreBackup(backupId: string): Reply<SyncOutcome>;
  /** The session as its session.md would be written now. */
  sessionMarkdown(sessionId: string): Reply<string>;
  /**
   * Without a folder: takes a session.md the user opened, merged three ways like a folder
   * sync (an unknown session id imports as a new session). With conflicts nothing changes
   * until it is taken again with a `resolution`.
   */
  takeSessionFile(
    text: string,
    resolution?: 'ours' | 'theirs' | Record<string, 'ours' | 'theirs'>,
  ): Reply<TakeOutcome>;
  /** Without a folder: the session.md to download; it becomes the base of the next take. */
  saveSessionFile(sessionId: string): Reply<{ file_name: string; text: string }>;
}

export const folderMethods = {
  openFolder: true,
  closeFolder: true,
  folderStatus: true,
  rememberedFolder: true,
  checkFolder: true,
  syncSession: true,
  listSyncStates: true,
  getConflicts: true,
  resolveConflicts: true,
  listBackups: true,
  restoreBackup: true,
  sessionMarkdown: true,
  takeSessionFile: true,
  saveSessionFile: true,
} satisfies MethodList<FolderApi>;

export function folderApi({ db, engine, memory }: ApiContext): FolderApi {
  return {
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
    takeSessionFile: (text, resolution) => takeSessionFile(db, text, resolution),
    saveSessionFile: (sessionId) => saveSessionFile(db, sessionId),
  };
}
