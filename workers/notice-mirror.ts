/**
 * The latest change notice, mirrored in memory the page and its worker share.
 *
 * Why: after a click, Chromium holds back the page's tasks — a message from the worker
 * included — until the frame after the click has been drawn, so a notice that comes by
 * message is applied late. The worker wakes the page's `Atomics.waitAsync` on this mirror
 * when it writes a notice ({@link createMirrorWatch}); that wake-up is not held back, so the
 * page applies a committed edit as soon as the worker has written it. Messages still carry
 * every notice; the mirror is only a shortcut, and a page that is not cross-origin isolated
 * (no SharedArrayBuffer) or has no `Atomics.waitAsync` does without it.
 *
 * Layout: [version, seq, length] as Int32, then `length` bytes of the notice's JSON. A
 * seqlock: the writer makes the version odd while it writes and even when done; a reader that
 * sees an odd version, or a different version after copying, raced the writer and reads
 * nothing. `seq` lets a reader skip a notice it already has without decoding it.
 *
 * No imports: the worker writes with it, the page reads with it.
 */

const headerBytes = 12;

/** Room for a notice with its rows; a larger notice is left to the message. */
export const noticeMirrorBytes = 256 * 1024;

/** A mirror when this page may share memory with its worker and wait on it, else null. */
export function createNoticeMirror(): SharedArrayBuffer | null {
  return typeof SharedArrayBuffer === 'function' &&
    globalThis.crossOriginIsolated === true &&
    typeof Atomics.waitAsync === 'function'
    ? new SharedArrayBuffer(noticeMirrorBytes)
    : null;
}

/**
 * Writes notice number `seq` (its JSON) as the latest one, or only its number when it does not
 * fit (a reader then waits for the message).
 */
export function writeNotice(buffer: SharedArrayBuffer, seq: number, json: string): void {
  const header = new Int32Array(buffer, 0, 3);
  const bytes = new TextEncoder().encode(json);
  const version = Atomics.load(header, 0);
  Atomics.store(header, 0, version + 1);
  const fits = bytes.length <= buffer.byteLength - headerBytes;
  // TextEncoder cannot write into shared memory: copy.
  if (fits) new Uint8Array(buffer, headerBytes, bytes.length).set(bytes);
  Atomics.store(header, 1, seq);
  Atomics.store(header, 2, fits ? bytes.length : -1);
  Atomics.store(header, 0, version + 2);
  Atomics.notify(header, 0);
}

/**
 * The JSON of notice number `seq` when it is the latest one there, else null (another notice,
 * none yet, too large, or the writer was busy).
 */
export function readNotice(buffer: SharedArrayBuffer, seq: number): string | null {
  const header = new Int32Array(buffer, 0, 3);
  const version = Atomics.load(header, 0);
  if (version === 0 || version % 2 === 1) return null;
  if (Atomics.load(header, 1) !== seq) return null;
  const length = Atomics.load(header, 2);
  if (length < 0) return null;
  // TextDecoder cannot read shared memory either: copy out first.
  const bytes = new Uint8Array(length);
  bytes.set(new Uint8Array(buffer, headerBytes, length));
  if (Atomics.load(header, 0) !== version) return null;
  return new TextDecoder().decode(bytes);
}

/**
 * The page's side: `watch()` starts watching the mirror (when not already) and keeps at it
 * while `busy()` holds, handing notice number `next()` to `take` as soon as the worker has
 * written it. Waits with `Atomics.waitAsync`, so it never blocks the thread; after `busy()`
 * turns false it stops within `idleMs`.
 */
export function createMirrorWatch(
  buffer: SharedArrayBuffer,
  options: { next: () => number; take: (json: string) => void; busy: () => boolean },
  idleMs = 100,
): () => void {
  const header = new Int32Array(buffer, 0, 1);
  let watching = false;
  const read = () => {
    const json = readNotice(buffer, options.next());
    if (json !== null) options.take(json);
  };
  const loop = async () => {
    try {
      while (options.busy()) {
        const version = Atomics.load(header, 0);
        read();
        // Resolves at once when a write came after `version` was read.
        const wait = Atomics.waitAsync(header, 0, version, idleMs);
        if (wait.async) await wait.value;
      }
      read();
    } finally {
      watching = false;
    }
  };
  return () => {
    if (watching) return;
    watching = true;
    void loop();
  };
}
