/**
 * The benchmark page: the app's own database client (src/data/client.ts → the real worker,
 * Comlink, wa-sqlite on OPFS), with no UI. bench/run.mjs loads it from the same origin as the
 * built app and drives it through `window.bench`. Every timing is taken here, on the page's
 * main thread, around one API call: it includes the Comlink round trip, as the UI would see it.
 * Nothing here ships in the product (it is built by bench/vite.bench.config.ts only).
 */
import { createDbClient } from '../src/data/client';
import type { AppError, Result, Task } from '../workers/api';
import { planFromMarkdown } from '../core/import/import-plan';
import { parseSessionMarkdown } from '../core/session-md/parse';
import { sha256Hex } from '../workers/folder/content-hash';
import { generatePlan, rareWord } from './generate';

const client = createDbClient();
const { api } = client;

async function must<T>(reply: Promise<Result<T, AppError>>, what: string): Promise<T> {
  const result = await reply;
  if (!result.ok) throw new Error(`${what}: ${result.error.type}: ${result.error.message}`);
  return result.value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets the worker's queue run dry (debounced syncs, folder polls) before a timed call. */
async function settle(ms = 0): Promise<void> {
  if (ms > 0) await sleep(ms);
  await api.schemaVersion();
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export interface BenchSession {
  sessionId: string;
  tasks: number;
  dependencies: number;
  /** Top-level tasks (subtrees of 50), up to 40. */
  rootIds: string[];
  /** The first top-level task of the first group: the first task row of the tree. */
  firstRowId: string;
  /** Pending leaf tasks under it (rows 3–8 of the tree, in view at the top). */
  editIds: string[];
  /** The deepest task of the last group: the last row the tree renders. */
  lastTaskId: string;
  importMs: number;
  dependenciesMs: number;
}

/**
 * Creates a session of `tasks` tasks through `api.importPlan` (the app's bulk path), then gives
 * one task in `1/every` a prerequisite five places earlier in its group (`api.setDependencies`,
 * one transaction each, as the UI would).
 */
async function createSession(tasks: number, name: string, every: number): Promise<BenchSession> {
  const text = generatePlan(tasks, name);
  let start = performance.now();
  const session = await must(api.importPlan(text, `${name}.md`), 'importPlan');
  const importMs = performance.now() - start;
  const sessionId = session.session_id;
  const [all, groups] = await Promise.all([
    must(api.listTasks(sessionId), 'listTasks'),
    must(api.listGroups(sessionId), 'listGroups'),
  ]);
  const byGroup = new Map<string, Task[]>();
  for (const task of all) {
    const key = task.task_group ?? '';
    const list = byGroup.get(key) ?? [];
    list.push(task);
    byGroup.set(key, list);
  }
  for (const list of byGroup.values()) list.sort((a, b) => cmp(a.hierarchy_path, b.hierarchy_path));
  start = performance.now();
  let dependencies = 0;
  for (const list of byGroup.values()) {
    for (let i = 5; i < list.length; i += every) {
      const result = await api.setDependencies(list[i]!.task_id, [list[i - 5]!.task_id]);
      if (result.ok) dependencies++;
    }
  }
  const dependenciesMs = performance.now() - start;
  const firstGroup = byGroup.get(groups[0]!.group_id) ?? [];
  const lastGroup = byGroup.get(groups[groups.length - 1]!.group_id) ?? [];
  const byPosition = (a: Task, b: Task) => a.position_in_group - b.position_in_group;
  const firstRoot = firstGroup.filter((t) => t.level === 0).sort(byPosition)[0]!;
  const firstChild = all.filter((t) => t.parent_task_id === firstRoot.task_id).sort(byPosition)[0]!;
  return {
    sessionId,
    tasks: all.length,
    dependencies,
    rootIds: all
      .filter((t) => t.level === 0)
      .slice(0, 40)
      .map((t) => t.task_id),
    firstRowId: firstRoot.task_id,
    editIds: all
      .filter((t) => t.parent_task_id === firstChild.task_id && t.status === 'pending')
      .sort(byPosition)
      .map((t) => t.task_id),
    lastTaskId: lastGroup.filter((t) => t.level === 2).at(-1)!.task_id,
    importMs,
    dependenciesMs,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Waits until this page's worker owns the database and has migrated it. */
async function ready(): Promise<string> {
  for (let i = 0; i < 300; i++) {
    if ((await api.role()) === 'owner') break;
    await sleep(100);
  }
  await must(api.schemaVersion(), 'schemaVersion');
  return api.role();
}

/** In-worker single-row durable commits (`api.measureCommits`), after `warm` discarded ones. */
async function commits(warm: number, runs: number): Promise<number[]> {
  await must(api.measureCommits(warm), 'measureCommits');
  return must(api.measureCommits(runs), 'measureCommits');
}

type Query = 'subtree' | 'ready' | 'progress' | 'search' | 'update';

/** Times `runs` calls of one read, after one warm-up call. Null: the API has no such call. */
async function queries(
  kind: Query,
  session: BenchSession,
  runs: number,
): Promise<{ samples: number[]; rows: number } | { missing: string }> {
  let rows = 0;
  let updateMs = 0;
  const call = async (i: number) => {
    switch (kind) {
      case 'subtree':
        rows = (await must(api.subtree(session.rootIds[i % session.rootIds.length]!), kind)).length;
        return;
      case 'ready':
        rows = (await must(api.readyTasks(session.sessionId), kind)).length;
        return;
      case 'progress':
        await must(api.sessionProgress(session.sessionId), kind);
        rows = 1;
        return;
      case 'update': {
        const id = session.editIds[i % session.editIds.length]!;
        const task = await must(api.getTask(id), 'getTask');
        const status = task.status === 'completed' ? 'pending' : 'completed';
        // Only the updateTask call is timed (the read above is not part of a click).
        const start = performance.now();
        await must(api.updateTask(id, { status }), kind);
        updateMs = performance.now() - start;
        rows = 1;
        return;
      }
      case 'search': {
        rows = (
          await must(api.search(rareWord, { scope: 'all', sessionId: session.sessionId }), kind)
        ).length;
        return;
      }
    }
  };
  try {
    await call(0);
  } catch (error) {
    if (kind === 'search')
      return { missing: `api.search is not available: ${(error as Error).message}` };
    throw error;
  }
  const samples: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const ms = await timed(() => call(i));
    samples.push(kind === 'update' ? updateMs : ms);
  }
  return { samples, rows };
}

let project: FileSystemDirectoryHandle | null = null;

/** An empty OPFS directory standing in for the user's project folder (as the browser tests do). */
async function freshProject(name: string): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(name, { recursive: true }).catch(() => undefined);
  return root.getDirectoryHandle(name, { create: true });
}

/** Opens the folder: the first session.md of every session is written here. */
async function openFolder(name: string): Promise<{ ms: number; synced: number }> {
  project = await freshProject(name);
  const handle = project;
  const start = performance.now();
  const value = await must(api.openFolder(handle), 'openFolder');
  return { ms: performance.now() - start, synced: value.synced };
}

async function sessionFile(sessionId: string): Promise<FileSystemFileHandle> {
  const app = await project!.getDirectoryHandle('.task_orchestrator');
  const sessions = await app.getDirectoryHandle('sessions');
  const dir = await sessions.getDirectoryHandle(sessionId);
  return dir.getFileHandle('session.md');
}

/**
 * DB → session.md: one task's title changes (`api.updateTask`, untimed), then the timed
 * `api.syncSession` renders the session and rewrites the file (outcome `written`).
 */
async function mdRender(
  session: BenchSession,
  warm: number,
  runs: number,
): Promise<{ samples: number[]; bytes: number }> {
  const samples: number[] = [];
  const target = session.rootIds[0]!;
  for (let i = 0; i < warm + runs; i++) {
    await settle(1200);
    await must(api.updateTask(target, { title: `Edited root ${i} ${Date.now()}` }), 'updateTask');
    const start = performance.now();
    const outcome = await must(api.syncSession(session.sessionId), 'syncSession');
    const ms = performance.now() - start;
    if (outcome.kind !== 'written')
      throw new Error(`md render: expected a write, got ${outcome.kind}`);
    if (i >= warm) samples.push(ms);
  }
  const file = await (await sessionFile(session.sessionId)).getFile();
  return { samples, bytes: file.size };
}

/**
 * session.md → DB: 100 open tasks are ticked in the file (written through OPFS while the folder
 * is closed, so the app's watcher cannot pick the edit up first), the folder is opened again
 * (untimed), and the timed `api.checkFolder` finds the changed file, parses it, merges three
 * ways, applies the 100 changes, re-renders and writes session.md. Checked: the session has
 * exactly 100 more completed tasks afterwards.
 */
async function mdImport(session: BenchSession, warm: number, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < warm + runs; i++) {
    await settle(1200);
    await must(api.closeFolder(), 'closeFolder');
    const handle = await sessionFile(session.sessionId);
    const text = await (await handle.getFile()).text();
    let changed = 0;
    const edited = text
      .split('\n')
      .map((line) => {
        if (changed >= 100 || !/^\s*- \[ \] /.test(line)) return line;
        changed++;
        return line.replace('- [ ] ', '- [x] ');
      })
      .join('\n');
    if (changed !== 100) throw new Error(`md import: only ${changed} open tasks left to tick`);
    const writable = await handle.createWritable();
    await writable.write(edited);
    await writable.close();
    await must(api.openFolder(project!), 'openFolder');
    // Taken after openFolder: had it merged the file already, the check below would fail.
    const before = await must(api.getSession(session.sessionId), 'getSession');
    const start = performance.now();
    await must(api.checkFolder(), 'checkFolder');
    const ms = performance.now() - start;
    const after = await must(api.getSession(session.sessionId), 'getSession');
    if (after.completed_tasks - before.completed_tasks !== 100)
      throw new Error(
        `md import: ${after.completed_tasks - before.completed_tasks} tasks completed, not 100`,
      );
    if (i >= warm) samples.push(ms);
  }
  return samples;
}

/**
 * 10k tasks in one transaction through the app's bulk path: `api.importPlan` (plan parsing,
 * session and 20 groups, then bulkCreateTasks' one INSERT … SELECT over json_each). Each run
 * uses a fresh database (a worker of its own, `createDbClient(name)` as the tests do) so runs
 * do not pile up rows — the native reference does the same. `parse` is planFromMarkdown alone
 * on this thread, to show what part parsing is.
 */
async function bulkInsert(
  tasks: number,
  warm: number,
  runs: number,
): Promise<{ samples: number[]; parse: number[]; open: number[]; close: number[] }> {
  // The main database's folder sync stops first: its background work would share the CPU.
  await must(api.closeFolder(), 'closeFolder');
  const samples: number[] = [];
  const parse: number[] = [];
  const open: number[] = [];
  const close: number[] = [];
  for (let i = 0; i < warm + runs; i++) {
    const openStart = performance.now();
    const fresh = createDbClient(`bench-bulk-${Date.now()}-${i}`);
    try {
      await must(fresh.api.schemaVersion(), 'schemaVersion');
      open.push(performance.now() - openStart);
      const text = generatePlan(tasks, `Bulk ${i}`);
      await sleep(200);
      const start = performance.now();
      const session = await must(fresh.api.importPlan(text, 'bulk.md'), 'importPlan');
      const ms = performance.now() - start;
      const parseStart = performance.now();
      const plan = planFromMarkdown(text, 'bulk.md');
      const parseMs = performance.now() - parseStart;
      if (!plan.ok || plan.plan.tasks.length !== tasks) throw new Error('bulk: bad plan');
      if (session.total_tasks !== tasks)
        throw new Error(`bulk: ${session.total_tasks} tasks imported, not ${tasks}`);
      if (i >= warm) {
        samples.push(ms);
        parse.push(parseMs);
      }
    } finally {
      const closeStart = performance.now();
      fresh.close();
      close.push(performance.now() - closeStart);
    }
  }
  return { samples, parse, open, close };
}

/** A small session (5 tasks) to switch away from in the UI benchmarks. */
async function createSmall(name: string): Promise<{ sessionId: string; taskId: string }> {
  const session = await must(api.createSession({ name }), 'createSession');
  let taskId = '';
  for (let i = 1; i <= 5; i++) {
    const task = await must(
      api.createTask({ session_id: session.session_id, title: `Small task ${i}` }),
      'createTask',
    );
    taskId = task.task_id;
  }
  return { sessionId: session.session_id, taskId };
}

/**
 * Where md_render's time goes, piece by piece (medians over `runs`): `api.sessionMarkdown`
 * (load the session from the database + render, in the worker, plus the string's trip back),
 * and on this thread the pure parts a sync repeats: parsing the stored base text
 * (parseSessionMarkdown) and hashing the text (sha256Hex) — the same code the worker runs.
 */
async function mdParts(
  session: BenchSession,
  runs: number,
): Promise<{ loadRender: number[]; parse: number[]; hash: number[]; bytes: number }> {
  const loadRender: number[] = [];
  const parse: number[] = [];
  const hash: number[] = [];
  let text = '';
  await settle(1200);
  for (let i = 0; i < runs + 1; i++) {
    const a = await timed(async () => {
      text = await must(api.sessionMarkdown(session.sessionId), 'sessionMarkdown');
    });
    const b = await timed(async () => parseSessionMarkdown(text));
    const c = await timed(() => sha256Hex(new TextEncoder().encode(text)));
    if (i > 0) {
      loadRender.push(a);
      parse.push(b);
      hash.push(c);
    }
  }
  return { loadRender, parse, hash, bytes: new TextEncoder().encode(text).length };
}

async function activate(sessionId: string): Promise<void> {
  await must(api.transitionSession(sessionId, 'active'), 'transitionSession');
}

async function diagnostics(): Promise<unknown> {
  return must(api.diagnostics(), 'diagnostics');
}

async function integrity(): Promise<string> {
  return must(api.integrityCheck(), 'integrityCheck');
}

const bench = {
  ready,
  createSession,
  commits,
  queries,
  openFolder,
  mdRender,
  mdImport,
  mdParts,
  bulkInsert,
  createSmall,
  activate,
  diagnostics,
  integrity,
  close: () => client.close(),
};

export type BenchApi = typeof bench;

declare global {
  interface Window {
    bench: BenchApi;
  }
}

window.bench = bench;
document.title = 'bench ready';
