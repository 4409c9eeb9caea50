/**
 * Progress and metrics of a session: the stored counters (kept by triggers), counts by status,
 * effort, group roll-ups over nested groups, and an effort-weighted percentage.
 */
import type { TaskStatus } from '../../core/model';
import { taskStatuses } from '../../core/model';
import type { Db } from '../db/sqlite';
import { type AppError, type Result, ok } from '../result';
import { findSession } from './guards';

export interface GroupProgress {
  group_id: string;
  parent_group_id: string | null;
  /** This group's own tasks. */
  total: number;
  completed: number;
  percentage: number;
  /** This group and all its nested groups together. */
  rollup_total: number;
  rollup_completed: number;
  rollup_percentage: number;
}

export interface SessionProgress {
  session_id: string;
  total: number;
  completed: number;
  percentage: number;
  /** Completion weighted by estimated effort (tasks without an estimate weigh 1 hour). */
  weighted_percentage: number;
  by_status: Record<TaskStatus, number>;
  estimated_effort: number;
  actual_effort: number;
  ready: number;
  /**
   * Tasks completed after they were created: the pace of work. Tasks that arrived already
   * done (an imported plan's ticked items) are left out, so they do not look like a day's work.
   */
  completed_since_created: number;
  groups: GroupProgress[];
}

const percent = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((10000 * part) / whole) / 100;

export async function sessionProgress(
  db: Db,
  sessionId: string,
): Promise<Result<SessionProgress, AppError>> {
  const session = await findSession(db, sessionId);
  if (!session.ok) return session;
  const statusRows = await db.all<{
    status: TaskStatus;
    n: number;
    est: number;
    act: number;
    w: number;
    wdone: number;
    paced: number;
  }>(
    `SELECT status, count(*) AS n, coalesce(sum(estimated_effort), 0) AS est,
       coalesce(sum(actual_effort), 0) AS act,
       sum(coalesce(estimated_effort, 1)) AS w,
       sum(CASE WHEN status = 'completed' THEN coalesce(estimated_effort, 1) ELSE 0 END) AS wdone,
       sum(CASE WHEN status = 'completed' AND completed_at > created_at THEN 1 ELSE 0 END) AS paced
     FROM tasks WHERE session_id = ? GROUP BY status`,
    [sessionId],
  );
  const byStatus = Object.fromEntries(taskStatuses.map((s) => [s, 0])) as Record<
    TaskStatus,
    number
  >;
  let estimated = 0;
  let actual = 0;
  let weight = 0;
  let weightDone = 0;
  let paced = 0;
  for (const row of statusRows) {
    paced += row.paced;
    byStatus[row.status] = row.n;
    estimated += row.est;
    actual += row.act;
    weight += row.w;
    weightDone += row.wdone;
  }
  const ready = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM tasks t WHERE t.session_id = ? AND t.status NOT IN ('completed', 'cancelled')
       AND NOT EXISTS (SELECT 1 FROM json_each(t.depends_on) d JOIN tasks p ON p.task_id = d.value
                       WHERE p.status <> 'completed')`,
    [sessionId],
  );
  const groups = await db.all<{
    group_id: string;
    parent_group_id: string | null;
    total_tasks: number;
    completed_tasks: number;
  }>(
    'SELECT group_id, parent_group_id, total_tasks, completed_tasks FROM task_groups WHERE session_id = ?',
    [sessionId],
  );
  const children = new Map<string | null, typeof groups>();
  for (const group of groups) {
    const list = children.get(group.parent_group_id) ?? [];
    list.push(group);
    children.set(group.parent_group_id, list);
  }
  const rollup = (id: string): [number, number] => {
    const own = groups.find((g) => g.group_id === id)!;
    let [total, done] = [own.total_tasks, own.completed_tasks];
    for (const child of children.get(id) ?? []) {
      const [t, d] = rollup(child.group_id);
      total += t;
      done += d;
    }
    return [total, done];
  };
  return ok({
    session_id: sessionId,
    total: session.value.total_tasks,
    completed: session.value.completed_tasks,
    percentage: session.value.progress_percentage,
    weighted_percentage: percent(weightDone, weight),
    by_status: byStatus,
    estimated_effort: estimated,
    actual_effort: actual,
    ready: ready?.n ?? 0,
    completed_since_created: paced,
    groups: groups.map((g) => {
      const [total, done] = rollup(g.group_id);
      return {
        group_id: g.group_id,
        parent_group_id: g.parent_group_id,
        total: g.total_tasks,
        completed: g.completed_tasks,
        percentage: percent(g.completed_tasks, g.total_tasks),
        rollup_total: total,
        rollup_completed: done,
        rollup_percentage: percent(done, total),
      };
    }),
  });
}
