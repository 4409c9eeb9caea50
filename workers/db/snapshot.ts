/**
 * Whole-database snapshots as bytes: a consistent copy of the open database (for download),
 * and a database opened from bytes (for a restore), both through an in-memory VFS that lives
 * in the same wasm module as the connection. `VACUUM INTO` writes the copy, so it works on
 * any VFS, including OPFS in exclusive WAL mode.
 */
import * as SQLite from '@journeyapps/wa-sqlite';
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js';
import { type Db, createDb } from './sqlite';
import { configureConnection } from './connection';

interface MemoryFile {
  pathname: string;
  flags: number;
  size: number;
  data: ArrayBuffer;
}

const vfsName = 'snapshot-memory';
const registered = new WeakMap<object, MemoryVFS>();
let counter = 0;

async function memoryVfs(db: Db): Promise<MemoryVFS> {
  const key = db.module as object;
  let vfs = registered.get(key);
  if (!vfs) {
    vfs = await (
      MemoryVFS as unknown as { create(name: string, module: unknown): Promise<MemoryVFS> }
    ).create(vfsName, db.module);
    db.sqlite3.vfs_register(vfs, false);
    registered.set(key, vfs);
  }
  return vfs;
}

/** SQLite files start with this 16-byte header. */
export function looksLikeSqlite(bytes: Uint8Array): boolean {
  const header = 'SQLite format 3\0';
  return bytes.length >= 512 && [...header].every((c, i) => bytes[i] === c.charCodeAt(0));
}

/** A consistent copy of the whole database as bytes. */
export async function snapshotBytes(db: Db): Promise<Uint8Array> {
  const vfs = await memoryVfs(db);
  const name = `snapshot-${++counter}.db`;
  try {
    // The file name is a fixed pattern with a counter: nothing user-made is interpolated.
    await db.exec(`VACUUM INTO 'file:${name}?vfs=${vfsName}'`);
    const file = vfs.mapNameToFile.get(`/${name}`) as MemoryFile | undefined;
    if (!file) throw new Error('The database copy was not written.');
    return new Uint8Array(file.data, 0, file.size).slice();
  } finally {
    vfs.mapNameToFile.delete(`/${name}`);
  }
}

/**
 * Opens `bytes` as a separate, in-memory database (a copy: the bytes are not changed), or an
 * empty one without them. The schema name to ATTACH it under is returned too; close it with
 * `close()`. The file is someone else's: CHECK expressions are not evaluated on it (rows are
 * checked by the app's rules instead) and its schema may call no function with side effects.
 */
export async function openSnapshot(
  db: Db,
  bytes: Uint8Array = new Uint8Array(),
): Promise<{ copy: Db; uri: string; close: () => Promise<void> }> {
  const vfs = await memoryVfs(db);
  const name = `restore-${++counter}.db`;
  const data = bytes.slice().buffer;
  vfs.mapNameToFile.set(`/${name}`, {
    pathname: `/${name}`,
    flags: SQLite.SQLITE_OPEN_MAIN_DB,
    size: bytes.length,
    data,
  } satisfies MemoryFile);
  const uri = `file:${name}?vfs=${vfsName}`;
  const forget = () => vfs.mapNameToFile.delete(`/${name}`);
  let copy: Db;
  try {
    const handle = await db.sqlite3.open_v2(
      uri,
      SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_URI,
    );
    copy = createDb(db.sqlite3, handle, db.module);
  } catch (error) {
    forget();
    throw error;
  }
  try {
    // A copy of a WAL database needs exclusive locking to be read without shared memory.
    await copy.exec('PRAGMA locking_mode = exclusive');
    await copy.exec('PRAGMA trusted_schema = OFF');
    await copy.exec('PRAGMA ignore_check_constraints = ON');
    await configureConnection(copy);
  } catch (error) {
    await copy.close();
    forget();
    throw error;
  }
  return {
    copy,
    uri,
    close: async () => {
      await copy.close();
      forget();
    },
  };
}
