/** A session's notes: one free text per session (the "Notes" section of session.md). */
import type { Db } from '../db/sqlite';
import { now } from './ids';

export async function getSessionNotes(db: Db, sessionId: string): Promise<string | null> {
  const row = await db.get<{ content: string }>(
    'SELECT content FROM session_notes WHERE session_id = ?',
    [sessionId],
  );
  return row?.content ?? null;
}

export async function setSessionNotes(db: Db, sessionId: string, content: string): Promise<void> {
  await db.run(
    `INSERT INTO session_notes (session_id, content, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at`,
    [sessionId, content, now()],
  );
}
