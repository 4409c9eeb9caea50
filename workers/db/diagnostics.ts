/**
 * Engine facts and measurements for the Storage view and the benchmarks: integrity check,
 * the connection's settings, and the cost of one durable commit. No app table is read.
 */
import type { Db } from './sqlite';

export interface Diagnostics {
  sqlite_version: string;
  journal_mode: string;
  synchronous: number;
  locking_mode: string;
  foreign_keys: number;
  cache_size: number;
  page_size: number;
  /** Frames in the write-ahead log (-1 when the database is not in WAL mode). */
  wal_frames: number;
}

/** `PRAGMA integrity_check`: 'ok' when the database is sound, else SQLite's findings. */
export async function integrityCheck(db: Db): Promise<string> {
  const rows = await db.all<{ integrity_check: string }>('PRAGMA integrity_check');
  return rows.map((row) => row.integrity_check).join('\n');
}

export async function diagnostics(db: Db): Promise<Diagnostics> {
  const value = async <T>(sql: string) => Object.values((await db.get(sql))!)[0] as T;
  return {
    sqlite_version: await value<string>('SELECT sqlite_version()'),
    journal_mode: await value<string>('PRAGMA journal_mode'),
    synchronous: await value<number>('PRAGMA synchronous'),
    locking_mode: await value<string>('PRAGMA locking_mode'),
    foreign_keys: await value<number>('PRAGMA foreign_keys'),
    cache_size: await value<number>('PRAGMA cache_size'),
    page_size: await value<number>('PRAGMA page_size'),
    // Frames in the write-ahead log; asking checkpoints what it can, as a quiet moment would.
    wal_frames: (await db.get<{ log: number }>('PRAGMA wal_checkpoint(PASSIVE)'))?.log ?? 0,
  };
}

/**
 * Times `runs` (at most 10,000) durable single-row commits, in ms each, on a scratch table
 * that is dropped afterwards: the engine's own commit cost.
 */
export async function measureCommits(db: Db, runs: number): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS bench_commit (id INTEGER PRIMARY KEY, n INTEGER)');
  await db.run('INSERT OR REPLACE INTO bench_commit (id, n) VALUES (1, 0)');
  const times: number[] = [];
  for (let i = 0; i < Math.min(runs, 10_000); i++) {
    const start = performance.now();
    await db.run('UPDATE bench_commit SET n = n + 1 WHERE id = 1');
    times.push(performance.now() - start);
  }
  await db.exec('DROP TABLE bench_commit');
  return times;
}
