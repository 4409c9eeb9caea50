/**
 * Change notices through the shared mirror, with the real worker in a cross-origin isolated
 * page (as the app is served): the worker wakes a page waiting on the mirror with each notice
 * it commits (the wake-up Chromium does not hold back after a click, unlike the message); and
 * however notices race (mirror or message), each is applied exactly once, in order. How the
 * page's watch takes notices from the mirror is tested in test/node/notice-mirror.test.ts.
 */
import * as Comlink from 'comlink';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ChangeNotice, WorkerApi } from '../../workers/api';
import { noticeMirrorBytes, readNotice } from '../../workers/notice-mirror';
import DbWorker from '../../workers/db.worker.ts?worker';
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

  it('the worker wakes a page waiting on the mirror with each notice it commits', async () => {
    // The worker as the client starts it, listened to with a mirror this test watches itself.
    const worker = new DbWorker({ name: freshDbName() });
    const api = Comlink.wrap<WorkerApi>(worker);
    onTestFinished(() => worker.terminate());
    const mirror = new SharedArrayBuffer(noticeMirrorBytes);
    const header = new Int32Array(mirror, 0, 3); // [version, seq of the latest notice, length]
    const channel = new MessageChannel();
    await api.listen(Comlink.transfer(channel.port2, [channel.port2]), mirror);
    const session = unwrap(await api.createSession({ name: 'Woken' }));
    const task = unwrap(await api.createTask({ session_id: session.session_id, title: 'Tick' }));
    const before = Atomics.load(header, 1);
    expect(before).toBe(2);

    // A wait that only the worker's notify can end (its timeout is a minute away).
    const wait = Atomics.waitAsync(header, 0, Atomics.load(header, 0), 60_000);
    expect(wait.async).toBe(true);
    const saved = api.updateTask(task.task_id, { status: 'completed' });
    expect(await wait.value).toBe('ok');
    const notice = JSON.parse(readNotice(mirror, before + 1)!) as ChangeNotice;
    expect(notice.seq).toBe(3);
    expect(notice.ids).toContain(task.task_id);
    expect(notice.rows?.tasks?.[0]?.[4]).toBe('completed');
    unwrap(await saved);
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
