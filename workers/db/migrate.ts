/**
 * Brings a database to the app's schema version. Each pending migration file runs in its own
 * transaction together with `PRAGMA user_version = N`, so a crash leaves the database at the
 * old version or the new one, never between. A database newer than the app is refused.
 *
 * The spec's legacy path: a database with a task-only `tasks` table (no `session_id`, as an
 * older version wrote) is moved into the new schema inside migration 1's transaction: the old
 * table is kept as `legacy_tasks` (every column and row stays readable), and its tasks are
 * copied into `tasks` under a default session.
 */
import type { Db } from './sqlite';
import { type Migration, migrations as bundled } from './migrations';
import { type Result, err, ok } from '../../core/result';
import { importLegacyTasks, isLegacyTaskOnlyDatabase } from './legacy';

export interface MigrationReport {
  from: number;
  to: number;
  /** True when a task-only database was moved into the session schema. */
  legacyImported: boolean;
}

/** The database was written by a newer app version; nothing was changed. */
export interface DatabaseNewerError {
  type: 'DatabaseNewer';
  version: number;
  supported: number;
  message: string;
}

export async function schemaVersion(db: Db): Promise<number> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  return row?.user_version ?? 0;
}

/** Applies every pending migration; refuses a database written by a newer app. */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = bundled,
): Promise<Result<MigrationReport, DatabaseNewerError>> {
  const from = await schemaVersion(db);
  const supported = migrations.length;
  if (from > supported) {
    return err({
      type: 'DatabaseNewer',
      version: from,
      supported,
      message:
        `This database was written by a newer version of Session Orchestrator ` +
        `(schema ${from}; this app knows up to ${supported}). Update the app to open it; ` +
        `nothing was changed.`,
    });
  }
  const legacy = from === 0 && (await isLegacyTaskOnlyDatabase(db));
  for (const migration of migrations.slice(from)) {
    await db.transaction(async () => {
      if (legacy && migration.version === 1) {
        await importLegacyTasks(db, () => db.exec(migration.sql));
      } else {
        await db.exec(migration.sql);
      }
      // PRAGMA takes no bound parameters; the version is a number we computed.
      await db.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
  return ok({ from, to: supported, legacyImported: legacy });
}
