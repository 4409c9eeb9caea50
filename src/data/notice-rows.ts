/**
 * Patches for live queries from the rows a change notice carries (see ChangeNotice.rows):
 * the session and group rows of an edit arrive with its notice, so the progress bar, the
 * session list and the group counters update without reading again. When a notice cannot
 * say everything (a table changed without its rows, a row appeared or went away, an order
 * may have changed), they return undefined and the query reads again.
 */
import type { ChangeNotice, Session, TaskGroup } from '../../workers/api';

/**
 * The notice says all these views need: `sessions` and `task_groups` changed only with their
 * rows, and which session is active did not change.
 */
function rowsSuffice(notice: ChangeNotice): boolean {
  return notice.tables.every((table) => {
    if (table === 'active_session') return false;
    if (table === 'sessions' || table === 'task_groups') return notice.rows?.[table] !== undefined;
    return true;
  });
}

/** One session's row (getSession). */
export function patchSession(notice: ChangeNotice, current: Session): Session | undefined {
  if (!rowsSuffice(notice)) return undefined;
  return notice.rows?.sessions?.find((s) => s.session_id === current.session_id) ?? current;
}

/** The active session (getActiveSession): a change of which one is active reads again. */
export function patchActiveSession(
  notice: ChangeNotice,
  current: Session | null,
): Session | null | undefined {
  if (current === null || !rowsSuffice(notice)) return undefined;
  const row = notice.rows?.sessions?.find((s) => s.session_id === current.session_id);
  if (row && row.status !== 'active') return undefined;
  return row ?? current;
}

/** The session list, kept in its order (priority, then latest activity, then name). */
export function patchSessionList(notice: ChangeNotice, current: Session[]): Session[] | undefined {
  if (!rowsSuffice(notice)) return undefined;
  const changed = notice.rows?.sessions ?? [];
  const byId = new Map(current.map((s) => [s.session_id, s]));
  // A session that is new to the list, or changed status (filters), needs a read.
  if (changed.some((s) => byId.get(s.session_id)?.status !== s.status)) return undefined;
  if (changed.length === 0) return current;
  for (const s of changed) byId.set(s.session_id, s);
  return [...byId.values()].sort(
    (a, b) =>
      a.priority_level - b.priority_level ||
      (a.last_activity_at < b.last_activity_at
        ? 1
        : a.last_activity_at > b.last_activity_at
          ? -1
          : 0) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** A session's groups: counters and names change in place; a move or a new group reads again. */
export function patchGroups(notice: ChangeNotice, current: TaskGroup[]): TaskGroup[] | undefined {
  if (!rowsSuffice(notice)) return undefined;
  const changed = notice.rows?.task_groups ?? [];
  if (changed.length === 0) return current;
  const byId = new Map(current.map((g) => [g.group_id, g]));
  const sessionId = current[0]?.session_id;
  const mine = changed.filter((g) => g.session_id === sessionId);
  const reshaped = mine.some((g) => {
    const old = byId.get(g.group_id);
    return (
      !old ||
      old.parent_group_id !== g.parent_group_id ||
      old.position_in_session !== g.position_in_session
    );
  });
  if (reshaped || sessionId === undefined) return undefined;
  if (mine.length === 0) return current;
  return current.map((g) => mine.find((c) => c.group_id === g.group_id) ?? g);
}
