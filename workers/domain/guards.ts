/**
 * Checks shared by the domain modules: the session a change belongs to exists and is open for
 * that change. Archived sessions are read-only; completed ones take no new tasks.
 */
import type { Session } from '../../core/model';
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, notFound, ok } from '../result';
import { now } from './ids';

export async function findSession(db: Db, sessionId: string): Promise<Result<Session, AppError>> {
  const session = await db.get<Session>('SELECT * FROM sessions WHERE session_id = ?', [sessionId]);
  return session ? ok(session) : err(notFound('session', sessionId));
}

/** The session, if it may be edited; `addingTasks` also refuses completed sessions. */
export async function writableSession(
  db: Db,
  sessionId: string,
  { addingTasks = false } = {},
): Promise<Result<Session, AppError>> {
  const found = await findSession(db, sessionId);
  if (!found.ok) return found;
  const session = found.value;
  if (session.status === 'archived') {
    return err({
      type: 'ReadOnly',
      sessionId,
      status: session.status,
      message: `Session "${session.name}" is archived and read-only. Reactivate it to make changes.`,
    });
  }
  if (addingTasks && session.status === 'completed') {
    return err({
      type: 'ReadOnly',
      sessionId,
      status: session.status,
      message: `Session "${session.name}" is completed and takes no new tasks.`,
    });
  }
  return ok(session);
}

/** Marks activity on a session (any change to it or its groups and tasks). */
export async function touchSession(db: Db, sessionId: string): Promise<void> {
  await db.run('UPDATE sessions SET last_activity_at = ? WHERE session_id = ?', [now(), sessionId]);
}

/** Trimmed, non-empty text of at most `max` characters, or a validation error. */
export function requiredText(field: string, value: unknown, max: number): Result<string, AppError> {
  if (typeof value !== 'string' || value.trim() === '') {
    return err({ type: 'Validation', field, message: `${field} must not be empty.` });
  }
  const text = value.trim();
  if (text.length > max) {
    return err({
      type: 'Validation',
      field,
      message: `${field} is longer than ${max} characters.`,
    });
  }
  return ok(text);
}

export function priority(value: unknown): Result<number, AppError> {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5) {
    return ok(value);
  }
  return err({
    type: 'Validation',
    field: 'priority_level',
    message: 'Priority must be a whole number from 1 (urgent) to 5 (someday).',
  });
}
