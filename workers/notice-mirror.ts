/**
 * The latest change notice, mirrored in memory the page and its worker share.
 *
 * Why: after a click, Chromium holds back the page's tasks — a message from the worker
 * included — until the frame after the click has been drawn. A notice that arrives by message
 * is therefore applied after that frame and shown one frame later. The page also reads this
 * mirror at the start of that frame (`requestAnimationFrame`), so an edit the worker has
 * committed by then is drawn in the same frame as the click's own feedback. Messages still
 * carry every notice; the mirror is only a shortcut, and a page that is not cross-origin
 * isolated (no SharedArrayBuffer) does without it.
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

/** A mirror when this page may share memory with its worker, else null. */
export function createNoticeMirror(): SharedArrayBuffer | null {
  return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true
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
