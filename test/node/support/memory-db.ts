/**
 * Test databases in Node: wa-sqlite's synchronous build on MemoryVFS, optionally seeded with
 * the bytes of a real database file, so migrations and domain rules run on the real engine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import * as SQLite from '@journeyapps/wa-sqlite';
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js';
import { type Db, createDb } from '../../../workers/db/sqlite';
import { configureConnection } from '../../../workers/db/connection';
import { migrate } from '../../../workers/db/migrate';

const require = createRequire(import.meta.url);
const wasmBinary = readFileSync(require.resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm'));
let counter = 0;

interface MemoryFile {
  pathname: string;
  flags: number;
  size: number;
  data: ArrayBuffer;
}

/** A fresh connection on its own in-memory VFS; `bytes` seeds the database file. */
export async function openMemoryDb(bytes?: Uint8Array): Promise<Db> {
  const module = await SQLiteESMFactory({ wasmBinary });
  const sqlite3 = SQLite.Factory(module);
  const vfsName = `mem${++counter}`;
  const vfs = await (
    MemoryVFS as unknown as {
      create(name: string, module: unknown): Promise<MemoryVFS>;
    }
  ).create(vfsName, module);
  sqlite3.vfs_register(vfs, false);
  if (bytes) {
    const data = bytes.slice().buffer;
    const file: MemoryFile = {
      pathname: '/test.db',
      flags: SQLite.SQLITE_OPEN_MAIN_DB,
      size: bytes.byteLength,
      data,
    };
    vfs.mapNameToFile.set('/test.db', file);
  }
  const handle = await sqlite3.open_v2(
    'test.db',
    SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_URI,
    vfsName,
  );
  const db = createDb(sqlite3, handle, module);
  await configureConnection(db);
  return db;
}

/** A fresh database migrated to the latest schema. */
export async function openMigratedDb(): Promise<Db> {
  const db = await openMemoryDb();
  const result = await migrate(db);
  if (!result.ok) throw new Error(result.error.message);
  return db;
}
