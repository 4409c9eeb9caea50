/**
 * The project folder handle, remembered in IndexedDB (handles are structured-cloneable), so
 * the next visit — or the next tab to own the database — can reopen the folder. Browsers
 * keep permission per page session, so reopening may need the user to re-grant it.
 */
import { del, get, set } from 'idb-keyval';

const key = 'session-orchestrator:project-folder';

export const rememberFolder = (handle: FileSystemDirectoryHandle) => set(key, handle);
export const forgetFolder = () => del(key);
export async function rememberedFolder(): Promise<FileSystemDirectoryHandle | null> {
  const handle: unknown = await get(key);
  return handle instanceof FileSystemDirectoryHandle ? handle : null;
}
