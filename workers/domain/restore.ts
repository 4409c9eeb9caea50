/**
 * Restoring the whole database from a file the user picked. The file is checked before
 * anything changes: it must be SQLite, pass `integrity_check`, and not be newer than the app.
 * It is then migrated forward in memory (older versions and the legacy task-only database
 * work), and its rows replace the current ones in one transaction: if anything fails, the
 * current data is untouched. Counters and the search index are rebuilt from the rows.
 */
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, ok } from '../db/result';
import { migrate, schemaVersion } from '../db/migrate';
import { latestVersion } from '../db/migrations';
import { looksLikeSqlite, openSnapshot } from '../db/snapshot';
import { fixProblems } from './cleanup';

export interface RestoreReport {
  /** The schema version the file had, and whether it was a legacy task-only database. */
  fromVersion: number;
  legacy: boolean;
  sessions: number;
  tasks: number;
}

const invalidFile = (message: string): AppError => ({ type: 'Validation', field: 'file', message });

/** Tables kept by triggers (the search index) or by SQLite itself: never copied. */
const derived = (name: string) => name.startsWith('sqlite_') || name.startsWith('search_');

/** A table or column name as a quoted identifier (names come from the file: never trusted). */
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function restoreDatabase(
  db: Db,
  bytes: Uint8Array,
): Promise<Result<RestoreReport, AppError>> {
  if (!looksLikeSqlite(bytes)) return err(invalidFile('That file is not a SQLite database.'));
  const snapshot = await openSnapshot(db, bytes);
  try {
    const checked = await snapshot.copy
      .all<{ integrity_check: string }>('PRAGMA integrity_check')
      .catch((error: unknown) => [
        { integrity_check: error instanceof Error ? error.message : String(error) },
      ]);
    const verdict = checked.map((row) => row.integrity_check).join('; ');
    if (verdict !== 'ok')
      return err(invalidFile(`The database file is damaged (${verdict}); nothing was changed.`));
    const fromVersion = await schemaVersion(snapshot.copy);
    if (fromVersion > latestVersion) {
      return err({
        type: 'DatabaseNewer',
        version: fromVersion,
        supported: latestVersion,
        message: `That backup was made by a newer version of the app (schema ${fromVersion}; this app knows up to ${latestVersion}). Nothing was changed.`,
      });
    }
    // The copy is in memory: switch it to a rollback journal before migrating it.
    await snapshot.copy.exec('PRAGMA journal_mode = DELETE');
    const migrated = await migrate(snapshot.copy);
    if (!migrated.ok) return migrated;
    return await copyInto(db, snapshot.uri, { fromVersion, legacy: migrated.value.legacyImported });
  } finally {
    await snapshot.close();
  }
}

async function copyInto(
  db: Db,
  uri: string,
  origin: { fromVersion: number; legacy: boolean },
): Promise<Result<RestoreReport, AppError>> {
  // ATTACH/DETACH cannot run inside a transaction; the copy itself is one transaction.
  await db.run('ATTACH DATABASE ? AS restored', [uri]);
  try {
    const report = await db.transaction(async () => {
      // Rows arrive parent-after-child in places; foreign keys are checked at commit.
      await db.exec('PRAGMA defer_foreign_keys = ON');
      const ours = await db.all<{ name: string }>(
        "SELECT name FROM main.sqlite_master WHERE type = 'table'",
      );
      const theirs = await db.all<{ name: string }>(
        "SELECT name FROM restored.sqlite_master WHERE type = 'table'",
      );
      const tables = ours.map((t) => t.name).filter((name) => !derived(name));
      for (const name of tables) await db.exec(`DELETE FROM main.${quoted(name)}`);
      for (const { name } of theirs) {
        if (derived(name)) continue;
        if (!tables.includes(name)) {
          // A table only the backup has (e.g. legacy_tasks) comes along with its rows. Its
          // CREATE statement is not run: SQL text from a picked file is never executed.
          await db.exec(
            `CREATE TABLE main.${quoted(name)} AS SELECT * FROM restored.${quoted(name)}`,
          );
          continue;
        }
        const columns = (
          await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(?, 'restored')`, [
            name,
          ])
        )
          .map((c) => quoted(c.name))
          .join(', ');
        await db.exec(
          `INSERT INTO main.${quoted(name)} (${columns}) SELECT ${columns} FROM restored.${quoted(name)}`,
        );
      }
      const fixed = await fixProblems(db);
      if (!fixed.ok) return fixed;
      const count = async (table: string) =>
        (await db.get<{ n: number }>(`SELECT count(*) AS n FROM main.${table}`))!.n;
      return ok({ ...origin, sessions: await count('sessions'), tasks: await count('tasks') });
    });
    return report;
  } finally {
    await db.exec('DETACH DATABASE restored');
  }
}
