import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import type { SessionStatus } from '../../core/model';
import { sessionStatuses } from '../../core/model';
import { sessionTransitions } from '../../core/lifecycle';
import {
  createSession,
  deleteSession,
  getActiveSession,
  listSessions,
  transitionSession,
  updateSession,
} from '../../workers/domain/sessions';
import { createTask } from '../../workers/domain/tasks';
import { createGroup } from '../../workers/domain/groups';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';
import { attempt } from '../../workers/result';

let db: Db;
beforeEach(async () => {
  db = await openMigratedDb();
});

/** Drives a fresh session into `status` along allowed transitions. */
async function sessionIn(status: SessionStatus, name = `S ${status}`) {
  const paths: Record<SessionStatus, SessionStatus[]> = {
    creating: [],
    active: ['active'],
    paused: ['active', 'paused'],
    completed: ['active', 'completed'],
    archived: ['active', 'completed', 'archived'],
    cancelled: ['cancelled'],
    error: [],
  };
  const session = unwrap(await createSession(db, { name, activate: false }));
  if (status === 'error')
    await db.run("UPDATE sessions SET status = 'error' WHERE session_id = ?", [session.session_id]);
  for (const step of paths[status]) unwrap(await transitionSession(db, session.session_id, step));
  return session.session_id;
}

describe('sessions', () => {
  it('creates an active session by default and makes it the active one', async () => {
    const s = unwrap(
      await createSession(db, { name: '  Launch  ', description: 'Ship it', priority_level: 2 }),
    );
    expect(s).toMatchObject({
      name: 'Launch',
      description: 'Ship it',
      priority_level: 2,
      status: 'active',
      total_tasks: 0,
    });
    expect(s.activated_at).toBeTruthy();
    expect((await getActiveSession(db))?.session_id).toBe(s.session_id);
  });

  it('refuses empty names, bad priorities and duplicate names (any case)', async () => {
    expect(failure(await createSession(db, { name: '   ' }))).toMatchObject({
      type: 'Validation',
      field: 'name',
    });
    expect(failure(await createSession(db, { name: 'x', priority_level: 6 })).message).toMatch(
      /1 \(urgent\) to 5/,
    );
    unwrap(await createSession(db, { name: 'Alpha' }));
    const dup = failure(await attempt(() => createSession(db, { name: 'ALPHA' })));
    expect(dup).toMatchObject({ type: 'Constraint' });
    expect(dup.message).toMatch(/already exists/);
    expect(await listSessions(db)).toHaveLength(1);
  });

  it('allows exactly the transitions of the state machine and refuses the rest', async () => {
    for (const from of sessionStatuses) {
      for (const to of sessionStatuses) {
        const id = await sessionIn(from, `${from}->${to}`);
        const result = await transitionSession(db, id, to);
        if (sessionTransitions[from].includes(to)) {
          expect(unwrap(result).status, `${from} → ${to}`).toBe(to);
        } else {
          const error = failure(result);
          expect(error, `${from} → ${to}`).toMatchObject({ type: 'InvalidTransition', from, to });
          expect(error.message).toContain(
            `${from === 'active' || from === 'archived' || from === 'error' ? 'An' : 'A'} ${from} session cannot become ${to}`,
          );
        }
        await deleteSession(db, id);
      }
    }
  });

  it('keeps exactly one active session: activating one pauses the other', async () => {
    const a = unwrap(await createSession(db, { name: 'A' }));
    const b = unwrap(await createSession(db, { name: 'B' }));
    const rows = await db.all<{ name: string; status: string }>(
      'SELECT name, status FROM sessions ORDER BY name',
    );
    expect(rows).toEqual([
      { name: 'A', status: 'paused' },
      { name: 'B', status: 'active' },
    ]);
    unwrap(await transitionSession(db, a.session_id, 'active'));
    expect((await getActiveSession(db))?.session_id).toBe(a.session_id);
    expect(await db.get("SELECT count(*) AS n FROM sessions WHERE status = 'active'")).toEqual({
      n: 1,
    });
    // The database itself refuses a second active session.
    const raw = await attempt(async () => {
      await db.run("UPDATE sessions SET status = 'active' WHERE session_id = ?", [b.session_id]);
      return { ok: true, value: null };
    });
    expect(failure(raw)).toEqual({
      type: 'Constraint',
      message: 'Only one session can be active at a time.',
    });
  });

  it('clears the active session when it stops being active', async () => {
    const a = unwrap(await createSession(db, { name: 'A' }));
    unwrap(await transitionSession(db, a.session_id, 'completed'));
    expect(await getActiveSession(db)).toBeNull();
    const done = unwrap(await transitionSession(db, a.session_id, 'archived'));
    expect(done.completed_at).toBeTruthy();
    expect(done.archived_at).toBeTruthy();
  });

  it('makes archived sessions read-only and completed ones closed to new tasks', async () => {
    const archived = await sessionIn('archived');
    expect(failure(await updateSession(db, archived, { name: 'New' }))).toMatchObject({
      type: 'ReadOnly',
    });
    expect(failure(await createTask(db, { session_id: archived, title: 'x' })).message).toMatch(
      /archived and read-only/,
    );
    expect(failure(await createGroup(db, { session_id: archived, group_name: 'g' })).type).toBe(
      'ReadOnly',
    );
    const completed = await sessionIn('completed');
    expect(failure(await createTask(db, { session_id: completed, title: 'x' })).message).toMatch(
      /takes no new tasks/,
    );
    // Reactivating an archived session makes it writable again.
    unwrap(await transitionSession(db, archived, 'active'));
    unwrap(await createTask(db, { session_id: archived, title: 'x' }));
  });

  it('renames, describes, prioritises and keeps last_activity_at current', async () => {
    const s = unwrap(await createSession(db, { name: 'A' }));
    await new Promise((r) => setTimeout(r, 5));
    const u = unwrap(
      await updateSession(db, s.session_id, { name: 'B', description: 'd', priority_level: 1 }),
    );
    expect(u).toMatchObject({ name: 'B', description: 'd', priority_level: 1 });
    expect(u.last_activity_at > s.last_activity_at).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    await createTask(db, { session_id: s.session_id, title: 't' });
    const after = await db.get<{ last_activity_at: string }>(
      'SELECT last_activity_at FROM sessions',
    );
    expect(after!.last_activity_at > u.last_activity_at).toBe(true);
  });

  it('lists by priority then activity, filters by status, hides archived unless asked', async () => {
    const low = unwrap(await createSession(db, { name: 'Low', priority_level: 5 }));
    unwrap(await createSession(db, { name: 'Urgent', priority_level: 1 }));
    await sessionIn('archived', 'Old');
    expect((await listSessions(db)).map((s) => s.name)).toEqual(['Urgent', 'Low']);
    expect((await listSessions(db, { includeArchived: true })).map((s) => s.name)).toEqual([
      'Urgent',
      'Old',
      'Low',
    ]);
    expect((await listSessions(db, { statuses: ['paused'] })).map((s) => s.session_id)).toContain(
      low.session_id,
    );
    expect((await listSessions(db, { statuses: ['archived'] })).map((s) => s.name)).toEqual([
      'Old',
    ]);
  });

  it('deletes a session with everything in it', async () => {
    const s = unwrap(await createSession(db, { name: 'A' }));
    const g = unwrap(await createGroup(db, { session_id: s.session_id, group_name: 'G' }));
    const t = unwrap(
      await createTask(db, { session_id: s.session_id, title: 'T', task_group: g.group_id }),
    );
    unwrap(
      await createTask(db, { session_id: s.session_id, title: 'Sub', parent_task_id: t.task_id }),
    );
    unwrap(await deleteSession(db, s.session_id));
    for (const table of ['sessions', 'task_groups', 'tasks', 'active_session']) {
      expect(await db.get(`SELECT count(*) AS n FROM ${table}`), table).toEqual({ n: 0 });
    }
    expect(failure(await deleteSession(db, s.session_id))).toMatchObject({
      type: 'NotFound',
      entity: 'session',
    });
  });
});
