/**
 * The bookkeeping of two-way sync, kept true in the database: `markdown_sync_state` (hashes,
 * both sync times, the file's last modification, the status), the last synchronized text
 * (the merge base), and backups of file contents taken before a sync replaced them.
 */
import type { Db } from '../db/sqlite';
import type { SyncStatus } from '../../core/model';
import { newId, now } from './ids';

export interface SyncState {
  sync_id: string;
  session_id: string;
  markdown_file_path: string;
  last_db_to_md_sync: string | null;
  last_md_to_db_sync: string | null;
  sync_status: SyncStatus;
  db_content_hash: string | null;
  md_content_hash: string | null;
  last_conflict_resolution: string | null;
  file_monitor_active: number;
  last_file_modification: string | null;
}

export interface Backup {
  backup_id: string;
  session_id: string;
  markdown_file_path: string;
  content_hash: string;
  reason: string;
  created_at: string;
  size: number;
}

/** How many backups are kept per session (oldest dropped first). */
const backupsKept = 20;

export async function getSyncState(
  db: Db,
  sessionId: string,
  path: string,
): Promise<SyncState | undefined> {
  return db.get<SyncState>(
    'SELECT * FROM markdown_sync_state WHERE session_id = ? AND markdown_file_path = ?',
    [sessionId, path],
  );
}

export async function listSyncStates(db: Db): Promise<SyncState[]> {
  return db.all<SyncState>('SELECT * FROM markdown_sync_state ORDER BY session_id');
}

export async function getBaseText(db: Db, syncId: string): Promise<string | null> {
  const row = await db.get<{ base_text: string }>(
    'SELECT base_text FROM markdown_sync_base WHERE sync_id = ?',
    [syncId],
  );
  return row?.base_text ?? null;
}

/** Creates the state row of a session's file when missing; returns it. */
export async function ensureSyncState(db: Db, sessionId: string, path: string): Promise<SyncState> {
  await db.run(
    `INSERT INTO markdown_sync_state (sync_id, session_id, markdown_file_path, sync_status)
     VALUES (?, ?, ?, 'db_newer') ON CONFLICT (session_id, markdown_file_path) DO NOTHING`,
    [newId('sync'), sessionId, path],
  );
  await db.run(
    'UPDATE sessions SET markdown_file_path = ? WHERE session_id = ? AND markdown_file_path IS NOT ?',
    [path, sessionId, path],
  );
  return (await getSyncState(db, sessionId, path))!;
}

/**
 * Records a completed sync: the file and the database now both hold `text` (hash `hash`),
 * which becomes the merge base. `direction` says which sync times to stamp.
 */
export async function recordSynced(
  db: Db,
  state: SyncState,
  text: string,
  hash: string,
  fileModified: number,
  direction: { toFile: boolean; fromFile: boolean },
): Promise<void> {
  const at = now();
  await db.run(
    `UPDATE markdown_sync_state SET sync_status = 'synchronized', db_content_hash = ?1, md_content_hash = ?1,
       last_file_modification = ?2,
       last_db_to_md_sync = CASE WHEN ?3 THEN ?5 ELSE coalesce(last_db_to_md_sync, ?5) END,
       last_md_to_db_sync = CASE WHEN ?4 THEN ?5 ELSE last_md_to_db_sync END
     WHERE sync_id = ?6`,
    [
      hash,
      new Date(fileModified).toISOString(),
      direction.toFile ? 1 : 0,
      direction.fromFile ? 1 : 0,
      at,
      state.sync_id,
    ],
  );
  await saveBase(db, state.sync_id, text, at);
}

/**
 * Records that the file's content (hash `fileHash`) is taken into the database: `baseText`
 * (the file's document with the ids the app gave its new lines) becomes the merge base, so
 * the next sync sees this change as merged even if the write-back never happens. Called in
 * the transaction that applied the change. The file still lacks what the app added, so the
 * status says the database is ahead until that is written.
 */
export async function recordTakenIn(
  db: Db,
  state: SyncState,
  baseText: string,
  fileHash: string,
  fileModified: number,
): Promise<void> {
  const at = now();
  await db.run(
    `UPDATE markdown_sync_state SET sync_status = 'db_newer', md_content_hash = ?1,
       last_file_modification = ?2, last_md_to_db_sync = ?3
     WHERE sync_id = ?4`,
    [fileHash, new Date(fileModified).toISOString(), at, state.sync_id],
  );
  await saveBase(db, state.sync_id, baseText, at);
}

async function saveBase(db: Db, syncId: string, text: string, at: string) {
  await db.run(
    `INSERT INTO markdown_sync_base (sync_id, base_text, saved_at) VALUES (?, ?, ?)
     ON CONFLICT (sync_id) DO UPDATE SET base_text = excluded.base_text, saved_at = excluded.saved_at`,
    [syncId, text, at],
  );
}

export async function setSyncStatus(db: Db, syncId: string, status: SyncStatus): Promise<void> {
  await db.run(
    'UPDATE markdown_sync_state SET sync_status = ? WHERE sync_id = ? AND sync_status IS NOT ?',
    [status, syncId, status],
  );
}

export async function markConflictResolved(db: Db, syncId: string): Promise<void> {
  await db.run('UPDATE markdown_sync_state SET last_conflict_resolution = ? WHERE sync_id = ?', [
    now(),
    syncId,
  ]);
}

/** Keeps a copy of a file's content before a sync replaces it (in the app's own storage). */
export async function addBackup(
  db: Db,
  sessionId: string,
  path: string,
  content: string,
  hash: string,
  reason: string,
) {
  await db.run(
    `INSERT INTO markdown_backups (backup_id, session_id, markdown_file_path, content, content_hash, reason, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [newId('backup'), sessionId, path, content, hash, reason, now()],
  );
  await db.run(
    `DELETE FROM markdown_backups WHERE session_id = ?1 AND backup_id NOT IN (
       SELECT backup_id FROM markdown_backups WHERE session_id = ?1 ORDER BY created_at DESC LIMIT ?2)`,
    [sessionId, backupsKept],
  );
}

export async function listBackups(db: Db, sessionId: string): Promise<Backup[]> {
  return db.all<Backup>(
    `SELECT backup_id, session_id, markdown_file_path, content_hash, reason, created_at, length(content) AS size
     FROM markdown_backups WHERE session_id = ? ORDER BY created_at DESC`,
    [sessionId],
  );
}

export async function getBackupContent(
  db: Db,
  backupId: string,
): Promise<{ session_id: string; content: string } | undefined> {
  return db.get('SELECT session_id, content FROM markdown_backups WHERE backup_id = ?', [backupId]);
}

/** When the newest backup of a session's file was taken (null: never). */
export async function lastBackupAt(db: Db, sessionId: string): Promise<string | null> {
  const row = await db.get<{ at: string | null }>(
    'SELECT max(created_at) AS at FROM markdown_backups WHERE session_id = ?',
    [sessionId],
  );
  return row?.at ?? null;
}

/** Sessions whose database side changed since their file was last written (or never was). */
export async function dirtySessionIds(db: Db): Promise<string[]> {
  const rows = await db.all<{ session_id: string }>(
    `SELECT s.session_id FROM sessions s LEFT JOIN markdown_sync_state m ON m.session_id = s.session_id
     WHERE m.sync_id IS NULL OR m.last_db_to_md_sync IS NULL OR s.last_activity_at > m.last_db_to_md_sync
        OR m.sync_status IN ('db_newer', 'md_newer')`,
  );
  return rows.map((row) => row.session_id);
}
