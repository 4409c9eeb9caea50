/**
 * A session as one versioned JSON document, and back. The export holds every column of every
 * row of the session (session, groups, tasks, notes, change log, mode bindings, sync state).
 * The import checks the whole document first and then writes it in one transaction as a NEW
 * session: ids already taken in this database are replaced by fresh ones and every reference
 * to them is rewritten, the name gets " (imported)" when taken, and an exported active session
 * comes in paused (only one session is ever active). Anything wrong writes nothing.
 */
import type { Db, SqlValue } from '../db/sqlite';
import { type AppError, type Result, attempt, err, notFound, ok } from '../result';
import { newId, now } from './ids';
import { idListFromJson } from './rows';
import { sessionNameTaken } from './sessions';
import {
  type ExportRow,
  type ExportTable,
  exportFormat,
  exportTables,
  exportVersion,
} from './export-json-schema';
import { type ImportPlan, checkExportDocument } from './export-json-check';

export { exportFormat, exportVersion };

export interface SessionExport {
  format: typeof exportFormat;
  version: typeof exportVersion;
  /** When the export was made (ISO 8601, UTC). */
  exported_at: string;
  session: ExportRow;
  /** Parents before children. */
  groups: ExportRow[];
  /** Parents before children. */
  tasks: ExportRow[];
  notes: ExportRow | null;
  change_log: ExportRow[];
  mode_bindings: ExportRow[];
  sync_state: ExportRow[];
}

/** Old id → id in this database, per kind (the same id when it was free). */
export interface ImportIdMap {
  session: Record<string, string>;
  groups: Record<string, string>;
  tasks: Record<string, string>;
  sync_state: Record<string, string>;
}

export interface ImportReport {
  session_id: string;
  /** The name the session got (the exported one, or with " (imported)" when taken). */
  name: string;
  idMap: ImportIdMap;
  /** Modes the export was bound to that this database does not know; those bindings are left out. */
  skipped_mode_ids: string[];
}

/** Every column of every row of a session, as a plain versioned object. */
export async function exportSessionJson(
  db: Db,
  sessionId: string,
): Promise<Result<SessionExport, AppError>> {
  const session = await db.get<ExportRow>('SELECT * FROM sessions WHERE session_id = ?', [
    sessionId,
  ]);
  if (!session) return err(notFound('session', sessionId));
  const rows = (sql: string) => db.all<ExportRow>(sql, [sessionId]);
  return ok({
    format: exportFormat,
    version: exportVersion,
    exported_at: now(),
    session,
    groups: await rows(
      'SELECT * FROM task_groups WHERE session_id = ? ORDER BY group_level, position_in_session, group_id',
    ),
    tasks: await rows(
      'SELECT * FROM tasks WHERE session_id = ? ORDER BY level, hierarchy_path, task_id',
    ),
    notes: (await rows('SELECT * FROM session_notes WHERE session_id = ?'))[0] ?? null,
    change_log: await rows(
      'SELECT * FROM session_change_log WHERE session_id = ? ORDER BY changed_at, entry_id',
    ),
    mode_bindings: await rows(
      'SELECT * FROM session_mode_bindings WHERE session_id = ? ORDER BY mode_id',
    ),
    sync_state: await rows(
      'SELECT * FROM markdown_sync_state WHERE session_id = ? ORDER BY sync_id',
    ),
  });
}

/** Keeps each id that is free in `table`, gives a fresh one to each that is taken. */
async function mapIds(
  db: Db,
  table: string,
  column: string,
  ids: string[],
  fresh: () => string,
): Promise<Map<string, string>> {
  // Table and column are constants of this module, never input.
  const taken = new Set(
    (
      await db.all<{ id: string }>(
        `SELECT ${column} AS id FROM ${table} WHERE ${column} IN (SELECT value FROM json_each(?))`,
        [JSON.stringify(ids)],
      )
    ).map((row) => row.id),
  );
  return new Map(ids.map((id) => [id, taken.has(id) ? fresh() : id]));
}

/** The name itself when free (case-insensitively), else "name (imported)", "(imported 2)"… */
async function freeName(db: Db, name: string): Promise<string> {
  for (let n = 1; n <= 1000; n++) {
    const candidate =
      n === 1 ? name : n === 2 ? `${name} (imported)` : `${name} (imported ${n - 1})`;
    if (!(await sessionNameTaken(db, candidate))) return candidate;
  }
  return `${name} (imported ${newId('session')})`;
}

interface IdMaps {
  session: Map<string, string>;
  groups: Map<string, string>;
  tasks: Map<string, string>;
  sync: Map<string, string>;
}

/** Rewrites every id inside one row (references, id lists, paths) through the maps. */
function remapRow(
  table: ExportTable,
  row: ExportRow,
  maps: IdMaps,
  oldSessionId: string,
): ExportRow {
  const out: ExportRow = { ...row };
  const via = (map: Map<string, string>, key: string) => {
    const value = out[key];
    if (typeof value === 'string') out[key] = map.get(value) ?? value;
  };
  via(maps.session, 'session_id');
  if (table === 'task_groups') {
    via(maps.groups, 'group_id');
    via(maps.groups, 'parent_group_id');
  }
  if (table === 'tasks') {
    for (const key of ['task_id', 'parent_task_id', 'root_task_id']) via(maps.tasks, key);
    via(maps.groups, 'task_group');
    for (const key of ['depends_on', 'blocks', 'related_tasks']) {
      if (typeof out[key] === 'string') {
        out[key] = JSON.stringify(idListFromJson(out[key]).map((id) => maps.tasks.get(id) ?? id));
      }
    }
    if (typeof out.hierarchy_path === 'string') {
      // `/<session>/<group or _>/<ancestor ids…>/<id>/`: each segment through its own map.
      out.hierarchy_path = out.hierarchy_path
        .split('/')
        .map((segment, i) =>
          i === 1
            ? (maps.session.get(segment) ?? segment)
            : i === 2
              ? (maps.groups.get(segment) ?? segment)
              : (maps.tasks.get(segment) ?? segment),
        )
        .join('/');
    }
  }
  if (table === 'markdown_sync_state') via(maps.sync, 'sync_id');
  // File paths name the session's folder: follow a changed session id there too.
  const newSessionId = maps.session.get(oldSessionId) ?? oldSessionId;
  if (newSessionId !== oldSessionId && typeof out.markdown_file_path === 'string') {
    out.markdown_file_path = out.markdown_file_path
      .split('/')
      .map((segment) => (segment === oldSessionId ? newSessionId : segment))
      .join('/');
  }
  return out;
}

async function insertRow(db: Db, table: ExportTable, row: ExportRow): Promise<void> {
  // Column names come from the checked row, whose keys are all columns of exportTables.
  const columns = Object.keys(row).filter((column) => Object.hasOwn(exportTables[table], column));
  await db.run(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    columns.map((column) => row[column] as SqlValue),
  );
}

const zeroCounters = { total_tasks: 0, completed_tasks: 0, progress_percentage: 0 };

/** Keeps the free ids of the document and gives fresh ones to those taken here. */
async function assignIds(db: Db, doc: ImportPlan): Promise<IdMaps> {
  const ids = (rows: ExportRow[], key: string) => rows.map((row) => row[key] as string);
  return {
    session: await mapIds(db, 'sessions', 'session_id', [doc.session.session_id as string], () =>
      newId('session'),
    ),
    groups: await mapIds(db, 'task_groups', 'group_id', ids(doc.groups, 'group_id'), () =>
      newId('group'),
    ),
    tasks: await mapIds(db, 'tasks', 'task_id', ids(doc.tasks, 'task_id'), () => newId('task')),
    sync: await mapIds(db, 'markdown_sync_state', 'sync_id', ids(doc.sync_state, 'sync_id'), () =>
      newId('session').replace(/^session_/, 'sync_'),
    ),
  };
}

/** Writes the session, its groups and its tasks (parents first). */
async function writeTree(db: Db, doc: ImportPlan, maps: IdMaps, name: string): Promise<void> {
  const from = doc.session.session_id as string;
  const session = remapRow('sessions', doc.session, maps, from);
  // Counters start at zero: the triggers of migration 0003 count each task as it comes in.
  await insertRow(db, 'sessions', {
    ...session,
    ...zeroCounters,
    name,
    status: session.status === 'active' ? 'paused' : (session.status as string),
  });
  for (const group of doc.groupsInOrder) {
    await insertRow(db, 'task_groups', {
      ...remapRow('task_groups', group, maps, from),
      ...zeroCounters,
    });
  }
  for (const task of doc.tasksInOrder) {
    await insertRow(db, 'tasks', remapRow('tasks', task, maps, from));
  }
}

/** Writes notes, change log, mode bindings and sync state; returns the modes left out. */
async function writeSatellites(db: Db, doc: ImportPlan, maps: IdMaps): Promise<string[]> {
  const from = doc.session.session_id as string;
  if (doc.notes) {
    await insertRow(db, 'session_notes', remapRow('session_notes', doc.notes, maps, from));
  }
  // Change-log entry ids are global row numbers: keep the free ones, renumber the rest.
  const takenEntries = new Set(
    (
      await db.all<{ entry_id: number }>(
        'SELECT entry_id FROM session_change_log WHERE entry_id IN (SELECT value FROM json_each(?))',
        [JSON.stringify(doc.change_log.map((e) => e.entry_id ?? null))],
      )
    ).map((row) => row.entry_id),
  );
  for (const entry of doc.change_log) {
    const entryId = entry.entry_id ?? null;
    await insertRow(db, 'session_change_log', {
      ...remapRow('session_change_log', entry, maps, from),
      entry_id: typeof entryId === 'number' && !takenEntries.has(entryId) ? entryId : null,
    });
  }
  // Modes come from the project's files; a binding to one this database lacks cannot be kept.
  const knownModes = new Set(
    (await db.all<{ mode_id: string }>('SELECT mode_id FROM session_modes')).map((m) => m.mode_id),
  );
  const skipped: string[] = [];
  for (const binding of doc.mode_bindings) {
    if (knownModes.has(binding.mode_id as string)) {
      await insertRow(
        db,
        'session_mode_bindings',
        remapRow('session_mode_bindings', binding, maps, from),
      );
    } else {
      skipped.push(binding.mode_id as string);
    }
  }
  for (const sync of doc.sync_state) {
    await insertRow(db, 'markdown_sync_state', remapRow('markdown_sync_state', sync, maps, from));
  }
  return skipped;
}

/**
 * Imports an export document as a new session, in one transaction. Nothing is written when
 * the document is invalid (the error names the field) or anything fails.
 *
 * Differences from the exported rows, on purpose: ids taken in this database are replaced
 * (see `idMap`), and so are the references and paths that name them; the name gets
 * " (imported)" when taken; an 'active' session comes in 'paused'; change-log entry ids
 * taken here are renumbered; bindings to modes this database does not know are left out;
 * task counters are recounted from the imported tasks (equal to the export's unless those
 * were stale).
 */
export async function importSessionJson(
  db: Db,
  data: unknown,
): Promise<Result<ImportReport, AppError>> {
  const checked = checkExportDocument(data);
  if (!checked.ok) return checked;
  const doc = checked.value;
  return attempt(() =>
    db.transaction(async () => {
      // A root need not be an ancestor in a file someone edited: check references at commit.
      await db.exec('PRAGMA defer_foreign_keys = ON');
      const maps = await assignIds(db, doc);
      const name = await freeName(db, doc.session.name as string);
      await writeTree(db, doc, maps, name);
      const skipped = await writeSatellites(db, doc, maps);
      const record = (map: Map<string, string>) => Object.fromEntries(map);
      const from = doc.session.session_id as string;
      return ok({
        session_id: maps.session.get(from) ?? from,
        name,
        idMap: {
          session: record(maps.session),
          groups: record(maps.groups),
          tasks: record(maps.tasks),
          sync_state: record(maps.sync),
        },
        skipped_mode_ids: skipped,
      });
    }),
  );
}
