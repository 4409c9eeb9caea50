/**
 * Crashes, end to end: Chromium on a persistent profile runs the built app's database worker
 * (the real dist/ bundle, OPFS, AccessHandlePool, WAL, synchronous=FULL) with a project folder
 * open, takes a stream of edits through the worker API from the page, and is killed with
 * SIGKILL at a random moment — mid-commit, mid-sync, mid-write of session.md, or idle. After
 * each kill it is relaunched on the same profile and checked:
 *
 * - `PRAGMA integrity_check` is `ok`;
 * - every edit whose API call had resolved ok (saved) is there — with the value it was saved
 *   with, or the value of the one edit still in flight at the kill;
 * - session.md, read before the app starts, is whole: it parses with no error, renders back
 *   byte-identical (a cut file would not), and holds no task the database lacks (it was the
 *   old or the new content, never a partial one);
 * - the sync state recovers: the remembered folder is reopened and session.md comes back in
 *   step with the database.
 *
 * 20 kills per run; `RELIABILITY_SCALE=n` (npm run soak) makes it 20·n.
 */
import { readdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { type BrowserContext, type Page, chromium } from 'playwright';
import { chromiumArgs, findChromium } from '../../scripts/chromium.mjs';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import type { AppError, Result, SyncState, Task } from '../../workers/api';

const scale = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? '1') || 1);
const kills = 20 * scale;
const seedTasks = 400;
const dbName = 'crash-test';
const projectName = 'crash-project';

/** Every pid whose parent chain leads to `root`, with `root` first. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** The browser process of the profile: the one Chromium process started with it (no --type). */
function browserPid(profile: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes(`--user-data-dir=${profile}`) && !args.some((a) => a.startsWith('--type=')))
        return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('The browser process of the profile was not found.');
}

interface Running {
  context: BrowserContext;
  page: Page;
  pid: number;
  closed: Promise<void>;
}

const workerFile = () => {
  const file = readdirSync('dist/assets').find((f) => /^db\.worker-.*\.js$/.test(f));
  if (!file) throw new Error('No built worker in dist/assets.');
  return file;
};

async function launch(profile: string): Promise<Running> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium()!,
    args: chromiumArgs,
    headless: true,
  });
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  const page = context.pages()[0] ?? (await context.newPage());
  // A same-origin document that does not start the app (whose own worker would reopen the
  // remembered folder for the app's default database too).
  await page.goto(new URL('manifest.webmanifest', inject('baseUrl')).href);
  return { context, page, pid: browserPid(profile), closed };
}

/** Reads session.md straight from OPFS, before any worker runs. */
const readFileFromPage = (page: Page, sessionId: string) =>
  page.evaluate(
    async ({ project, id }) => {
      try {
        const root = await navigator.storage.getDirectory();
        let dir = await root.getDirectoryHandle(project);
        for (const part of ['.task_orchestrator', 'sessions', id])
          dir = await dir.getDirectoryHandle(part);
        return await (await (await dir.getFileHandle('session.md')).getFile()).text();
      } catch {
        return null;
      }
    },
    { project: projectName, id: sessionId },
  );

/** Starts the built database worker in the page, with a minimal Comlink caller. */
async function startWorker(page: Page) {
  await page.evaluate(
    ({ url, name }) => {
      const worker = new Worker(url, { type: 'module', name });
      const waiting = new Map<string, (value: unknown) => void>();
      worker.onmessage = (event: MessageEvent<{ id: string; type: string; value: unknown }>) => {
        const resolve = waiting.get(event.data.id);
        waiting.delete(event.data.id);
        resolve?.(
          event.data.type === 'RAW'
            ? event.data.value
            : { ok: false, error: { type: 'Thrown', message: JSON.stringify(event.data.value) } },
        );
      };
      let next = 0;
      (window as unknown as { call: unknown }).call = (method: string, ...args: unknown[]) =>
        new Promise((resolve) => {
          const id = `call-${++next}`;
          waiting.set(id, resolve);
          worker.postMessage({
            id,
            type: 'APPLY',
            path: [method],
            argumentList: args.map((value) => ({ type: 'RAW', value })),
          });
        });
    },
    { url: `/assets/${workerFile()}`, name: dbName },
  );
}

type Call = <T>(method: string, ...args: unknown[]) => Promise<Result<T, AppError>>;
const call =
  (page: Page): Call =>
  (method, ...args) =>
    page.evaluate(
      ([m, a]) =>
        (window as unknown as { call: (m: string, ...a: unknown[]) => Promise<unknown> }).call(
          m as string,
          ...(a as unknown[]),
        ),
      [method, args] as const,
    ) as never;

function value<T>(result: Result<T, AppError>): T {
  if (!result.ok) throw new Error(`${result.error.type}: ${result.error.message}`);
  return result.value;
}

interface Saved {
  title: string;
  status: string;
}

it(
  `keeps every saved edit and a whole session.md through ${kills} SIGKILLs of Chromium`,
  async () => {
    const profile = mkdtempSync(join(tmpdir(), 'so-crash-'));
    const saved = new Map<string, Saved>();
    const figures = { edits: 0, inFlightKept: 0, fileBehind: 0, maxRecoveryMs: 0 };
    let sessionId = '';
    // The edit in flight at a kill may or may not have committed: both are right.
    let lastInFlight: { id: string | null; title: string; status: string } | null = null;
    try {
      for (let round = 0; round <= kills; round++) {
        const running = await launch(profile);
        const { page } = running;
        const fileBefore = sessionId ? await readFileFromPage(page, sessionId) : null;
        await startWorker(page);
        const api = call(page);

        if (round === 0) {
          const lines = ['# Crash plan', '', '## Work', ''];
          for (let i = 0; i < seedTasks; i++) lines.push(`- [ ] Seed task ${i}`);
          const session = value(
            await api<{ session_id: string }>('importPlan', lines.join('\n'), 'crash.md'),
          );
          sessionId = session.session_id;
          const opened = await page.evaluate(async (project) => {
            const root = await navigator.storage.getDirectory();
            const handle = await root.getDirectoryHandle(project, { create: true });
            return (
              window as unknown as { call: (m: string, h: unknown) => Promise<unknown> }
            ).call('openFolder', handle);
          }, projectName);
          expect(opened).toMatchObject({ ok: true });
        } else {
          // 1. The database is sound and every saved edit is there.
          expect(value(await api<string>('integrityCheck'))).toBe('ok');
          const tasks = value(await api<Task[]>('listTasks', sessionId));
          const byId = new Map(tasks.map((t) => [t.task_id, t]));
          for (const [id, want] of saved) {
            const row = byId.get(id);
            expect(row, `saved task ${id} (${want.title})`).toBeDefined();
            const got = [row!.title, row!.status];
            if (
              lastInFlight?.id === id &&
              got[0] === lastInFlight.title &&
              got[1] === lastInFlight.status
            ) {
              if (got[0] !== want.title || got[1] !== want.status) figures.inFlightKept++;
              saved.set(id, { title: row!.title, status: row!.status });
              continue;
            }
            expect(got, `task ${id}`).toEqual([want.title, want.status]);
          }
          lastInFlight = null;
          // 2. session.md, as the crash left it, is whole and holds nothing unknown.
          expect(fileBefore).not.toBeNull();
          const parsed = parseSessionMarkdown(fileBefore!);
          expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
          expect(renderSessionMarkdown(parsed.doc, parsed.format)).toBe(fileBefore);
          for (const t of parsed.doc.tasks) expect(byId.has(t.task_id), t.task_id).toBe(true);
          if (parsed.doc.tasks.length !== tasks.length) figures.fileBehind++;
          // 3. The sync recovers: the remembered folder is reopened and the file catches up.
          const start = Date.now();
          await expect
            .poll(
              async () => {
                const states = value(await api<SyncState[]>('listSyncStates'));
                const state = states.find((s) => s.session_id === sessionId);
                const text = await readFileFromPage(page, sessionId);
                const doc = text ? parseSessionMarkdown(text).doc : null;
                return (
                  state?.sync_status === 'synchronized' &&
                  doc?.tasks.length === tasks.length &&
                  doc.tasks.every((t) => byId.get(t.task_id)?.title === t.title)
                );
              },
              { timeout: 20_000, interval: 100 },
            )
            .toBe(true);
          figures.maxRecoveryMs = Math.max(figures.maxRecoveryMs, Date.now() - start);
        }
        if (round === kills) {
          await running.context.close();
          break;
        }

        // A stream of edits, killed at a random moment. Pauses let debounced syncs write.
        const mine = [...saved.keys()];
        let inFlight: { id: string | null; title: string; status: string } | null = null;
        let alive = true;
        const delay = 100 + Math.random() * 900;
        const killer = setTimeout(() => {
          alive = false;
          const tree = processTree(running.pid);
          for (const pid of tree) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        }, delay);
        try {
          for (let i = 0; alive; i++) {
            if (i % 15 === 14) await new Promise((r) => setTimeout(r, 320));
            const target = mine.length ? mine[Math.floor(Math.random() * mine.length)]! : null;
            const roll = Math.random();
            if (!target || roll < 0.4) {
              const title = `r${round}-e${i}`;
              inFlight = { id: null, title, status: 'pending' };
              const r = await api<Task>('createTask', { session_id: sessionId, title });
              if (!r.ok) throw new Error(r.error.message);
              saved.set(r.value.task_id, { title, status: r.value.status });
              mine.push(r.value.task_id);
            } else if (roll < 0.7) {
              const title = `r${round}-e${i} renamed`;
              inFlight = { id: target, title, status: saved.get(target)!.status };
              const r = await api<Task>('updateTask', target, { title });
              if (!r.ok) throw new Error(r.error.message);
              saved.set(target, { title, status: r.value.status });
            } else {
              const status =
                saved.get(target)!.status === 'completed' ? 'in_progress' : 'completed';
              inFlight = { id: target, title: saved.get(target)!.title, status };
              const r = await api<Task>('updateTask', target, { status });
              if (!r.ok) throw new Error(r.error.message);
              saved.set(target, { title: r.value.title, status });
            }
            inFlight = null;
            figures.edits++;
          }
        } catch (error) {
          if (alive) throw error; // a real failure, not the kill
        } finally {
          clearTimeout(killer);
        }
        await running.closed;
        lastInFlight = inFlight;
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    console.info(
      `crash: ${kills} kills, ${figures.edits} saved edits, ${saved.size} tasks checked each time; ` +
        `in-flight edits found committed: ${figures.inFlightKept}; ` +
        `file behind the database at relaunch: ${figures.fileBehind}; ` +
        `slowest recovery ${figures.maxRecoveryMs} ms`,
    );
  },
  (60 + 12 * kills) * 1000,
);
