/**
 * A session's change log: one line per notable change, the newest shown at the end of
 * session.md. Lines written in the file by hand (or by another browser sharing the folder)
 * are taken in, so every copy converges on the same log.
 */
import type { Db } from '../db/sqlite';
import { now } from './ids';

export interface ChangeLogEntry {
  changed_at: string;
  message: string;
}

export async function addChangeLogEntry(
  db: Db,
  sessionId: string,
  message: string,
  at: string = now(),
): Promise<void> {
  await db.run(
    'INSERT INTO session_change_log (session_id, changed_at, message) VALUES (?, ?, ?)',
    [sessionId, at, message],
  );
}

/** The newest `limit` entries, oldest first. */
export async function recentChangeLog(
  db: Db,
  sessionId: string,
  limit: number,
): Promise<ChangeLogEntry[]> {
  return db.all<ChangeLogEntry>(
    // Ordered by what the file shows (the minute, then the text), so every copy of a session
    // — in another browser, or read back from the file — lists the same entries the same way.
    `SELECT changed_at, message FROM (
       SELECT changed_at, message, substr(replace(changed_at, 'T', ' '), 1, 16) AS minute
       FROM session_change_log WHERE session_id = ?
       ORDER BY minute DESC, message DESC LIMIT ?)
     ORDER BY minute, message`,
    [sessionId, limit],
  );
}

/** Whether the log holds `message` (in the minute `minute`, `YYYY-MM-DD HH:MM`, when given). */
export async function hasChangeLogEntry(
  db: Db,
  sessionId: string,
  message: string,
  minute: string | null,
): Promise<boolean> {
  const known = await db.get(
    `SELECT 1 AS x FROM session_change_log WHERE session_id = ? AND message = ?
       AND (? IS NULL OR substr(replace(changed_at, 'T', ' '), 1, 16) = ?)`,
    [sessionId, message, minute, minute],
  );
  return known !== undefined;
}
