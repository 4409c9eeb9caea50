/**
 * Permission and storage faults, in real Chromium. The sync engine runs here in the page on
 * wa-sqlite's MemoryVFS (the database itself is not under test; the folder is), against a real
 * OPFS directory seen through a fault-injecting wrapper:
 *
 * - OPFS handles have no permission prompt that can be revoked, so "permission revoked" is the
 *   wrapper starting to throw NotAllowedError (as a real folder's handle does after the user
 *   revokes access) and answering queryPermission with 'denied'. Such a fake handle cannot be
 *   posted to the real worker, which is why the engine runs in the page.
 * - Chromium offers no way to fill the disk on demand, so "quota exhausted" is a writable that
 *   throws QuotaExceededError.
 * - Deleting and renaming the folder or the file behind the app's back are real OPFS
 *   operations (removeEntry, move) on the real directory.
 *
 * Each fault must give a clear message, lose nothing in the database, leave session.md whole
 * (old or new content), and work must continue once the fault is gone.
 */
import { expect, it, onTestFinished } from 'vitest';
import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import wasmUrl from '@journeyapps/wa-sqlite/dist/wa-sqlite.wasm?url';
import * as SQLite from '@journeyapps/wa-sqlite';
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js';
import { createDb, createSerialQueue, type Db } from '../../workers/db/sqlite';
import { configureConnection } from '../../workers/db/connection';
import { migrate } from '../../workers/db/migrate';
import { ensureDefaultMode } from '../../workers/modes/store';
import { createSyncEngine, type SyncEngine } from '../../workers/sync/engine';
import { createSession } from '../../workers/domain/sessions';
import { createTask, listTasks, updateTask } from '../../workers/domain/tasks';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import type { AppError, Result } from '../../workers/api';
import { freshProjectFolder, readText, writeText } from './support';

let vfsCount = 0;
async function openPageDb(): Promise<Db> {
  const module = await SQLiteESMFactory({ locateFile: () => wasmUrl });
  const sqlite3 = SQLite.Factory(module);
  const name = `faults-mem-${++vfsCount}`;
  const vfs = await (
    MemoryVFS as unknown as { create(name: string, module: unknown): Promise<unknown> }
  ).create(name, module);
  sqlite3.vfs_register(vfs as never, false);
  const handle = await sqlite3.open_v2(
    'faults.db',
    SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE,
    name,
  );
  const db = createDb(sqlite3, handle, module);
  await configureConnection(db);
  const migrated = await migrate(db);
  if (!migrated.ok) throw new Error(migrated.error.message);
  await ensureDefaultMode(db);
  return db;
}

function ok<T>(result: Result<T, AppError>): T {
  if (!result.ok) throw new Error(`${result.error.type}: ${result.error.message}`);
  return result.value;
}

interface Faults {
  denied: boolean;
  quota: boolean;
  /** When set, the N-th next folder operation and every one after it is denied. */
  denyAfter: number | null;
  /** Runs once, right after the next file read (an editor saving in the middle of a sync). */
  afterRead: (() => Promise<void>) | null;
  /** The next N files taken cannot be read (what Chromium does when one changed meanwhile). */
  unreadable: number;
  /** Runs once, right after the next write into a writable (an editor saving meanwhile). */
  duringWrite: (() => Promise<void>) | null;
}

const fault = (name: string, message: string) => new DOMException(message, name);

/** A real OPFS directory seen through a wrapper that injects the faults above. */
function faulty(real: FileSystemDirectoryHandle, faults: Faults): FileSystemDirectoryHandle {
  const step = () => {
    if (faults.denyAfter !== null && --faults.denyAfter <= 0) faults.denied = true;
    if (faults.denied) throw fault('NotAllowedError', 'The user revoked access (injected).');
  };
  const file = (handle: FileSystemFileHandle) => ({
    kind: 'file' as const,
    name: handle.name,
    async getFile() {
      step();
      const real = await handle.getFile();
      if (faults.unreadable > 0) {
        faults.unreadable--;
        const stale = fault('NotReadableError', 'The file changed while it was read (injected).');
        // What the engine uses of a File: its bytes and its time.
        return {
          lastModified: real.lastModified,
          arrayBuffer: () => Promise.reject(stale),
        } as unknown as File;
      }
      const run = faults.afterRead;
      if (!run) return real;
      faults.afterRead = null;
      // Read the content first: a File read after its file changed is no longer readable.
      const copy = new File([await real.arrayBuffer()], real.name, {
        lastModified: real.lastModified,
      });
      await run();
      return copy;
    },
    async createWritable() {
      step();
      const writable = await handle.createWritable();
      return {
        async write(data: FileSystemWriteChunkType) {
          step();
          if (faults.quota) throw fault('QuotaExceededError', 'The disk is full (injected).');
          await writable.write(data);
          const run = faults.duringWrite;
          faults.duringWrite = null;
          if (run) await run();
        },
        async close() {
          step();
          return writable.close();
        },
        abort: () => writable.abort(),
      };
    },
  });
  const dir = (handle: FileSystemDirectoryHandle): FileSystemDirectoryHandle => {
    const wrap = (entry: FileSystemHandle) =>
      entry.kind === 'directory'
        ? dir(entry as FileSystemDirectoryHandle)
        : file(entry as FileSystemFileHandle);
    return {
      kind: 'directory',
      name: handle.name,
      async queryPermission() {
        return faults.denied ? 'denied' : 'granted';
      },
      async getDirectoryHandle(name: string, options?: FileSystemGetDirectoryOptions) {
        step();
        return dir(await handle.getDirectoryHandle(name, options));
      },
      async getFileHandle(name: string, options?: FileSystemGetFileOptions) {
        step();
        if (faults.quota && options?.create) {
          // Creating a missing file needs space too.
          try {
            return file(await handle.getFileHandle(name));
          } catch {
            throw fault('QuotaExceededError', 'The disk is full (injected).');
          }
        }
        return file(await handle.getFileHandle(name, options));
      },
      async removeEntry(name: string, options?: FileSystemRemoveOptions) {
        step();
        return handle.removeEntry(name, options);
      },
      async *entries() {
        step();
        for await (const [name, entry] of handle.entries()) yield [name, wrap(entry)];
      },
      async *keys() {
        step();
        for await (const name of handle.keys()) yield name;
      },
    } as unknown as FileSystemDirectoryHandle;
  };
  return dir(real);
}

async function setup() {
  const db = await openPageDb();
  const queue = createSerialQueue();
  const engine = createSyncEngine(db, { background: queue, pollMs: 1e9, debounceMs: 1e9 });
  onTestFinished(() => engine.detach());
  const real = await freshProjectFolder();
  const faults: Faults = {
    denied: false,
    quota: false,
    denyAfter: null,
    afterRead: null,
    unreadable: 0,
    duringWrite: null,
  };
  const handle = faulty(real, faults);
  const session = ok(await createSession(db, { name: 'Faulty folder' }));
  const sid = session.session_id;
  for (const title of ['One', 'Two', 'Three']) ok(await createTask(db, { session_id: sid, title }));
  ok(await engine.attach(handle));
  const path = `.task_orchestrator/sessions/${sid}/session.md`;
  const file = () => readText(real, path);
  expect(await file()).toContain('- [ ] Three');
  const titles = async () => (await listTasks(db, sid)).map((t) => t.title).sort();
  return { db, engine, real, faults, handle, sid, path, file, titles };
}

/** The file is whole: it parses with no errors and holds exactly the tasks of some sync. */
function expectWhole(text: string | null) {
  expect(text).not.toBeNull();
  const parsed = parseSessionMarkdown(text!);
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(text).toMatch(/## Change log\n/);
}

async function syncOutcome(engine: SyncEngine, sid: string) {
  const result = await engine.syncSession(sid);
  return result.ok ? result.value.kind : result.error;
}

it('permission revoked at every step of a sync: a clear error, nothing lost, and it resumes', async () => {
  const { db, engine, faults, handle, sid, file, titles } = await setup();
  const outcomes: string[] = [];
  for (let n = 1; n <= 60 && outcomes.at(-1) !== 'written'; n++) {
    // An edit in the app, then a sync that loses permission at its n-th folder operation.
    const title = `Edit ${n}`;
    ok(await createTask(db, { session_id: sid, title }));
    faults.denyAfter = n;
    const outcome = await syncOutcome(engine, sid);
    faults.denyAfter = null;
    if (typeof outcome === 'string') outcomes.push(outcome);
    else {
      outcomes.push(outcome.type);
      expect(outcome).toMatchObject({ type: 'Folder', reason: 'PermissionDenied' });
      expect(outcome.message).toMatch(/Permission to the project folder was denied.*Reconnect/);
      expect(engine.status()).toMatchObject({ permission: 'missing' });
      expect(engine.status().lastError).toBe(outcome.message);
    }
    expect(await titles()).toContain(title);
    faults.denied = false;
    expectWhole(await file());
    // The fault is gone: reconnecting (what "Reconnect folder" does) syncs everything.
    ok(await engine.attach(handle));
    expect(engine.status()).toMatchObject({ permission: 'granted', lastError: null });
    expect(await file()).toContain(`- [ ] ${title}`);
  }
  // Early steps fail; once the sync's operations are all done, it succeeds.
  expect(outcomes).toContain('Folder');
  expect(outcomes.at(-1)).toBe('written');
  // Attaching a folder whose permission is gone says so, and changes nothing.
  faults.denied = true;
  const refused = await engine.attach(handle);
  expect(refused.ok || refused.error).toMatchObject({ type: 'Folder', reason: 'PermissionDenied' });
  expect(await titles()).toHaveLength(3 + outcomes.length);
  console.info(`permission faults: ${outcomes.join(', ')}`);
});

it('disk full while writing session.md: a clear error, the old file kept whole, then it writes', async () => {
  const { db, engine, faults, sid, file, titles } = await setup();
  const before = await file();
  ok(await createTask(db, { session_id: sid, title: 'Made while the disk is full' }));
  faults.quota = true;
  const outcome = await syncOutcome(engine, sid);
  expect(outcome).toMatchObject({ type: 'Folder', reason: 'QuotaExceeded' });
  expect((outcome as AppError).message).toMatch(/disk is full.*nothing was lost/i);
  expect(engine.status().lastError).toMatch(/disk is full/i);
  expect(await file()).toBe(before);
  expect(await titles()).toContain('Made while the disk is full');
  // A file edit made meanwhile is not lost either: the next sync merges it.
  faults.quota = false;
  expect(await syncOutcome(engine, sid)).toBe('written');
  expect(await file()).toContain('Made while the disk is full');
  expect(engine.status().lastError).toBeNull();
});

// An editor saving session.md in the middle of a sync: after the sync has read the file (while
// it renders), and while it writes the new content to the swap file. Either way the check just
// before the swap refuses it, and the sync merges the editor's tick instead of overwriting it.
for (const moment of ['afterRead', 'duringWrite'] as const) {
  const when = moment === 'afterRead' ? 'while a sync renders' : 'while the app writes it';
  it(`session.md saved by an editor ${when}: merged, never overwritten`, async () => {
    const { db, engine, real, faults, sid, path, file, titles } = await setup();
    ok(await createTask(db, { session_id: sid, title: 'Made in the app' }));
    faults[moment] = async () => {
      const text = (await readText(real, path))!;
      await writeText(real, path, text.replace('- [ ] One', '- [x] One'));
    };
    expect(await syncOutcome(engine, sid)).toBe('merged');
    expect(faults[moment]).toBeNull();
    const text = await file();
    expectWhole(text);
    expect(text).toContain('- [x] One');
    expect(text).toContain('- [ ] Made in the app');
    expect(await titles()).toContain('Made in the app');
    const one = (await listTasks(db, sid)).find((t) => t.title === 'One');
    expect(one?.status).toBe('completed');
  });
}

it('session.md changing while it is read: read again, no error', async () => {
  const { db, engine, faults, sid, file } = await setup();
  ok(await createTask(db, { session_id: sid, title: 'Read twice' }));
  faults.unreadable = 2;
  expect(await syncOutcome(engine, sid)).toBe('written');
  expect(faults.unreadable).toBe(0);
  expect(engine.status().lastError).toBeNull();
  expect(await file()).toContain('- [ ] Read twice');
  // A file that stays unreadable is an error with a message, and nothing is lost.
  ok(await createTask(db, { session_id: sid, title: 'Later' }));
  faults.unreadable = 99;
  const outcome = await syncOutcome(engine, sid);
  faults.unreadable = 0;
  expect(outcome).toMatchObject({ type: 'Folder', reason: 'Failed' });
  expect((outcome as AppError).message).toMatch(/reading .*session\.md/);
  expect(await syncOutcome(engine, sid)).toBe('written');
  expect(await file()).toContain('- [ ] Later');
});

it('the project folder deleted behind the app: a clear error, nothing lost, reopening rewrites it', async () => {
  const { db, engine, real, sid, path, file, titles } = await setup();
  ok(await createTask(db, { session_id: sid, title: 'After the folder went' }));
  await real.removeEntry('.task_orchestrator', { recursive: true });
  const outcome = await syncOutcome(engine, sid);
  expect(outcome).toMatchObject({ type: 'Folder', reason: 'NotFound' });
  expect((outcome as AppError).message).toMatch(/moved or deleted/);
  await engine.checkFiles(); // the poller's path: no throw, the message is kept
  expect(engine.status().lastError).toMatch(/moved or deleted/);
  expect(await titles()).toContain('After the folder went');
  // Reopening the folder recreates .task_orchestrator/ with everything.
  ok(await engine.attach(real));
  expectWhole(await file());
  expect(await file()).toContain('After the folder went');
  expect(await readText(real, path)).toContain('- [ ] One');
});

it('session.md or its folder renamed behind the app: the app writes it again and keeps the data whole', async () => {
  const { db, engine, real, sid, path, file, titles } = await setup();
  const sessions = await (
    await real.getDirectoryHandle('.task_orchestrator')
  ).getDirectoryHandle('sessions');
  const folder = await sessions.getDirectoryHandle(sid);
  // This Chromium's OPFS handles have no move(): a rename is a copy under the new name and
  // the removal of the old one, which is also all an app watching the folder can see of it.
  const rename = async (dir: FileSystemDirectoryHandle, from: string, to: string) => {
    const source = await dir.getDirectoryHandle(from).catch(() => null);
    if (source) {
      const target = await dir.getDirectoryHandle(to, { create: true });
      for await (const [name, entry] of source.entries())
        if (entry.kind === 'file')
          await writeText(
            target,
            name,
            await (await (entry as FileSystemFileHandle).getFile()).text(),
          );
    } else {
      await writeText(dir, to, await (await (await dir.getFileHandle(from)).getFile()).text());
    }
    await dir.removeEntry(from, { recursive: true });
  };

  // The file renamed: it is written again at its place; the renamed copy is left alone.
  await rename(folder, 'session.md', 'session-renamed.md');
  ok(await createTask(db, { session_id: sid, title: 'After the rename' }));
  await engine.checkFiles();
  expect(await file()).toContain('After the rename');
  expect(await readText(real, `.task_orchestrator/sessions/${sid}/session-renamed.md`)).toContain(
    '- [ ] One',
  );

  // The session's folder renamed (as a person tidying up might): the app writes its file
  // again, and the renamed copy, which now looks like another session, must not take the
  // tasks of this one.
  await rename(sessions, sid, `${sid}-copy`);
  ok(await createTask(db, { session_id: sid, title: 'After the folder rename' }));
  await engine.checkFiles();
  await engine.checkFiles();
  expect(await titles()).toEqual(
    ['After the folder rename', 'After the rename', 'One', 'Three', 'Two'].sort(),
  );
  expectWhole(await file());
  expect(await file()).toContain('After the folder rename');
  const all = await db.all<{ session_id: string; n: number }>(
    'SELECT session_id, count(*) AS n FROM tasks GROUP BY session_id ORDER BY session_id',
  );
  // The copy became a session of its own, with fresh ids; the original kept all its tasks.
  expect(all).toEqual([
    { session_id: sid, n: 5 },
    { session_id: `${sid}-copy`, n: 4 },
  ]);
  expect(await readText(real, path)).not.toBeNull();
  expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
});

it('an edit in the file while permission is missing is merged after reconnecting', async () => {
  const { db, engine, real, faults, handle, sid, path, file, titles } = await setup();
  faults.denied = true;
  const tasks = await listTasks(db, sid);
  ok(await updateTask(db, tasks[0]!.task_id, { status: 'completed' }));
  // The user edits the file in their editor while the app cannot reach it.
  const text = (await readText(real, path))!;
  const writable = await (
    await (
      await (
        await (await real.getDirectoryHandle('.task_orchestrator')).getDirectoryHandle('sessions')
      ).getDirectoryHandle(sid)
    ).getFileHandle('session.md')
  ).createWritable();
  await writable.write(text.replace('- [ ] Two', '- [ ] Two (edited outside)'));
  await writable.close();
  expect(await syncOutcome(engine, sid)).toMatchObject({ reason: 'PermissionDenied' });
  faults.denied = false;
  ok(await engine.attach(handle));
  expect(await titles()).toContain('Two (edited outside)');
  expect(await file()).toMatch(/- \[x\] One/);
  expect(await file()).toContain('Two (edited outside)');
});
