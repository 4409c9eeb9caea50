/**
 * Change notices through the shared mirror, with the real worker in a cross-origin isolated
 * page (as the app is served): a change the worker committed before a frame starts is applied
 * in that frame, ahead of its message; and however notices race (mirror or message), each is
 * applied exactly once, in order.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../workers/api';
import { freshDbName, openClient, unwrap } from './support';

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** A client on a fresh database with one session holding one task. */
async function oneTask(title: string) {
  const client = openClient(freshDbName());
  const session = unwrap(await client.api.createSession({ name: `${title} plan` }));
  const task = unwrap(await client.api.createTask({ session_id: session.session_id, title }));
  return { client, task };
}

describe('notice mirror', () => {
  it('runs here: the page is cross-origin isolated', () => {
    expect(globalThis.crossOriginIsolated).toBe(true);
  });

  it('applies a change committed before the frame in that frame, ahead of its message', async () => {
    const { client, task } = await oneTask('Tick');
    const seen: ChangeNotice[] = [];
    client.onChange((notice) => seen.push(notice));

    const saved = client.api.updateTask(task.task_id, { status: 'completed' });
    // Keep this task busy while the worker commits: its message must wait for this task,
    // and after a long task Chromium draws the next frame before other queued work.
    const until = performance.now() + 300;
    while (performance.now() < until) {
      /* the worker commits meanwhile */
    }
    await nextFrame();
    expect(seen.map((n) => n.tables.includes('tasks'))).toEqual([true]);
    expect(seen[0]!.ids).toContain(task.task_id);
    expect(seen[0]!.rows?.tasks?.[0]?.[4]).toBe('completed');

    // Its message, arriving later, is not applied a second time.
    unwrap(await saved);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(1);
  });

  it('applies every notice once and in order when calls race', async () => {
    const { client, task } = await oneTask('Busy');
    const seqs: number[] = [];
    client.onChange((notice) => seqs.push(notice.seq!));

    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      calls.push(client.api.updateTask(task.task_id, { status: i % 2 ? 'pending' : 'completed' }));
      if (i % 5 === 0) await nextFrame();
    }
    await Promise.all(calls);
    await new Promise((r) => setTimeout(r, 200));
    expect(seqs).toHaveLength(40);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(40);
    expect(seqs[39]! - seqs[0]!).toBe(39);
  });
});
