/**
 * The only way sync writes a session file: never over a change it has not seen. The file is
 * read again and compared byte for byte with what the sync read — after the new content is in
 * the swap file, just before it replaces the file — and nothing is written when it differs
 * (the caller merges again). Content that is replaced is backed up first.
 */
import { readBytes, readFile, replaceFileIfUnchanged, writeFile } from '../folder/fs';
import { type AppPath, appPathToString } from '../folder/paths';
import { sha256Hex } from '../folder/content-hash';
import { addBackup, lastBackupAt } from '../domain/sync-state';
import type { SyncContext } from './context';
import { type Output, type Sides, output, sameBytes } from './sides';

/** How often the app's own earlier output of a file is backed up (outside edits: always). */
const ownBackupEveryMs = 5 * 60 * 1000;

/**
 * Writes `bytes` to `path` if the file still holds `expected` (null: there is no file);
 * returns the new modification time, or false when the file differs (nothing written).
 */
export async function writeIfUnchanged(
  app: FileSystemDirectoryHandle,
  path: AppPath,
  expected: Uint8Array | null,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<number | false> {
  const unchanged = async () => {
    const now = await readBytes(app, path);
    return now === null ? expected === null : expected !== null && sameBytes(now, expected);
  };
  // No file to replace: write one (only after checking none appeared meanwhile).
  if (!expected) return (await unchanged()) && writeFile(app, path, bytes);
  return replaceFileIfUnchanged(app, path, bytes, unchanged);
}

/** The app's own earlier output is backed up at most every few minutes per session. */
async function backupDue(ctx: SyncContext, sessionId: string): Promise<boolean> {
  const at = await lastBackupAt(ctx.db, sessionId);
  return !at || Date.now() - Date.parse(at) > ownBackupEveryMs;
}

/**
 * Writes a sync's output unless the file changed since it was read for this sync (then
 * returns false). Backs up the replaced content first: always when it came from outside the
 * app, every few minutes when it was the app's own.
 */
export async function guardedWrite(
  ctx: SyncContext,
  sides: Sides,
  out: Output,
  reason: string,
): Promise<number | false> {
  const { file, state } = sides;
  if (
    file &&
    !sameBytes(file.bytes, out.bytes) &&
    (file.hash !== state.md_content_hash || (await backupDue(ctx, state.session_id)))
  )
    await addBackup(
      ctx.db,
      state.session_id,
      appPathToString(sides.path),
      file.text,
      file.hash,
      reason,
    );
  return writeIfUnchanged(ctx.app!, sides.path, file?.bytes ?? null, out.bytes);
}

/**
 * Writes a backup's content back to a session file, through the same guard: the current
 * content is backed up first, and a save that lands meanwhile is read again and backed up
 * too (never overwritten unseen). False when the file kept changing.
 */
export async function writeRestoredFile(
  ctx: SyncContext,
  sessionId: string,
  path: AppPath,
  content: string,
): Promise<boolean> {
  const out = output(content);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await readFile(ctx.app!, path);
    if (current)
      await addBackup(
        ctx.db,
        sessionId,
        appPathToString(path),
        current.text,
        await sha256Hex(current.bytes),
        'before restoring a backup',
      );
    if ((await writeIfUnchanged(ctx.app!, path, current?.bytes ?? null, out.bytes)) !== false)
      return true;
  }
  return false;
}
