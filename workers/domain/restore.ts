/**
 * Restoring the whole database from a file the user picked. The file is data, never code:
 * it must be SQLite, have exactly the schema this app's migrations make at its version (no
 * trigger, view, index or CHECK of anyone else's — backup-schema.ts), pass `integrity_check`,
 * and not be newer than the app. It is then migrated forward in memory (older versions and
 * the legacy task-only database work), its rows are checked as an import checks a session
 * export (restore-check.ts), and they replace the current ones in one transaction: if
 * anything fails, the current data is untouched. Counters and the search index are rebuilt
 * from the rows. The whole restore has a time limit; SQLite's own errors become sentences.
 */
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, ok } from '../result';
import { migrate, schemaVersion } from '../db/migrate';
import { latestVersion } from '../db/migrations';
import { checkBackupSchema, clearStatistics } from '../db/backup-schema';
import { looksLikeSqlite, openSnapshot } from '../db/snapshot';
import { fixProblems } from './cleanup';
import { checkBackupRows } from './restore-check';

export interface RestoreReport {
  /** The schema version the file had, and whether it was a legacy task-only database. */
  fromVersion: number;
  legacy: boolean;
  sessions: number;
  tasks: number;
}

export interface RestoreOptions {
  /** Stop (changing nothing) after this long; by default 2 minutes plus 1 s per MB. */
  timeLimitMs?: number;
}

const invalidFile = (message: string): AppError => ({ type: 'Validation', field: 'file', message });

const unchanged = 'Nothing was changed';
const legacyTable = 'legacy_tasks';

/** Tables kept by triggers (the search index) or by SQLite itself: never copied. */
const derived = (name: string) => name.startsWith('sqlite_') || name.startsWith('search_');

/** A table or column name as a quoted identifier (names come from the file: never trusted). */
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** SQLite result codes (the primary code is the low byte of an extended one). */
const sqliteCode = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code & 0xff : null;
};
const SQLITE_INTERRUPT = 9;
const SQLITE_CORRUPT = 11;
const SQLITE_CONSTRAINT = 19;
const SQLITE_NOTADB = 26;

/** A sentence for whatever SQLite threw while reading or copying a backup. */
function restoreError(error: unknown, limitMs: number): AppError {
  const raw = error instanceof Error ? error.message : String(error);
  const detail = raw.replace(/^sqlite3_\w+:\s*/, '');
  switch (sqliteCode(error)) {
    case SQLITE_INTERRUPT:
      return invalidFile(
        `Restoring took longer than ${Math.round(limitMs / 1000)} s and was stopped. ${unchanged}; if the backup is very large, try again on a less busy device.`,
      );
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return invalidFile(
        `The backup file is damaged or incomplete (${detail}). ${unchanged}; pick a complete backup file.`,
      );
    case SQLITE_CONSTRAINT:
      return invalidFile(
        `The backup's rows break a rule of the app's database (${detail}). ${unchanged}; pick another backup, or fix the data in the app it came from.`,
      );
    default:
      return invalidFile(
        `The backup could not be read (${detail}). ${unchanged}; pick a backup file made by this app.`,
      );
  }
}

/** Makes SQLite interrupt any statement on `db` once `deadline` has passed. */
function limitTime(db: Db, deadline: number): () => void {
  // Called every 1,000 virtual machine steps: cheap, and fine-grained enough to stop in time.
  db.sqlite3.progress_handler(db.handle, 1000, () => (Date.now() > deadline ? 1 : 0), null);
  return () => db.sqlite3.progress_handler(db.handle, 0, () => 0, null);
}

export async function restoreDatabase(
  db: Db,
  bytes: Uint8Array,
  options: RestoreOptions = {},
): Promise<Result<RestoreReport, AppError>> {
  if (!looksLikeSqlite(bytes)) return err(invalidFile('That file is not a SQLite database.'));
  const limitMs = options.timeLimitMs ?? 120_000 + bytes.length / 1000;
  const deadline = Date.now() + limitMs;
  let snapshot: Awaited<ReturnType<typeof openSnapshot>> | undefined;
  try {
    snapshot = await openSnapshot(db, bytes);
    const stop = limitTime(snapshot.copy, deadline);
    try {
      const checked = await readBackup(db, snapshot.copy);
      if (!checked.ok) return checked;
      const stopMain = limitTime(db, deadline);
      try {
        return await copyInto(db, snapshot.uri, checked.value);
      } finally {
        stopMain();
      }
    } finally {
      stop();
    }
  } catch (error) {
    return err(restoreError(error, limitMs));
  } finally {
    await snapshot?.close();
  }
}

/** Checks and migrates the opened backup; what it was, or why it is refused. */
async function readBackup(
  db: Db,
  copy: Db,
): Promise<Result<{ fromVersion: number; legacy: boolean; tables: string[] }, AppError>> {
  const fromVersion = await schemaVersion(copy);
  if (fromVersion > latestVersion) {
    return err({
      type: 'DatabaseNewer',
      version: fromVersion,
      supported: latestVersion,
      message: `That backup was made by a newer version of the app (schema ${fromVersion}; this app knows up to ${latestVersion}). ${unchanged}.`,
    });
  }
  const foreign = await checkBackupSchema(copy, fromVersion, () => openSnapshot(db));
  if (foreign) return err(invalidFile(foreign));
  await clearStatistics(copy);
  const verdict = (await copy.all<{ integrity_check: string }>('PRAGMA integrity_check'))
    .map((row) => row.integrity_check)
    .join('; ');
  if (verdict !== 'ok') {
    return err(
      invalidFile(
        `The backup file is damaged (${verdict.slice(0, 300)}). ${unchanged}; pick a complete backup file.`,
      ),
    );
  }
  // The copy is in memory: switch it to a rollback journal before migrating it.
  await copy.exec('PRAGMA journal_mode = DELETE');
  const migrated = await migrate(copy);
  if (!migrated.ok) return migrated;
  const tables = (
    await copy.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
  )
    .map((t) => t.name)
    .filter((name) => !derived(name));
  const problem = await checkBackupRows(copy, tables);
  if (problem) {
    return err(invalidFile(`The backup holds data the app cannot take: ${problem} ${unchanged}.`));
  }
  return ok({ fromVersion, legacy: migrated.value.legacyImported, tables });
}

async function copyInto(
  db: Db,
  uri: string,
  origin: { fromVersion: number; legacy: boolean; tables: string[] },
): Promise<Result<RestoreReport, AppError>> {
  // ATTACH/DETACH cannot run inside a transaction; the copy itself is one transaction.
  await db.run('ATTACH DATABASE ? AS restored', [uri]);
  try {
    return await db.transaction(async () => {
      // Rows arrive parent-after-child in places; foreign keys are checked at commit.
      await db.exec('PRAGMA defer_foreign_keys = ON');
      const ours = (
        await db.all<{ name: string }>("SELECT name FROM main.sqlite_master WHERE type = 'table'")
      )
        .map((t) => t.name)
        .filter((name) => !derived(name));
      for (const name of ours) await db.exec(`DELETE FROM main.${quoted(name)}`);
      for (const name of origin.tables) {
        if (name === legacyTable || !ours.includes(name)) {
          // legacy_tasks (the only extra table a backup may hold) comes along with its rows.
          // Its CREATE statement is not run: SQL text from a picked file is never executed.
          await db.exec(`DROP TABLE IF EXISTS main.${quoted(name)}`);
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
      return ok({
        fromVersion: origin.fromVersion,
        legacy: origin.legacy,
        sessions: await count('sessions'),
        tasks: await count('tasks'),
      });
    });
  } finally {
    await db.exec('DETACH DATABASE restored');
  }
}
