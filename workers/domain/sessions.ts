/**
 * Sessions: create, edit, delete, and the lifecycle state machine of PRODUCT.md. Exactly one
 * session is active, named by the `active_session` singleton; activating one pauses the other.
 */
import type { Session, SessionStatus } from '../../core/model';
import { sessionStatuses } from '../../core/model';
import { sessionTransitions } from '../../core/lifecycle';
import type { Db, SqlValue } from '../db/sqlite';
import { type AppError, type Result, err, ok } from '../result';
import { findSession, priority, requiredText, writableSession } from './guards';
import { isValidId, newId, now } from './ids';
import { addChangeLogEntry } from './change-log';

/** Adds a line to the session's change log (shown at the end of session.md). */
export async function logChange(db: Db, sessionId: string, message: string): Promise<void> {
  await addChangeLogEntry(db, sessionId, message);
}

/** "An active session", "A paused session": for messages that start a sentence. */
export function sessionInStatus(status: string): string {
  return `${/^[aeiou]/.test(status) ? 'An' : 'A'} ${status} session`;
}

export interface SessionFilter {
  /** Only these statuses (all when omitted). */
  statuses?: SessionStatus[];
  /** Archived sessions are left out unless asked for (or named in `statuses`). */
  includeArchived?: boolean;
}

export interface NewSession {
  name: string;
  description?: string | null;
  priority_level?: number;
  session_type?: string;
  /** Make it the active session at once (default true), pausing the current one. */
  activate?: boolean;
  /** A given id (for sessions read from a folder); a fresh one otherwise. */
  session_id?: string;
}

export interface SessionPatch {
  name?: string;
  description?: string | null;
  priority_level?: number;
  session_type?: string;
  estimated_completion_date?: string | null;
  markdown_file_path?: string | null;
  project_root_path?: string | null;
}

/** Sessions sorted by priority (urgent first), then most recent activity. */
export async function listSessions(db: Db, filter: SessionFilter = {}): Promise<Session[]> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.statuses && filter.statuses.length > 0) {
    where.push(`status IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  } else if (!filter.includeArchived) {
    where.push("status <> 'archived'");
  }
  return db.all<Session>(
    `SELECT * FROM sessions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY priority_level ASC, last_activity_at DESC, name ASC`,
    params,
  );
}

export const getSession = findSession;

/** Whether a session (other than `exceptSessionId`) has this name, compared without case. */
export async function sessionNameTaken(
  db: Db,
  name: string,
  exceptSessionId: string | null = null,
): Promise<boolean> {
  const row = await db.get(
    'SELECT 1 AS taken FROM sessions WHERE name = ? COLLATE NOCASE AND session_id IS NOT ?',
    [name, exceptSessionId],
  );
  return row !== undefined;
}

export async function getActiveSession(db: Db): Promise<Session | null> {
  const session = await db.get<Session>(
    'SELECT s.* FROM active_session a JOIN sessions s ON s.session_id = a.session_id WHERE a.id = 1',
  );
  return session ?? null;
}

export async function createSession(db: Db, input: NewSession): Promise<Result<Session, AppError>> {
  return db.transaction(async () => {
    const name = requiredText('name', input.name, 200);
    if (!name.ok) return name;
    const level = priority(input.priority_level ?? 3);
    if (!level.ok) return level;
    const sessionId = input.session_id ?? newId('session');
    if (!isValidId(sessionId)) {
      return err({
        type: 'Validation',
        field: 'session_id',
        message: `Invalid session id "${sessionId}".`,
      });
    }
    const at = now();
    await db.run(
      `INSERT INTO sessions (session_id, name, description, session_type, status, priority_level,
         created_at, last_activity_at)
       VALUES (?, ?, ?, ?, 'creating', ?, ?, ?)`,
      [
        sessionId,
        name.value,
        input.description ?? null,
        input.session_type ?? 'project',
        level.value,
        at,
        at,
      ],
    );
    await logChange(db, sessionId, 'Session created');
    if (input.activate ?? true) {
      const activated = await transitionSession(db, sessionId, 'active');
      if (!activated.ok) return activated;
    }
    return findSession(db, sessionId);
  });
}

export async function updateSession(
  db: Db,
  sessionId: string,
  patch: SessionPatch,
): Promise<Result<Session, AppError>> {
  return db.transaction(async () => {
    const found = await writableSession(db, sessionId);
    if (!found.ok) return found;
    const sets: string[] = [];
    const params: SqlValue[] = [];
    if (patch.name !== undefined) {
      const name = requiredText('name', patch.name, 200);
      if (!name.ok) return name;
      sets.push('name = ?');
      params.push(name.value);
    }
    if (patch.priority_level !== undefined) {
      const level = priority(patch.priority_level);
      if (!level.ok) return level;
      sets.push('priority_level = ?');
      params.push(level.value);
    }
    for (const field of [
      'description',
      'session_type',
      'estimated_completion_date',
      'markdown_file_path',
      'project_root_path',
    ] as const) {
      if (patch[field] !== undefined) {
        sets.push(`${field} = ?`);
        params.push(patch[field]);
      }
    }
    sets.push('last_activity_at = ?');
    params.push(now(), sessionId);
    await db.run(`UPDATE sessions SET ${sets.join(', ')} WHERE session_id = ?`, params);
    return findSession(db, sessionId);
  });
}

/**
 * Moves a session to another lifecycle state when the state machine allows it. Activating
 * pauses the session that was active; leaving 'active' clears the singleton.
 */
export async function transitionSession(
  db: Db,
  sessionId: string,
  to: SessionStatus,
): Promise<Result<Session, AppError>> {
  return db.transaction(async () => {
    if (!(sessionStatuses as readonly string[]).includes(to)) {
      return err({
        type: 'Validation',
        field: 'status',
        message: `Unknown session status "${to}".`,
      });
    }
    const found = await findSession(db, sessionId);
    if (!found.ok) return found;
    const from = found.value.status;
    if (!sessionTransitions[from].includes(to)) {
      const allowed = sessionTransitions[from];
      return err({
        type: 'InvalidTransition',
        from,
        to,
        message:
          `${sessionInStatus(from)} cannot become ${to}. ` +
          (allowed.length ? `From ${from} it can become: ${allowed.join(', ')}.` : ''),
      });
    }
    const at = now();
    if (to === 'active') {
      const current = await getActiveSession(db);
      if (current && current.session_id !== sessionId) {
        await db.run(
          "UPDATE sessions SET status = 'paused', last_activity_at = ? WHERE session_id = ?",
          [at, current.session_id],
        );
        await logChange(
          db,
          current.session_id,
          'Status active → paused (another session was activated)',
        );
      }
      await db.run(
        `UPDATE sessions SET status = 'active', activated_at = ?, archived_at = NULL,
           completed_at = NULL, last_activity_at = ? WHERE session_id = ?`,
        [at, at, sessionId],
      );
      await db.run(
        `INSERT INTO active_session (id, session_id, activated_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id,
           activated_at = excluded.activated_at, context_data = NULL`,
        [sessionId, at],
      );
    } else {
      const stamp =
        to === 'completed' ? 'completed_at = ?, ' : to === 'archived' ? 'archived_at = ?, ' : '';
      await db.run(
        `UPDATE sessions SET status = ?, ${stamp}last_activity_at = ? WHERE session_id = ?`,
        stamp ? [to, at, at, sessionId] : [to, at, sessionId],
      );
      await db.run('DELETE FROM active_session WHERE session_id = ?', [sessionId]);
    }
    await logChange(db, sessionId, `Status ${from} → ${to}`);
    return findSession(db, sessionId);
  });
}

/**
 * Sets the status a session was saved with (a session read from a folder), without walking
 * the state machine: it is a copy of an existing state, not a change. The one-active rule
 * still holds: a saved 'active' session becomes 'paused' when another one is active.
 */
export async function restoreSessionStatus(
  db: Db,
  sessionId: string,
  status: SessionStatus,
): Promise<Result<Session, AppError>> {
  return db.transaction(async () => {
    const found = await findSession(db, sessionId);
    if (!found.ok) return found;
    if (!(sessionStatuses as readonly string[]).includes(status)) {
      return err({
        type: 'Validation',
        field: 'status',
        message: `Unknown session status "${status}".`,
      });
    }
    const current = await getActiveSession(db);
    const at = now();
    if (status === 'active' && (!current || current.session_id === sessionId)) {
      await db.run("UPDATE sessions SET status = 'active', activated_at = ? WHERE session_id = ?", [
        at,
        sessionId,
      ]);
      await db.run(
        `INSERT INTO active_session (id, session_id, activated_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, activated_at = excluded.activated_at`,
        [sessionId, at],
      );
    } else {
      await db.run('DELETE FROM active_session WHERE session_id = ?', [sessionId]);
      await db.run('UPDATE sessions SET status = ? WHERE session_id = ?', [
        status === 'active' ? 'paused' : status,
        sessionId,
      ]);
    }
    return findSession(db, sessionId);
  });
}

/**
 * Archives a session: `saveArchive` (which writes its archive file) runs only when the
 * lifecycle allows archiving, and the session becomes archived only when it succeeded, all in
 * one transaction.
 */
export async function archiveSession<T extends object>(
  db: Db,
  sessionId: string,
  saveArchive: () => Promise<Result<T, AppError>>,
): Promise<Result<T & { session: Session }, AppError>> {
  return db.transaction(async () => {
    const session = await findSession(db, sessionId);
    if (!session.ok) return session;
    const from = session.value.status;
    if (!sessionTransitions[from].includes('archived')) {
      return err({
        type: 'InvalidTransition',
        from,
        to: 'archived',
        message: `${sessionInStatus(from)} cannot be archived. Pause, complete or cancel it first.`,
      });
    }
    const saved = await saveArchive();
    if (!saved.ok) return saved;
    const archived = await transitionSession(db, sessionId, 'archived');
    return archived.ok ? ok({ ...saved.value, session: archived.value }) : archived;
  });
}

/** Deletes a session with its groups, tasks, bindings and sync state (foreign-key cascade). */
export async function deleteSession(db: Db, sessionId: string): Promise<Result<null, AppError>> {
  return db.transaction(async () => {
    const found = await findSession(db, sessionId);
    if (!found.ok) return found;
    await db.run('DELETE FROM sessions WHERE session_id = ?', [sessionId]);
    return ok(null);
  });
}
