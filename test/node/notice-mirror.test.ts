/**
 * The shared notice mirror's format: what a writer puts there a reader gets back whole, and a
 * reader never takes a half-written or oversized notice (it reads nothing and waits for the
 * message instead). Node has SharedArrayBuffer and Atomics, so the real code runs here.
 */
import { describe, expect, it } from 'vitest';
import {
  createNoticeMirror,
  noticeMirrorBytes,
  readNotice,
  writeNotice,
} from '../../workers/notice-mirror';

describe('notice mirror', () => {
  it('reads back the latest notice, whole', () => {
    const buffer = new SharedArrayBuffer(noticeMirrorBytes);
    expect(readNotice(buffer)).toBeNull();
    const first = JSON.stringify({
      tables: ['tasks'],
      ids: ['task_1'],
      seq: 1,
      title: 'Ünïcödé ✓',
    });
    writeNotice(buffer, first);
    expect(readNotice(buffer)).toBe(first);
    const second = JSON.stringify({ tables: ['sessions'], ids: [], seq: 2 });
    writeNotice(buffer, second);
    expect(readNotice(buffer)).toBe(second);
  });

  it('reads nothing while a write is under way', () => {
    const buffer = new SharedArrayBuffer(noticeMirrorBytes);
    writeNotice(buffer, '{"seq":1}');
    const header = new Int32Array(buffer, 0, 2);
    Atomics.add(header, 0, 1); // the version a writer sets before it starts copying
    expect(readNotice(buffer)).toBeNull();
    Atomics.add(header, 0, 1);
    expect(readNotice(buffer)).toBe('{"seq":1}');
  });

  it('leaves a notice too large for it to the message', () => {
    const buffer = new SharedArrayBuffer(64);
    writeNotice(buffer, '{"seq":1}');
    writeNotice(buffer, JSON.stringify({ seq: 2, ids: Array(20).fill('task_0123456789') }));
    expect(readNotice(buffer)).toBeNull();
    writeNotice(buffer, '{"seq":3}');
    expect(readNotice(buffer)).toBe('{"seq":3}');
  });

  it('is only made where memory may be shared (a cross-origin isolated page)', () => {
    // Node is not a cross-origin isolated page: the client goes by messages alone.
    expect(createNoticeMirror()).toBeNull();
  });
});
