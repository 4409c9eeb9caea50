/**
 * What the sync modules share for one open folder: the database, the folder, the last
 * problem and permission shown to the user, and per-session memory of the last sync. Held in
 * one place (the engine creates it); every module reads and updates the same object.
 */
import type { Db } from '../db/sqlite';
import type { SessionDoc } from '../../core/session-md/session-doc';
import type { RenderOptions } from '../../core/session-md/render';

/** What rendering keeps from the last synchronized text, by the hash of that text. */
export interface Layout {
  hash: string;
  extras: SessionDoc['extras'];
  format: RenderOptions;
}

export interface SyncContext {
  readonly db: Db;
  /** The open folder's `.task_orchestrator/` handle (null: no folder open). */
  app: FileSystemDirectoryHandle | null;
  /** The last folder problem, for the UI (cleared by the next successful sync). */
  lastError: string | null;
  permission: 'granted' | 'missing';
  /** Each session's layout of its last synchronized text, by sync id. */
  readonly layouts: Map<string, Layout>;
  /** The file's modification time when a session's conflict was last seen. */
  readonly conflictSeen: Map<string, number | null>;
  /** Asks for the pending write-backs to be tried again after `ms`. */
  later: (ms: number) => void;
}

export function createSyncContext(db: Db): SyncContext {
  return {
    db,
    app: null,
    lastError: null,
    permission: 'missing',
    layouts: new Map(),
    conflictSeen: new Map(),
    later: () => undefined,
  };
}
