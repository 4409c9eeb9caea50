/** The system API: integrity, schema version, whole-database backup and restore, diagnostics. */
import { ok } from '../result';
import { schemaVersion } from '../db/migrate';
import { snapshotBytes } from '../db/snapshot';
import { type Diagnostics, diagnostics, integrityCheck, measureCommits } from '../db/diagnostics';
import { type RestoreReport, restoreDatabase } from '../domain/restore';
import type { ApiContext, MethodList, Reply } from './context';

export interface SystemApi {
  /** `PRAGMA integrity_check`: 'ok' when the database is sound. */
  integrityCheck(): Reply<string>;
  /** The schema version of the open database. */
  schemaVersion(): Reply<number>;
  /** The whole database as a SQLite file (a consistent copy), for download. */
  backupDatabase(): Reply<{ fileName: string; bytes: Uint8Array }>;
  /**
   * Replaces all data with a database file's (validated first: SQLite, integrity_check ok,
   * not newer than the app; migrated forward). In one transaction: on any failure the current
   * data is untouched. `previous` is the database as it was before, for download.
   */
  restoreDatabase(bytes: Uint8Array): Reply<RestoreReport & { previous: Uint8Array }>;
  /** Engine facts: SQLite version and the connection's journal, sync and locking settings. */
  diagnostics(): Reply<Diagnostics>;
  /**
   * Times `runs` durable single-row commits inside the worker (ms each), on a scratch table
   * that is dropped afterwards: the engine's own commit cost, for benchmarks.
   */
  measureCommits(runs: number): Reply<number[]>;
}

export const systemMethods = {
  integrityCheck: true,
  schemaVersion: true,
  backupDatabase: true,
  restoreDatabase: true,
  diagnostics: true,
  measureCommits: true,
} satisfies MethodList<SystemApi>;

export function systemApi({ db }: ApiContext): SystemApi {
  return {
    backupDatabase: async () =>
      ok({
        fileName: `session-orchestrator-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.sqlite`,
        bytes: await snapshotBytes(db),
      }),
    restoreDatabase: async (bytes) => {
      const previous = await snapshotBytes(db);
      const restored = await restoreDatabase(db, bytes);
      return restored.ok ? ok({ ...restored.value, previous }) : restored;
    },
    integrityCheck: async () => ok(await integrityCheck(db)),
    schemaVersion: async () => ok(await schemaVersion(db)),
    measureCommits: async (runs) => ok(await measureCommits(db, runs)),
    diagnostics: async () => ok(await diagnostics(db)),
  };
}
