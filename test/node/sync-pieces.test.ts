/**
 * The sync engine's pieces, each on its own, in Node: the pure `decide`, the guarded write,
 * one session's sync, conflicts and their resolution, importing from a folder and watching —
 * over the in-memory folder and real wa-sqlite (MemoryVFS).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, createSerialQueue } from '../../workers/db/sqlite';
import { createSession } from '../../workers/domain/sessions';
import { createTask, listTasks } from '../../workers/domain/tasks';
import { listBackups, listSyncStates } from '../../workers/domain/sync-state';
import { sessionFilePath } from '../../workers/folder/paths';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { decide } from '../../workers/sync/decide';
import { createSyncContext, type SyncContext } from '../../workers/sync/context';
import { writeIfUnchanged } from '../../workers/sync/guarded-write';
import { syncSessionNow } from '../../workers/sync/session-sync';
import { conflictView, resolveConflicts } from '../../workers/sync/conflicts';
import { importFromFolder } from '../../workers/sync/folder-import';
import { watchFolder } from '../../workers/sync/watch';
import { loadSessionDoc } from '../../workers/sync/session-store';
import { openMigratedDb } from './support/memory-db';
import { unwrap } from './support/unwrap';
import { type MemoryFolder, createMemoryFolder } from './support/memory-folder';

let db: Db;
let folder: MemoryFolder;
let ctx: SyncContext;
let sid: string;
const fileOf = (id: string) => `.task_orchestrator/sessions/${id}/session.md`;

beforeEach(async () => {
  db = await openMigratedDb();
  folder = createMemoryFolder();
  ctx = createSyncContext(db);
  ctx.app = await folder.handle.getDirectoryHandle('.task_orchestrator', { create: true });
  sid = unwrap(await createSession(db, { name: 'Pieces', activate: false })).session_id;
  unwrap(await createTask(db, { session_id: sid, title: 'First' }));
});

const titles = async (id = sid) => (await listTasks(db, id)).map((t) => t.title).sort();

describe('decide(sides), pure', () => {
  it('renders when the file is as the last sync left it, merges when it changed', async () => {
    const ours = unwrap(await loadSessionDoc(db, sid));
    const text = renderSessionMarkdown(ours);
    const base = parseSessionMarkdown(text);
    const same = { sessionId: sid, ours, base, baseHash: 'h1' };
    expect(decide({ ...same, file: { text, hash: 'h1' } }).kind).toBe('render');
    expect(decide({ ...same, file: null }).kind).toBe('render');
    const edited = text.replace('- [ ] First', '- [x] First');
    const merged = decide({ ...same, file: { text: edited, hash: 'h2' } });
    expect(merged.kind).toBe('merge');
    if (merged.kind === 'merge') expect(merged.merged.tasks[0]!.status).toBe('completed');
  });

  it('holds git markers, unreadable files and conflicting edits', async () => {
    const ours = unwrap(await loadSessionDoc(db, sid));
    const text = renderSessionMarkdown(ours);
    const base = parseSessionMarkdown(text);
    const sides = { sessionId: sid, base, baseHash: 'h1' };
    const marked = `${text}\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> other\n`;
    expect(decide({ ...sides, ours, file: { text: marked, hash: 'h2' } }).kind).toBe('git-markers');
    const renamedInFile = text.replace('First', 'File title');
    const renamedInApp = { ...ours, tasks: [{ ...ours.tasks[0]!, title: 'App title' }] };
    const conflict = decide({
      ...sides,
      ours: renamedInApp,
      file: { text: renamedInFile, hash: 'h2' },
    });
    expect(conflict.kind).toBe('conflict');
    if (conflict.kind === 'conflict') expect(conflict.conflicts).toHaveLength(1);
  });
});

describe('the guarded write', () => {
  const path = sessionFilePath('x')!;
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('writes only over the content it expects, and creates only where nothing appeared', async () => {
    expect(await writeIfUnchanged(ctx.app!, path, null, bytes('one'))).not.toBe(false);
    expect(folder.read('.task_orchestrator/sessions/x/session.md')).toBe('one');
    // An editor saved meanwhile: the write is refused and the editor's text stays.
    folder.write('.task_orchestrator/sessions/x/session.md', 'editor');
    expect(await writeIfUnchanged(ctx.app!, path, bytes('one'), bytes('two'))).toBe(false);
    expect(folder.read('.task_orchestrator/sessions/x/session.md')).toBe('editor');
    // A file appeared where none was expected: not replaced.
    expect(await writeIfUnchanged(ctx.app!, path, null, bytes('three'))).toBe(false);
    expect(await writeIfUnchanged(ctx.app!, path, bytes('editor'), bytes('four'))).not.toBe(false);
    expect(folder.read('.task_orchestrator/sessions/x/session.md')).toBe('four');
  });
});

describe("one session's sync", () => {
  it('writes the database side, then merges an outside edit and backs the edit up', async () => {
    expect(unwrap(await syncSessionNow(ctx, sid))).toEqual({ kind: 'written', created: true });
    expect(unwrap(await syncSessionNow(ctx, sid))).toEqual({ kind: 'unchanged' });
    const text = folder.read(fileOf(sid))!;
    folder.write(fileOf(sid), `${text.trimEnd()}\n- [ ] From the editor\n`);
    const outcome = unwrap(await syncSessionNow(ctx, sid));
    expect(outcome.kind).toBe('merged');
    expect(await titles()).toEqual(['First', 'From the editor']);
    // The new line got its id in the file; the editor's version is kept as a backup.
    expect(folder.read(fileOf(sid))).toMatch(/From the editor <!-- id:task_/);
    expect((await listBackups(db, sid)).map((b) => b.reason)).toContain('merge');
    const [state] = await listSyncStates(db);
    expect(state!.sync_status).toBe('synchronized');
  });
});

describe('conflicts and their resolution', () => {
  it('shows the conflicting field and applies the chosen side', async () => {
    unwrap(await syncSessionNow(ctx, sid));
    const [task] = await listTasks(db, sid);
    folder.write(fileOf(sid), folder.read(fileOf(sid))!.replace('First', 'File title'));
    await db.run('UPDATE tasks SET title = ? WHERE task_id = ?', ['App title', task!.task_id]);
    expect(unwrap(await syncSessionNow(ctx, sid)).kind).toBe('conflict');
    const view = unwrap(await conflictView(ctx, sid));
    expect(view.reason).toBe('conflicts');
    expect(view.conflicts).toHaveLength(1);
    unwrap(await resolveConflicts(ctx, sid, { [view.conflicts[0]!.key]: 'theirs' }));
    expect(await titles()).toEqual(['File title']);
    expect(folder.read(fileOf(sid))).toContain('File title');
  });
});

describe('importing from a folder', () => {
  it('brings in a session folder the database does not know, with ids written back', async () => {
    folder.write(fileOf('session_cloned'), '# Cloned\n\n## Tasks\n\n- [ ] From git\n');
    expect(await importFromFolder(ctx)).toEqual(['session_cloned']);
    expect(await titles('session_cloned')).toEqual(['From git']);
    expect(folder.read(fileOf('session_cloned'))).toMatch(/From git <!-- id:task_/);
    // Known now: a second look imports nothing.
    expect(await importFromFolder(ctx)).toEqual([]);
  });
});

describe('watching', () => {
  let stop = () => {};
  afterEach(() => stop());

  it('polls where there is no FileSystemObserver; requests coalesce behind the queue', async () => {
    let checks = 0;
    let running = 0;
    let overlapped = false;
    const watcher = watchFolder(ctx.app!, {
      pollMs: 5,
      background: createSerialQueue(),
      check: async () => {
        running++;
        overlapped ||= running > 1;
        checks++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
      },
    });
    stop = () => watcher.stop();
    expect(watcher.mode).toBe('polling');
    await expect.poll(() => checks, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(overlapped).toBe(false);
    watcher.stop();
    const after = checks;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(checks).toBeLessThanOrEqual(after + 1);
    expect(sessionFilePath(sid)).not.toBeNull();
  });
});

describe('one field the app cannot take never blocks the file', () => {
  it('takes fractional efforts (est:1.5h) from the file', async () => {
    unwrap(await syncSessionNow(ctx, sid));
    const text = folder.read(fileOf(sid))!;
    folder.write(fileOf(sid), text.replace(/(- \[ \] First)/, '$1 `est:1.5h` `actual:0.25h`'));
    expect(unwrap(await syncSessionNow(ctx, sid)).kind).toBe('merged');
    const [task] = await listTasks(db, sid);
    expect([task!.estimated_effort, task!.actual_effort]).toEqual([1.5, 0.25]);
    expect(folder.read(fileOf(sid))).toContain('`est:1.5h`');
  });

  it('reports a refused field against its task and merges every other change', async () => {
    unwrap(await createTask(db, { session_id: sid, title: 'Second' }));
    unwrap(await syncSessionNow(ctx, sid));
    const text = folder.read(fileOf(sid))!;
    const edited = text
      .replace(/(- \[ \] First)/, '$1 `est:999999h`')
      .replace('- [ ] Second', '- [x] Second');
    folder.write(fileOf(sid), edited);
    const outcome = unwrap(await syncSessionNow(ctx, sid));
    expect(outcome.kind).toBe('merged');
    if (outcome.kind === 'merged')
      expect(outcome.refused).toEqual([expect.stringMatching(/^Task “First”: estimated_effort/)]);
    const tasks = await listTasks(db, sid);
    expect(tasks.find((t) => t.title === 'Second')!.status).toBe('completed');
    expect(tasks.find((t) => t.title === 'First')!.estimated_effort).toBeNull();
  });
});
