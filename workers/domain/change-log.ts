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

/**
 * What the session's log already holds, read once: `has(message, minute)` then answers in
 * constant time (one query per line of a 30,000-line log took minutes). `minute` is
 * `YYYY-MM-DD HH:MM`, or null to match the message at any time; `add` records a new entry.
 */
export async function changeLogIndex(db: Db, sessionId: string) {
  const minuteOf = (at: string) => at.replace('T', ' ').slice(0, 16);
  const timed = new Set<string>();
  const messages = new Set<string>();
  const rows = await db.all<ChangeLogEntry>(
    'SELECT changed_at, message FROM session_change_log WHERE session_id = ?',
    [sessionId],
  );
  const add = (message: string, at: string) => {
    timed.add(`${minuteOf(String(at))}|${message}`);
    messages.add(message);
  };
  for (const row of rows) add(row.message, row.changed_at);
  return {
    has: (message: string, minute: string | null) =>
      minute === null ? messages.has(message) : timed.has(`${minute}|${message}`),
    add,
  };
}
