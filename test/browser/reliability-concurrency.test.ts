/**
 * Concurrency in real Chromium: three workers of one database name are three tabs (one owns the
 * OPFS database, two forward over the BroadcastChannel). Each makes a stream of random edits
 * at once (300 each; `npm run soak` multiplies them), while an "external editor" (this test,
 * writing the OPFS project folder) adds and renames tasks in session.md. Afterwards every edit
 * a tab was told was saved is in the database, every file edit is in it too (or reported as a
 * conflict), nothing else appeared, and session.md ends in step with the database.
 */
import { expect, it } from 'vitest';
import type { DbClient } from '../../src/data/client';
import { taskStatuses, type TaskStatus } from '../../core/model';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import {
  freshDbName,
  freshProjectFolder,
  openClient,
  readText,
  unwrap,
  waitFor,
  writeText,
} from './support';

const scale = Math.max(1, Number(import.meta.env.VITE_RELIABILITY_SCALE ?? '1') || 1);
const editsPerTab = 300 * scale;
const externalWrites = 12 * scale;

interface Expected {
  title: string;
  status: TaskStatus;
}

/** A seeded random number generator, so a failing run can be repeated. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

it('keeps every edit of three tabs and an outside editor writing at once', async () => {
  const seed = Date.now();
  const name = freshDbName();
  const tabs: DbClient[] = [openClient(name), openClient(name), openClient(name)];
  const { api } = tabs[0]!;
  const session = unwrap(await api.createSession({ name: 'Concurrent' }));
  const sid = session.session_id;
  const group = unwrap(await api.createGroup({ session_id: sid, group_name: 'Work' }));
  const folder = await freshProjectFolder();
  unwrap(await api.openFolder(folder));
  const path = `.task_orchestrator/sessions/${sid}/session.md`;
  await waitFor(
    () => readText(folder, path),
    (t) => t !== null,
    'session.md',
  );
  const roles = (await Promise.all(tabs.map((t) => t.api.role()))).sort();
  expect(roles).toEqual(['follower', 'follower', 'owner']);

  // Edits the tabs were told succeeded, by task: the last saved title and status.
  const expected = new Map<string, Expected | 'deleted'>();
  const failures: string[] = [];
  let saved = 0;

  async function tabEdits(client: DbClient, tab: number) {
    const next = random(seed + tab);
    const mine: string[] = [];
    for (let i = 0; i < editsPerTab; i++) {
      const roll = next();
      const target = mine.length ? mine[Math.floor(next() * mine.length)]! : null;
      if (!target || roll < 0.3) {
        const title = `tab${tab}-${i}`;
        const r = await client.api.createTask({
          session_id: sid,
          task_group: group.group_id,
          title,
        });
        if (!r.ok) failures.push(`${r.error.type}: ${r.error.message}`);
        else {
          mine.push(r.value.task_id);
          expected.set(r.value.task_id, { title, status: r.value.status });
          saved++;
        }
      } else if (roll < 0.65) {
        const title = `tab${tab}-${i} renamed`;
        const r = await client.api.updateTask(target, { title });
        if (!r.ok) failures.push(`${r.error.type}: ${r.error.message}`);
        else {
          expected.set(target, { title, status: r.value.status });
          saved++;
        }
      } else if (roll < 0.92) {
        const status = taskStatuses[Math.floor(next() * taskStatuses.length)]!;
        const r = await client.api.updateTask(target, { status });
        if (!r.ok) failures.push(`${r.error.type}: ${r.error.message}`);
        else {
          expected.set(target, { title: r.value.title, status });
          saved++;
        }
      } else {
        const r = await client.api.deleteTask(target);
        if (!r.ok) failures.push(`${r.error.type}: ${r.error.message}`);
        else {
          mine.splice(mine.indexOf(target), 1);
          expected.set(target, 'deleted');
          saved++;
        }
      }
    }
  }

  // The outside editor: reads session.md as it is now, adds a task and renames the one it
  // added before, writes it back; then waits until the app has taken the change in (its id
  // written back) before editing again, as a person or an agent rereading the file would.
  const external = new Map<string, string>(); // line marker → expected title
  async function externalEditor() {
    for (let k = 0; k < externalWrites; k++) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
      const text = (await readText(folder, path))!;
      let edited = text.replace(/^## Notes$/m, `- [ ] ext-${k}\n\n## Notes`);
      expect(edited).not.toBe(text);
      if (k > 0) {
        edited = edited.replace(`- [ ] ext-${k - 1} <!--`, `- [ ] ext-${k - 1} renamed <!--`);
        external.set(`ext-${k - 1}`, `ext-${k - 1} renamed`);
      }
      external.set(`ext-${k}`, `ext-${k}`);
      await writeText(folder, path, edited);
      await waitFor(
        () => readText(folder, path),
        (t) => t !== null && new RegExp(`ext-${k} <!-- id:task_`).test(t),
        `ext-${k} taken in`,
        // Generous: with the other browser test files running beside it on two shared cores,
        // the owner's queue holds 900 edits and the take-in can wait well past 20 s.
        60_000,
      );
    }
  }

  const started = performance.now();
  await Promise.all([...tabs.map((client, tab) => tabEdits(client, tab)), externalEditor()]);
  const elapsed = performance.now() - started;

  expect(failures).toEqual([]);
  expect(saved).toBe(editsPerTab * 3);
  // Let the debounced sync write the last edits, then compare all three sides.
  const state = await waitFor(
    async () => unwrap(await api.listSyncStates()).find((s) => s.session_id === sid)!,
    (s) => s.sync_status === 'synchronized' || s.sync_status === 'conflict',
    'the sync to settle',
    20_000,
  );
  expect(state.sync_status).toBe('synchronized');
  const tasks = unwrap(await tabs[2]!.api.listTasks(sid));
  const byId = new Map(tasks.map((t) => [t.task_id, t]));
  const lost: string[] = [];
  for (const [id, want] of expected) {
    const row = byId.get(id);
    if (want === 'deleted') {
      if (row) lost.push(`${id} should be deleted`);
    } else if (!row || row.title !== want.title || row.status !== want.status) {
      lost.push(
        `${id}: want ${JSON.stringify(want)}, got ${JSON.stringify(row && [row.title, row.status])}`,
      );
    }
  }
  for (const title of external.values())
    if (!tasks.some((t) => t.title === title)) lost.push(`file edit "${title}" missing`);
  expect(lost).toEqual([]);
  // Nothing appeared that nobody made.
  const known = new Set([...expected.keys()]);
  const strangers = tasks.filter(
    (t) => !known.has(t.task_id) && !/^ext-\d+( renamed)?$/.test(t.title),
  );
  expect(strangers).toEqual([]);

  // session.md ends in step: the same tasks with the same titles and statuses.
  const file = await waitFor(
    () => readText(folder, path),
    (t) => {
      const doc = parseSessionMarkdown(t ?? '').doc;
      return (
        doc.tasks.length === tasks.length &&
        doc.tasks.every(
          (d) => byId.get(d.task_id)?.title === d.title && byId.get(d.task_id)?.status === d.status,
        )
      );
    },
    'session.md in step with the database',
    20_000,
  );
  expect(parseSessionMarkdown(file!).problems).toEqual([]);
  expect(unwrap(await api.integrityCheck())).toBe('ok');
  const top: string[] = [];
  for await (const entry of folder.keys()) top.push(entry);
  expect(top).toEqual(['.task_orchestrator']);
  console.info(
    `concurrency: ${saved} saved edits from 3 tabs + ${externalWrites} file writes in ${Math.round(elapsed)} ms (seed ${seed}); ${tasks.length} tasks at the end`,
  );
}, 400_000);
