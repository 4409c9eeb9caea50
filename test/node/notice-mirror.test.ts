/**
 * The shared notice mirror's format: what a writer puts there a reader gets back whole, and a
 * reader never takes a half-written, oversized or other-numbered notice (it reads nothing and
 * waits for the message instead); and the page's watch, which takes each notice as soon as it
 * is written. Node has SharedArrayBuffer, Atomics and Atomics.waitAsync, so the real code runs
 * here (the writes come from timers on this thread: a notify wakes an async waiter of the
 * same thread as it does one of another).
 */
import { describe, expect, it } from 'vitest';
import {
  createMirrorWatch,
  createNoticeMirror,
  noticeMirrorBytes,
  readNotice,
  writeNotice,
} from '../../workers/notice-mirror';

/** A page-side watch over `buffer` that records what it takes; `busy` is switched by hand. */
function watcher(buffer: SharedArrayBuffer, idleMs: number) {
  const state = { applied: 0, busy: true, taken: [] as number[] };
  let arrived: (() => void) | null = null;
  const watch = createMirrorWatch(
    buffer,
    {
      next: () => state.applied + 1,
      take: (json) => {
        state.applied = (JSON.parse(json) as { seq: number }).seq;
        state.taken.push(state.applied);
        arrived?.();
      },
      busy: () => state.busy,
    },
    idleMs,
  );
  /** Resolves when the watch takes its next notice. */
  const nextTaken = () => new Promise<void>((resolve) => (arrived = resolve));
  return { state, watch, nextTaken };
}

const later = (ms: number, run: () => void) => setTimeout(run, ms);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('notice mirror', () => {
  it('reads back the latest notice, whole, by its number', () => {
    const buffer = new SharedArrayBuffer(noticeMirrorBytes);
    expect(readNotice(buffer, 1)).toBeNull();
    const first = JSON.stringify({
      tables: ['tasks'],
      ids: ['task_1'],
      seq: 1,
      title: 'Ünïcödé ✓',
    });
    writeNotice(buffer, 1, first);
    expect(readNotice(buffer, 1)).toBe(first);
    const second = JSON.stringify({ tables: ['sessions'], ids: [], seq: 2 });
    writeNotice(buffer, 2, second);
    expect(readNotice(buffer, 2)).toBe(second);
    // A reader that wants another number gets nothing: not the one before, not a later one.
    expect(readNotice(buffer, 1)).toBeNull();
    expect(readNotice(buffer, 3)).toBeNull();
  });

  it('reads nothing while a write is under way', () => {
    const buffer = new SharedArrayBuffer(noticeMirrorBytes);
    writeNotice(buffer, 1, '{"seq":1}');
    const header = new Int32Array(buffer, 0, 3);
    Atomics.add(header, 0, 1); // the version a writer sets before it starts copying
    expect(readNotice(buffer, 1)).toBeNull();
    Atomics.add(header, 0, 1);
    expect(readNotice(buffer, 1)).toBe('{"seq":1}');
  });

  it('leaves a notice too large for it to the message', () => {
    const buffer = new SharedArrayBuffer(64);
    writeNotice(buffer, 1, '{"seq":1}');
    writeNotice(buffer, 2, JSON.stringify({ seq: 2, ids: Array(20).fill('task_0123456789') }));
    expect(readNotice(buffer, 2)).toBeNull();
    expect(readNotice(buffer, 1)).toBeNull();
    writeNotice(buffer, 3, '{"seq":3}');
    expect(readNotice(buffer, 3)).toBe('{"seq":3}');
  });

  it('is only made where memory may be shared (a cross-origin isolated page)', () => {
    // Node is not a cross-origin isolated page: the client goes by messages alone.
    expect(createNoticeMirror()).toBeNull();
  });

  it('while a call is out, takes each notice as the worker writes it, in order', async () => {
    const buffer = new SharedArrayBuffer(noticeMirrorBytes);
    // A wait that would time out only after a minute: only the writer's notify wakes it.
    const { state, watch, nextTaken } = watcher(buffer, 60_000);
    watch();
    watch(); // already watching: no second loop (a notice would be taken twice)
    for (const seq of [1, 2, 3]) {
      const taken = nextTaken();
      later(5, () => writeNotice(buffer, seq, JSON.stringify({ seq })));
      await taken;
    }
    expect(state.taken).toEqual([1, 2, 3]);
    // No call out any more: the watch reads once more when woken, then stops.
    state.busy = false;
    const last = nextTaken();
    writeNotice(buffer, 4, '{"seq":4}');
    await last;
    writeNotice(buffer, 5, '{"seq":5}');
    await sleep(30);
    expect(state.taken).toEqual([1, 2, 3, 4]);
    // The next call starts it again, and it finds the notice already there.
    state.busy = true;
    const taken = nextTaken();
    watch();
    await taken;
    expect(state.taken).toEqual([1, 2, 3, 4, 5]);
    state.busy = false;
    writeNotice(buffer, 6, '{"seq":6}'); // lets the loop end
  });

  it('never skips a notice: one overwritten before it was read comes by message first', async () => {
    const buffer = new SharedArrayBuffer(noticeMirrorBytes);
    const { state, watch, nextTaken } = watcher(buffer, 10);
    writeNotice(buffer, 1, '{"seq":1}');
    writeNotice(buffer, 2, '{"seq":2}'); // 1 is gone from the mirror before the watch looks
    watch();
    await sleep(30);
    expect(state.taken).toEqual([]);
    // Notice 1 arrives by message; the watch then takes 2 from the mirror.
    const taken = nextTaken();
    state.applied = 1;
    await taken;
    expect(state.taken).toEqual([2]);
    state.busy = false;
  });
});
