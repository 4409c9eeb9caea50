/**
 * The database side of session.md: reads a session as a SessionDoc, and applies a SessionDoc
 * (the merged result of a file edit) back to the database through the domain rules, in one
 * transaction. Applying is a diff: only what differs is created, edited, moved or deleted
 * (groups and tasks: apply-tree.ts).
 */
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, errorFromThrown, ok } from '../result';
import type { SessionDoc } from '../../core/session-md/session-doc';
import { isTempId, sessionDocFromOwnTasks } from '../../core/session-md/session-doc';
import type { SessionStatus } from '../../core/model';
import { findSession } from '../domain/guards';
import { now } from '../domain/ids';
import { sessionNameTaken, transitionSession, updateSession } from '../domain/sessions';
import { deleteGroup, listGroups } from '../domain/groups';
import { getSessionNotes, setSessionNotes } from '../domain/session-notes';
import { addChangeLogEntry, changeLogIndex, recentChangeLog } from '../domain/change-log';
import { groupExists, taskDocRows } from '../domain/session-doc-rows';
import { type ApplyReport, ApplyAbort, applyGroups, applyTasks, must } from './apply-tree';

export type { ApplyReport } from './apply-tree';

/** How many change-log entries the file shows (newest last). */
const changeLogShown = 10;

/** The session as its session.md shows it, read from the database. */
export async function loadSessionDoc(
  db: Db,
  sessionId: string,
): Promise<Result<SessionDoc, AppError>> {
  const found = await findSession(db, sessionId);
  if (!found.ok) return found;
  const log = await recentChangeLog(db, sessionId, changeLogShown);
  return ok(
    sessionDocFromOwnTasks({
      session: found.value,
      groups: await listGroups(db, sessionId),
      tasks: await taskDocRows(db, sessionId),
      notes: await getSessionNotes(db, sessionId),
      changeLog: log.map(
        (entry) => `${entry.changed_at.slice(0, 16).replace('T', ' ')} — ${entry.message}`,
      ),
    }),
  );
}

/**
 * Makes the database match `target` for one session. `target` must carry real ids (replace
 * the parser's temporary ids first). Either everything applies or nothing does; a lifecycle
 * status the state machine refuses is reported in `refused` and the rest still applies.
 */
export async function applySessionDoc(
  db: Db,
  sessionId: string,
  target: SessionDoc,
  /** The session as the database has it now, when the caller just loaded it. */
  loaded?: SessionDoc,
): Promise<Result<ApplyReport, AppError>> {
  const temp = [
    ...target.groups.map((g) => g.group_id),
    ...target.tasks.map((t) => t.task_id),
  ].find(isTempId);
  if (temp)
    return err({
      type: 'Validation',
      field: 'doc',
      message: `The document still has a temporary id (${temp}).`,
    });
  try {
    return await db.transaction(async () =>
      ok(await applyInTransaction(db, sessionId, target, loaded)),
    );
  } catch (error) {
    if (error instanceof ApplyAbort) return err(error.error);
    // A constraint the database enforced (or a bug): the transaction rolled back, so report
    // it as a value; the sync engine must never see a throw from applying a file.
    return err(errorFromThrown(error));
  }
}

async function applyInTransaction(
  db: Db,
  sessionId: string,
  target: SessionDoc,
  loaded: SessionDoc | undefined,
): Promise<ApplyReport> {
  const report: ApplyReport = { created: 0, updated: 0, moved: 0, deleted: 0, refused: [] };
  const current = loaded ?? must(await loadSessionDoc(db, sessionId));
  await applyHeader(db, sessionId, current, target, report);
  await applyGroups(db, sessionId, current.groups, target.groups, report);
  await applyTasks(db, sessionId, current.tasks, target.tasks, report);
  // Groups go last: tasks that left a deleted group have moved out by now.
  const keep = new Set(target.groups.map((g) => g.group_id));
  for (const group of current.groups) {
    if (keep.has(group.group_id)) continue;
    if (await groupExists(db, group.group_id)) {
      must(await deleteGroup(db, group.group_id));
      report.deleted++;
    }
  }
  await applyChangeLog(db, sessionId, target.changeLog);
  if ((current.notes ?? null) !== (target.notes ?? null)) {
    await setSessionNotes(db, sessionId, target.notes ?? '');
    report.updated++;
  }
  return report;
}

async function applyHeader(
  db: Db,
  sessionId: string,
  current: SessionDoc,
  target: SessionDoc,
  report: ApplyReport,
) {
  const now = current.session;
  const want = target.session;
  const patch: { name?: string; description?: string | null; priority_level?: number } = {};
  if (want.name !== now.name) {
    // Another session's name (compared without case) would abort the whole apply with a bare
    // constraint error; keep this session's name and say why, like a refused status.
    if (await sessionNameTaken(db, want.name, sessionId))
      report.refused.push(
        `Another session is already named “${want.name}”; kept the name “${now.name}”.`,
      );
    else patch.name = want.name;
  }
  if ((want.description ?? null) !== (now.description ?? null))
    patch.description = want.description;
  if (want.priority_level !== now.priority_level) patch.priority_level = want.priority_level;
  if (Object.keys(patch).length > 0) {
    must(await updateSession(db, sessionId, patch));
    report.updated++;
  }
  if (want.status !== now.status) {
    const moved = await transitionSession(db, sessionId, want.status as SessionStatus);
    if (moved.ok) report.updated++;
    else report.refused.push(moved.error.message);
  }
}

/**
 * Change-log lines the database does not have yet (written in the file by hand, or by the
 * app in another browser sharing the folder) are stored, so every copy converges on the same
 * log instead of each rewriting the file with its own.
 */
async function applyChangeLog(db: Db, sessionId: string, lines: readonly string[]) {
  if (lines.length === 0) return;
  const known = await changeLogIndex(db, sessionId);
  for (const line of lines) {
    const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) — (.*)$/.exec(line);
    const minute = match ? `${match[1]} ${match[2]}` : null;
    const message = match ? match[3]! : line;
    if (known.has(message, minute)) continue;
    const at = minute ? `${minute.replace(' ', 'T')}:00.000Z` : now();
    await addChangeLogEntry(db, sessionId, message, at);
    known.add(message, at);
  }
}
