/**
 * Settings every connection gets, whatever its VFS: foreign keys on (SQLite's default is off,
 * per connection) and a 16 MiB page cache (TOOLCHAIN.md measured 4× slower subtree queries
 * with the 2 MiB default).
 */
import type { Db } from './sqlite';

export async function configureConnection(db: Db): Promise<void> {
  await db.exec('PRAGMA foreign_keys = ON');
  await db.exec('PRAGMA cache_size = -16384');
}
