/**
 * Change tracking: which tables, and which rows of the tables asked for, the statements since
 * the last `take` changed (SQLite's update hook sees every insert, update and delete).
 */
import type { Db } from './sqlite';

export interface ChangeTracker {
  /** Forgets what was seen so far (a call starts with a clean slate). */
  clear(): void;
  /** The changed tables (SQLite's own `sqlite_*` tables left out), and forgets them. */
  takeTables(): string[];
  /** Rowids of changed rows, by table (only the tables named at creation), and forgets them. */
  takeRowids(): Map<string, Set<number>>;
}

/** Installs the update hook on `db`; rowids are kept for `rowTables` only. */
export function trackChanges(db: Db, rowTables: readonly string[]): ChangeTracker {
  const tables = new Set<string>();
  const rowids = new Map<string, Set<number>>();
  const keepRows = new Set(rowTables);
  db.sqlite3.update_hook(
    db.handle,
    (_type: number, _db: string | null, table: string | null, rowid: bigint | number) => {
      if (!table) return;
      tables.add(table);
      if (!keepRows.has(table)) return;
      const set = rowids.get(table) ?? new Set<number>();
      set.add(Number(rowid));
      rowids.set(table, set);
    },
  );
  return {
    clear() {
      tables.clear();
      rowids.clear();
    },
    takeTables() {
      const taken = [...tables].filter((table) => !table.startsWith('sqlite_'));
      tables.clear();
      return taken;
    },
    takeRowids() {
      const taken = new Map(rowids);
      rowids.clear();
      return taken;
    },
  };
}
