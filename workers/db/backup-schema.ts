/**
 * The schema a backup file may have. A file the user picks is data, never code: its schema
 * must be exactly what this app's migrations make at the file's version (compared entry by
 * entry, SQL text included), so that no trigger, view, index expression or CHECK written by
 * someone else can run while the file is migrated, checked or copied. Older files may add
 * `legacy_tasks` (the table the legacy import keeps) and a legacy task-only file is its one
 * `tasks` table with plain indexes; SQLite's statistics tables are allowed and emptied.
 */
import type { Db } from './sqlite';
import { type Migration, migrations as bundled } from './migrations';
import { migrate } from './migrate';

interface SchemaEntry {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** Tables SQLite keeps for the query planner: harmless, and cleared before use. */
const statistics = new Set(['sqlite_stat1', 'sqlite_stat4']);
const legacyTable = 'legacy_tasks';

const readSchema = (db: Db) =>
  db.all<SchemaEntry>('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name');

const expected = new Map<number, Promise<Map<string, SchemaEntry>>>();

/**
 * The schema the app's migrations make at `version`, built once per version in an empty
 * database that `openEmpty` provides.
 */
function expectedSchema(
  version: number,
  openEmpty: () => Promise<{ copy: Db; close: () => Promise<void> }>,
  migrations: readonly Migration[],
): Promise<Map<string, SchemaEntry>> {
  let schema = expected.get(version);
  if (!schema) {
    schema = (async () => {
      const scratch = await openEmpty();
      try {
        const result = await migrate(scratch.copy, migrations.slice(0, version));
        if (!result.ok) throw new Error(result.error.message);
        return new Map((await readSchema(scratch.copy)).map((entry) => [entry.name, entry]));
      } finally {
        await scratch.close();
      }
    })();
    expected.set(version, schema);
    schema.catch(() => expected.delete(version));
  }
  return schema;
}

const shortName = (name: string) => (name.length > 60 ? `${name.slice(0, 57)}…` : name);

const foreign = (entry: SchemaEntry) =>
  `The backup holds ${entry.type === 'index' ? 'an' : 'a'} ${entry.type} "${shortName(entry.name)}" that this app does not make. A backup is restored as data only: nothing in it is run, and a file with other tables, triggers, views or rules is refused. Nothing was changed; pick a backup made by this app.`;

const changed = (entry: SchemaEntry) =>
  `The backup's ${entry.type} "${shortName(entry.name)}" is not the one this app makes (its definition was changed). Nothing was changed; pick a backup made by this app.`;

/** A table a virtual table of the expected schema keeps its data in (e.g. `search_index_data`). */
function isShadowTable(want: Map<string, SchemaEntry>, entry: SchemaEntry): boolean {
  if (entry.type !== 'table') return false;
  for (const other of want.values()) {
    if (
      other.type === 'table' &&
      /^CREATE VIRTUAL TABLE/i.test(other.sql ?? '') &&
      entry.name.startsWith(`${other.name}_`)
    )
      return true;
  }
  return false;
}

/** True when a table has generated columns (their expressions run when rows are read). */
async function hasGeneratedColumns(db: Db, table: string): Promise<boolean> {
  const columns = await db.all<{ hidden: number }>('SELECT hidden FROM pragma_table_xinfo(?)', [
    table,
  ]);
  return columns.some((column) => column.hidden === 2 || column.hidden === 3);
}

/** True when an index is over plain columns only (no expression, no WHERE). */
async function isPlainIndex(db: Db, table: string, index: string): Promise<boolean> {
  const list = await db.all<{ name: string; partial: number }>(
    'SELECT name, partial FROM pragma_index_list(?)',
    [table],
  );
  if (list.find((entry) => entry.name === index)?.partial !== 0) return false;
  const columns = await db.all<{ cid: number }>('SELECT cid FROM pragma_index_info(?)', [index]);
  return columns.every((column) => column.cid >= 0);
}

/** A legacy task-only file: one `tasks` table (no generated columns) and plain indexes on it. */
async function checkLegacy(db: Db, entries: SchemaEntry[]): Promise<string | null> {
  for (const entry of entries) {
    if (statistics.has(entry.name)) continue;
    const ok =
      entry.tbl_name === 'tasks' &&
      ((entry.type === 'table' && !(await hasGeneratedColumns(db, 'tasks'))) ||
        (entry.type === 'index' && (await isPlainIndex(db, 'tasks', entry.name))));
    if (!ok) return foreign(entry);
  }
  return null;
}

/**
 * Checks the schema of a backup opened as `db` at schema `version`. Returns null when it is
 * exactly the app's (plus what is allowed above), else a sentence for the user. `openEmpty`
 * opens a scratch database in which the expected schema is built.
 */
export async function checkBackupSchema(
  db: Db,
  version: number,
  openEmpty: () => Promise<{ copy: Db; close: () => Promise<void> }>,
  migrations: readonly Migration[] = bundled,
): Promise<string | null> {
  const entries = await readSchema(db);
  if (version === 0) return checkLegacy(db, entries);
  const want = await expectedSchema(version, openEmpty, migrations);
  for (const entry of entries) {
    if (statistics.has(entry.name)) continue;
    const mine = want.get(entry.name);
    if (mine) {
      const same =
        mine.type === entry.type &&
        mine.tbl_name === entry.tbl_name &&
        (mine.sql === entry.sql ||
          // A virtual table's own tables are defined by SQLite's version, not by the app.
          (isShadowTable(want, entry) && !(await hasGeneratedColumns(db, entry.name))));
      if (!same) return changed(entry);
      continue;
    }
    const legacy =
      entry.tbl_name === legacyTable &&
      ((entry.type === 'table' && !(await hasGeneratedColumns(db, legacyTable))) ||
        (entry.type === 'index' && entry.sql === null));
    if (!legacy) return foreign(entry);
  }
  const present = new Set(entries.map((entry) => entry.name));
  for (const entry of want.values()) {
    if (!present.has(entry.name)) {
      return `The backup lacks the ${entry.type} "${entry.name}" this app needs at its version (${version}). Nothing was changed; pick a backup made by this app.`;
    }
  }
  return null;
}

/** Empties SQLite's planner statistics in a backup (a file could steer plans with them). */
export async function clearStatistics(db: Db): Promise<void> {
  const tables = await db.all<{ name: string }>(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('sqlite_stat1', 'sqlite_stat4')",
  );
  for (const { name } of tables) await db.exec(`DELETE FROM ${name}`);
}
