/**
 * Reads the project folder's role files into `session_modes`. Cheap to call often: the
 * files' contents are read only when one was added, removed or modified since the last
 * call; the store then re-validates only files whose hash changed.
 */
import type { Db } from '../db/sqlite';
import { listRoleFiles, roleFileTimes } from '../folder/fs';
import { syncModeFiles } from './store';

/** A loader that remembers what it last saw; call it with the app folder on every check. */
export function createModeLoader(db: Db): (app: FileSystemDirectoryHandle) => Promise<void> {
  let seen = '';
  return async (app) => {
    const times = await roleFileTimes(app);
    const signature = JSON.stringify([...times].sort());
    if (signature === seen) return;
    const files = await listRoleFiles(app);
    const synced = await syncModeFiles(db, files, { complete: true });
    if (synced.ok) seen = signature;
  };
}
