/**
 * Exactly once: taking a file change in and recording it as the merge base are one
 * transaction, so whatever fails after it — the write-back refused because the editor saved
 * again, a full disk, the page dying mid-sync and reloading — the next sync sees the change
 * as merged. Random interleavings of editor saves, app edits, syncs and those failures
 * (fast-check, fixed seed; `npm run soak` runs more) over the real engine, real wa-sqlite
 * (MemoryVFS) and the in-memory folder: at the end the database and session.md hold exactly
 * the tasks both sides made, each once, with every tick, whichever side made it.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createSession } from '../../workers/domain/sessions';
import { createTask, listTasks, updateTask } from '../../workers/domain/tasks';
import { type SyncEngine, createSyncEngine } from '../../workers/sync/engine';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import type { Db } from '../../workers/db/sqlite';
import { openMigratedDb } from './support/memory-db';
import { unwrap } from './support/unwrap';
import { type MemoryFolder, createMemoryFolder } from './support/memory-folder';
import { runs } from './support/reliability';

vi.setConfig({ testTimeout: 600_000 });

type Step =
  | { kind: 'editorAdd' }
  | { kind: 'editorTick'; pick: number }
  | { kind: 'appAdd' }
  | { kind: 'appTick'; pick: number }
  | { kind: 'sync' }
  /** The editor saves again while the app is about to write the merged file back. */
  | { kind: 'syncSavedDuringWrite' }
  | { kind: 'syncDiskFull' }
  /** The page dies as the app starts writing back; a new engine (a reload) takes over. */
  | { kind: 'syncReload' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'editorAdd' } as const) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('editorTick' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'appAdd' } as const) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('appTick' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'sync' } as const) },
  { weight: 2, arbitrary: fc.constant({ kind: 'syncSavedDuringWrite' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'syncDiskFull' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'syncReload' } as const) },
);

/** What both sides meant: every task by title, and whether it was ticked. */
type Meant = Map<string, 'pending' | 'completed'>;

/** An editor's save: the file as it is now, with a new task line at the end of the tasks. */
function withLine(text: string, line: string): string {
  const at = text.search(/^## (?!Tasks)/m);
  const tasksEnd = at < 0 ? text.length : at;
  return `${text.slice(0, tasksEnd).trimEnd()}\n${line}\n\n${text.slice(tasksEnd)}`;
}

async function runCase(db: Db, steps: readonly Step[], n: number) {
  // A folder per case: the engine's look over the folder stays the size of one case.
  const folder: MemoryFolder = createMemoryFolder();
  const sid = unwrap(await createSession(db, { name: `Once ${n}`, activate: false })).session_id;
  const path = `.task_orchestrator/sessions/${sid}/session.md`;
  const meant: Meant = new Map();
  for (const title of ['Seed one', 'Seed two']) {
    unwrap(await createTask(db, { session_id: sid, title }));
    meant.set(title, 'pending');
  }
  const fresh = () => {
    const e = createSyncEngine(db, { background: (job) => job(), pollMs: 1e9 });
    return e;
  };
  let engine: SyncEngine = fresh();
  unwrap(await engine.attach(folder.handle));
  unwrap(await engine.syncSession(sid));
  let made = 0;
  const editorTitles: string[] = [];
  const appTitles = ['Seed one', 'Seed two'];
  const editorAdd = () => {
    const title = `E${++made}`;
    folder.write(path, withLine(folder.read(path)!, `- [ ] ${title}`));
    editorTitles.push(title);
    meant.set(title, 'pending');
  };
  try {
    for (const step of steps) {
      switch (step.kind) {
        case 'editorAdd':
          editorAdd();
          break;
        case 'editorTick': {
          const text = folder.read(path)!;
          const open = editorTitles.filter((t) => meant.get(t) === 'pending');
          const title = open[step.pick % (open.length || 1)];
          if (!title) break;
          const line = new RegExp(`^- \\[ \\] ${title}( |$)`, 'm');
          // Only a line the file still shows (ticking in an editor means seeing the line).
          if (!line.test(text)) break;
          folder.write(path, text.replace(line, `- [x] ${title}$1`));
          meant.set(title, 'completed');
          break;
        }
        case 'appAdd': {
          const title = `A${++made}`;
          unwrap(await createTask(db, { session_id: sid, title }));
          appTitles.push(title);
          meant.set(title, 'pending');
          break;
        }
        case 'appTick': {
          const open = appTitles.filter((t) => meant.get(t) === 'pending');
          const title = open[step.pick % (open.length || 1)];
          if (!title) break;
          const task = (await listTasks(db, sid)).find((t) => t.title === title)!;
          unwrap(await updateTask(db, task.task_id, { status: 'completed' }));
          meant.set(title, 'completed');
          break;
        }
        case 'sync':
          await engine.syncSession(sid);
          break;
        case 'syncSavedDuringWrite': {
          let saved = false;
          folder.faults.onWritable = (name) => {
            if (name !== 'session.md' || saved) return;
            saved = true;
            editorAdd();
          };
          await engine.syncSession(sid);
          break;
        }
        case 'syncDiskFull':
          folder.faults.quota = true;
          await engine.syncSession(sid);
          break;
        case 'syncReload':
          folder.faults.onWritable = (name) => {
            if (name === 'session.md') throw new Error('the page was closed');
          };
          await engine.syncSession(sid).catch(() => undefined);
          folder.faults.onWritable = null;
          engine.detach();
          engine = fresh();
          unwrap(await engine.attach(folder.handle));
          break;
      }
      folder.faults.onWritable = null;
      folder.faults.quota = false;
    }
    // Everyone stops; the sync settles.
    for (let i = 0; i < 3; i++) unwrap(await engine.syncSession(sid));
    expect(unwrap(await engine.syncSession(sid))).toEqual({ kind: 'unchanged' });
  } finally {
    engine.detach();
    folder.faults.onWritable = null;
    folder.faults.quota = false;
  }
  const tasks = await listTasks(db, sid);
  const inDb = tasks.map((t) => `${t.title}:${t.status}`).sort();
  const want = [...meant].map(([title, status]) => `${title}:${status}`).sort();
  expect(inDb).toEqual(want);
  const doc = parseSessionMarkdown(folder.read(path)!).doc;
  expect(doc.tasks.map((t) => `${t.title}:${t.status}`).sort()).toEqual(want);
  expect(doc.tasks.map((t) => t.task_id).sort()).toEqual(tasks.map((t) => t.task_id).sort());
}

describe('exactly once: a file change is taken in once, whatever fails after it', () => {
  it('ends with the tasks both sides made, each once, under random saves, edits and failures', async () => {
    const db = await openMigratedDb();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        await runCase(db, steps, ++n);
      }),
      { numRuns: runs(2000), seed: 20261203 },
    );
  });
});
