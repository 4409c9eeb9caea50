/**
 * The database worker in real Chromium: a real dedicated worker, Comlink, wa-sqlite and OPFS.
 * Each test gets its own database (the worker's name) and removes it afterwards. Two workers
 * with the same name in one page behave as two tabs do: they share one Web Lock and one
 * BroadcastChannel, so exactly one of them owns the database.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ChangeNotice, Result } from '../../workers/api';
import { type DbClient, createDbClient } from '../../src/data/client';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.type}: ${result.error.message}`);
  return result.value;
}

function freshName(): string {
  const name = `test-${crypto.randomUUID()}`;
  onTestFinished(async () => {
    const root = await navigator.storage.getDirectory();
    // The owning worker may still be closing its access handles: retry briefly.
    for (let i = 0; i < 50; i++) {
      try {
        await root.removeEntry(name, { recursive: true });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return name;
}

function open(name: string): DbClient {
  const client = createDbClient(name);
  onTestFinished(() => client.close());
  return client;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('database worker', () => {
  it('stores data on OPFS that survives a new worker', async () => {
    const name = freshName();
    const first = createDbClient(name);
    const session = unwrap(await first.api.createSession({ name: 'Persistent' }));
    const task = unwrap(
      await first.api.createTask({ session_id: session.session_id, title: 'Survive' }),
    );
    unwrap(await first.api.updateTask(task.task_id, { status: 'completed' }));
    expect(await first.api.role()).toBe('owner');
    first.close();

    const second = open(name);
    const tasks = unwrap(await second.api.listTasks(session.session_id));
    expect(tasks.map((t) => [t.title, t.status])).toEqual([['Survive', 'completed']]);
    expect(unwrap(await second.api.getSession(session.session_id))).toMatchObject({
      total_tasks: 1,
      completed_tasks: 1,
    });
    expect(unwrap(await second.api.integrityCheck())).toBe('ok');
  });

  it('checkpoints the write-ahead log while quiet, once enough is in it, so no edit has to', async () => {
    const { api } = open(freshName());
    const session = unwrap(await api.createSession({ name: 'Quiet' }));
    const task = unwrap(await api.createTask({ session_id: session.session_id, title: 'Tick' }));
    const edit = async (i: number) =>
      unwrap(await api.updateTask(task.task_id, { status: i % 2 ? 'completed' : 'pending' }));
    // (Reading wal_frames checkpoints too: it is read once, at the end of each case.)
    // A few edits and a quiet moment: the log is left as it is, so the next edit appends to
    // it instead of starting it over (which costs a second fsync).
    const second = open(freshName()).api;
    const other = unwrap(await second.createSession({ name: 'Few' }));
    const few = unwrap(await second.createTask({ session_id: other.session_id, title: 'Tick' }));
    for (let i = 0; i < 5; i++)
      unwrap(await second.updateTask(few.task_id, { title: `Tick ${i}` }));
    await new Promise((r) => setTimeout(r, 1000));
    unwrap(await second.updateTask(few.task_id, { status: 'completed' }));
    expect(unwrap(await second.diagnostics()).wal_frames).toBeGreaterThanOrEqual(20);
    // A burst of 45 edits writes well over 100 pages to the log (one edit: 3 to 8)…
    for (let i = 0; i < 45; i++) await edit(i);
    // …and a quiet moment later they have been copied, so the next edit starts the log over.
    await new Promise((r) => setTimeout(r, 1000));
    await edit(46);
    const { wal_frames: frames, journal_mode } = unwrap(await api.diagnostics());
    expect(journal_mode).toBe('wal');
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThan(20);
  });

  it('returns typed errors across the boundary, never a bare Error', async () => {
    const { api } = open(freshName());
    const missing = await api.getTask('task_missing');
    expect(missing).toEqual({
      ok: false,
      error: {
        type: 'NotFound',
        entity: 'task',
        id: 'task_missing',
        message: 'No task with id "task_missing".',
      },
    });
    const s = unwrap(await api.createSession({ name: 'A' }));
    const transition = await api.transitionSession(s.session_id, 'archived');
    expect(transition.ok || transition.error).toMatchObject({
      type: 'InvalidTransition',
      from: 'active',
      to: 'archived',
    });
    const dup = await api.createSession({ name: 'a' });
    expect(dup.ok || dup.error).toEqual({
      type: 'Constraint',
      message: 'A session with that name already exists (names are compared without case).',
    });
    const [x, y] = [
      unwrap(await api.createTask({ session_id: s.session_id, title: 'X' })),
      unwrap(await api.createTask({ session_id: s.session_id, title: 'Y' })),
    ];
    unwrap(await api.addDependency(y.task_id, x.task_id));
    const cycle = await api.addDependency(x.task_id, y.task_id);
    expect(cycle.ok || cycle.error).toMatchObject({
      type: 'Cycle',
      cycle: [x.task_id, y.task_id, x.task_id],
    });
  });

  it('pushes change notices naming the tables and ids a call changed', async () => {
    const client = open(freshName());
    const notices: ChangeNotice[] = [];
    client.onChange((notice) => notices.push(notice));
    const s = unwrap(await client.api.createSession({ name: 'Notices' }));
    await waitFor(async () => notices.some((n) => n.tables.includes('sessions')), 'a notice');
    const created = notices.find((n) => n.tables.includes('sessions'))!;
    expect(created.tables).toEqual(expect.arrayContaining(['sessions', 'active_session']));
    expect(created.ids).toContain(s.session_id);
    notices.length = 0;
    await client.api.listSessions({}); // reads send nothing
    const t = unwrap(await client.api.createTask({ session_id: s.session_id, title: 'T' }));
    await waitFor(async () => notices.length > 0, 'a task notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.tables).toEqual(expect.arrayContaining(['tasks', 'sessions']));
    expect(notices[0]!.ids).toContain(t.task_id);
    // The session's new counters travel with the notice (no read needed for the progress bar).
    expect(notices[0]!.rows?.sessions).toEqual([
      expect.objectContaining({ session_id: s.session_id, total_tasks: 1 }),
    ]);
  });

  it('lets two tabs write at once without losing anything, and tells each of the other', async () => {
    const name = freshName();
    const tabA = open(name);
    const tabB = open(name);
    const seenByB: ChangeNotice[] = [];
    tabB.onChange((notice) => seenByB.push(notice));
    const session = unwrap(await tabA.api.createSession({ name: 'Shared' }));
    const roles = [await tabA.api.role(), await tabB.api.role()].sort();
    expect(roles).toEqual(['follower', 'owner']);

    const writes = (client: DbClient, tab: string) =>
      Array.from({ length: 60 }, (_, i) =>
        client.api.createTask({ session_id: session.session_id, title: `${tab}-${i}` }),
      );
    const results = await Promise.all([...writes(tabA, 'A'), ...writes(tabB, 'B')]);
    expect(results.every((r) => r.ok)).toBe(true);

    const titles = unwrap(await tabB.api.listTasks(session.session_id)).map((t) => t.title);
    expect(titles).toHaveLength(120);
    expect(new Set(titles).size).toBe(120);
    expect(unwrap(await tabA.api.getSession(session.session_id)).total_tasks).toBe(120);
    await waitFor(async () => seenByB.some((n) => n.tables.includes('tasks')), 'notices in tab B');
    expect(unwrap(await tabA.api.integrityCheck())).toBe('ok');
  });

  it('hands the database to the next tab when the owner closes', async () => {
    const name = freshName();
    const owner = createDbClient(name);
    const s = unwrap(await owner.api.createSession({ name: 'Handover' }));
    const follower = open(name);
    await waitFor(async () => (await follower.api.role()) === 'follower', 'the follower');
    owner.close();
    // The follower takes the lock, opens the database, and sees everything.
    const t = unwrap(
      await follower.api.createTask({ session_id: s.session_id, title: 'After handover' }),
    );
    expect(await follower.api.role()).toBe('owner');
    expect(unwrap(await follower.api.listTasks(s.session_id)).map((x) => x.task_id)).toEqual([
      t.task_id,
    ]);
    expect(unwrap(await follower.api.integrityCheck())).toBe('ok');
  });
});
