/**
 * Opens the app's database on OPFS with wa-sqlite's synchronous build and AccessHandlePoolVFS,
 * in exclusive locking mode with WAL and synchronous=FULL: the fastest durable commit measured
 * (docs/architecture.md). The VFS admits one connection per origin, which matches the design:
 * one tab's worker owns the database and the others reach it through that tab (workers/tabs).
 */
import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import wasmUrl from '@journeyapps/wa-sqlite/dist/wa-sqlite.wasm?url';
import * as SQLite from '@journeyapps/wa-sqlite';
import { AccessHandlePoolVFS } from '@journeyapps/wa-sqlite/src/examples/AccessHandlePoolVFS.js';
import { type Db, createDb } from './sqlite';
import { configureConnection } from './connection';

export interface OpfsLocation {
  /** OPFS directory that holds the VFS's pool of files (one database per directory). */
  directory: string;
  /** The database's name inside the VFS. */
  fileName: string;
}

export const defaultLocation: OpfsLocation = {
  directory: 'session-orchestrator',
  fileName: 'orchestrator.db',
};

/**
 * Creates the VFS, retrying for a few seconds while another worker (a tab that just closed)
 * still holds the files' access handles.
 */
async function createVfs(directory: string, module: unknown): Promise<AccessHandlePoolVFS> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await AccessHandlePoolVFS.create(directory, module);
    } catch (error) {
      const busy = error instanceof DOMException && error.name === 'NoModificationAllowedError';
      if (!busy || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function openOpfsDb(location: OpfsLocation = defaultLocation): Promise<Db> {
  const module = await SQLiteESMFactory({ locateFile: () => wasmUrl });
  const sqlite3 = SQLite.Factory(module);
  const vfs = await createVfs(location.directory, module);
  // Main db, WAL, and room for temp files and a backup copy.
  if (vfs.getCapacity() < 8) await vfs.addCapacity(8 - vfs.getCapacity());
  sqlite3.vfs_register(vfs as never, false);
  const handle = await sqlite3.open_v2(
    location.fileName,
    // URI filenames let VACUUM INTO target another VFS (database snapshots).
    SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_URI,
    vfs.name,
  );
  const db = createDb(sqlite3, handle, module);
  // WAL without shared memory needs exclusive locking, set before the journal mode.
  await db.exec('PRAGMA locking_mode = exclusive');
  await db.exec('PRAGMA journal_mode = WAL');
  // wa-sqlite defaults to NORMAL in WAL mode; FULL makes each commit durable.
  await db.exec('PRAGMA synchronous = FULL');
  await configureConnection(db);
  return db;
}
