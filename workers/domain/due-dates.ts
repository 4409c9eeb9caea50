/**
 * What is due in a session: open tasks (not completed or cancelled) past their due date, due
 * today, and due within the week ahead. "Today" is the reader's local day, given by the
 * caller (the worker has no say in which day it is for the person looking).
 */
import { addDays, isIsoDate } from '../../core/dates';
import type { IsoDate } from '../../core/dates';
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, ok } from '../result';
import { findSession } from './guards';

export interface DueCounts {
  /** Open tasks whose due date has passed. */
  overdue: number;
  /** Open tasks due today. */
  due_today: number;
  /** Open tasks due from today to six days after it (today included). */
  due_this_week: number;
  /** The earliest due date of an open task that is not overdue, or null. */
  next_due: IsoDate | null;
}

export async function dueCounts(
  db: Db,
  sessionId: string,
  today: IsoDate,
): Promise<Result<DueCounts, AppError>> {
  if (!isIsoDate(today)) {
    return err({
      type: 'Validation',
      field: 'today',
      message: 'today must be a date written YYYY-MM-DD.',
    });
  }
  const session = await findSession(db, sessionId);
  if (!session.ok) return session;
  // One range over idx_tasks_session_due (only rows that have a due date).
  const row = await db.get<{ overdue: number; today: number; week: number; next: string | null }>(
    `SELECT coalesce(sum(due_date < ?2), 0) AS overdue,
       coalesce(sum(due_date = ?2), 0) AS today,
       coalesce(sum(due_date >= ?2 AND due_date <= ?3), 0) AS week,
       min(CASE WHEN due_date >= ?2 THEN due_date END) AS next
     FROM tasks
     WHERE session_id = ?1 AND due_date IS NOT NULL AND status NOT IN ('completed', 'cancelled')`,
    [sessionId, today, addDays(today, 6)],
  );
  return ok({
    overdue: row?.overdue ?? 0,
    due_today: row?.today ?? 0,
    due_this_week: row?.week ?? 0,
    next_due: row?.next ?? null,
  });
}
