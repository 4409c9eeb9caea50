/**
 * An editor that autosaves session.md every 50 ms while the user works in the app (real
 * Chromium, real OPFS, the app's worker): the editor adds a task with each save; the user
 * ticks tasks and adds some. Every save is taken in exactly once — no duplicate task, however
 * often a sync's write-back is refused because the file changed again — and nothing of
 * either side is lost: afterwards the database and session.md hold the same tasks.
 *
 * 10 s here (hundreds of saves, each one a refused or deferred write-back) keep `npm test`
 * short; `npm run soak` runs the 30 s the issue names.
 */
import { expect, it } from 'vitest';
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
const seconds = scale > 1 ? 30 : 10;

/** The file with a new task line at the end of its tasks. */
function withLine(text: string, line: string): string {
  const at = text.search(/^## (?!Tasks)/m);
  const end = at < 0 ? text.length : at;
  return `${text.slice(0, end).trimEnd()}\n${line}\n\n${text.slice(end)}`;
}

it('takes in an editor saving every 50 ms exactly once while the user edits', async () => {
  const { api } = openClient(freshDbName());
  const sid = unwrap(await api.createSession({ name: 'Autosave' })).session_id;
  const mine: string[] = [];
  for (let i = 0; i < 10; i++)
    mine.push(unwrap(await api.createTask({ session_id: sid, title: `user-${i}` })).task_id);
  const folder = await freshProjectFolder();
  unwrap(await api.openFolder(folder));
  const path = `.task_orchestrator/sessions/${sid}/session.md`;
  await waitFor(
    () => readText(folder, path),
    (t) => t !== null && t.includes('user-9'),
    'session.md written',
  );

  // The editor: its buffer follows the disk when the disk changed (as editors reload a file
  // changed elsewhere), gets one new line, and is saved — every 50 ms.
  const added: string[] = [];
  const until = Date.now() + seconds * 1000;
  async function editor() {
    let buffer = (await readText(folder, path))!;
    for (let k = 0; Date.now() < until; k++) {
      const disk = await readText(folder, path);
      if (disk !== null && disk !== buffer) buffer = disk;
      buffer = withLine(buffer, `- [ ] auto-${k}`);
      added.push(`auto-${k}`);
      await writeText(folder, path, buffer);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  // The user: ticks one of their tasks and adds one, about every second.
  const userAdded: string[] = [];
  async function user() {
    for (let i = 0; Date.now() < until - 500; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      if (i < mine.length) unwrap(await api.updateTask(mine[i]!, { status: 'completed' }));
      const title = `user-new-${i}`;
      unwrap(await api.createTask({ session_id: sid, title }));
      userAdded.push(title);
    }
  }
  await Promise.all([editor(), user()]);
  const ticked = Math.min(userAdded.length, mine.length);

  // Once the editor stops, the app writes the file back and both sides agree.
  const settled = await waitFor(
    async () => {
      const tasks = unwrap(await api.listTasks(sid));
      const doc = parseSessionMarkdown((await readText(folder, path)) ?? '').doc;
      return { tasks, doc };
    },
    ({ tasks, doc }) =>
      doc.tasks.length === tasks.length &&
      doc.tasks.every((d) => {
        const row = tasks.find((t) => t.task_id === d.task_id);
        return row !== undefined && row.title === d.title && row.status === d.status;
      }),
    'session.md in step with the database',
    30_000,
  );
  const titles = settled.tasks.map((t) => t.title);
  const duplicates = titles.filter((t, i) => titles.indexOf(t) !== i);
  expect(duplicates).toEqual([]);
  expect(titles.sort()).toEqual(
    [...mine.map((_, i) => `user-${i}`), ...userAdded, ...added].sort(),
  );
  const done = settled.tasks.filter((t) => t.status === 'completed').map((t) => t.title);
  expect(done.sort()).toEqual(
    mine
      .slice(0, ticked)
      .map((_, i) => `user-${i}`)
      .sort(),
  );
  console.info(
    `autosave: ${added.length} editor saves in ${seconds} s, ${ticked} ticks and ${userAdded.length} adds by the user; ${titles.length} tasks, no duplicate`,
  );
}, 120_000);
