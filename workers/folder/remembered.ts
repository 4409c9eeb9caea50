/**
 * The project folder handle, remembered in IndexedDB (handles are structured-cloneable), so
 * the next visit — or the next tab to own the database — can reopen the folder. Browsers
 * keep permission per page session, so reopening may need the user to re-grant it. Each
 * database remembers its own folder (tests and benchmarks use databases of their own).
 */
import { del, get, set } from 'idb-keyval';

export interface FolderMemory {
  remember(handle: FileSystemDirectoryHandle): Promise<void>;
  forget(): Promise<void>;
  recall(): Promise<FileSystemDirectoryHandle | null>;
}

export function folderMemory(databaseName: string): FolderMemory {
  const key = `${databaseName}:project-folder`;
  return {
    remember: (handle) => set(key, handle),
    forget: () => del(key),
    async recall() {
      const handle: unknown = await get(key);
      return handle instanceof FileSystemDirectoryHandle ? handle : null;
    },
  };
}
