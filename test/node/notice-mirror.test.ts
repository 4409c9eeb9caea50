/**
 * The shared notice mirror's format: what a writer puts there a reader gets back whole, and a
 * reader never takes a half-written, oversized or other-numbered notice (it reads nothing and
 * waits for the message instead). Node has SharedArrayBuffer and Atomics, so the real code
 * runs here.
 */
import { describe, expect, it } from 'vitest';
import {
  createNoticeMirror,
  noticeMirrorBytes,
  readNotice,
  writeNotice,
} from '../../workers/notice-mirror';

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
});
