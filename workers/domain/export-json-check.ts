/**
 * The checks an imported session document must pass before anything is written: its shape
 * (format, version, lists and their sizes, every row per export-json-schema.ts), and its
 * references (every row belongs to the exported session, ids are unique, every parent, root,
 * group and dependency names a row of the document, and parents form no loop).
 */
import { maxNestingDepth } from '../../core/model';
import type { SqlValue } from '../db/sqlite';
import type { SessionExport } from './export-json';
import { type AppError, type Result, err, ok } from '../result';
import { idListFromJson } from './rows';
import {
  type ExportRow,
  type ExportTable,
  checkRow,
  exportFormat,
  exportVersion,
  maxRows,
} from './export-json-schema';

/** The checked content of an export document. */
export type CheckedExport = Omit<SessionExport, 'format' | 'version' | 'exported_at'>;

const invalidField = (field: string, message: string): AppError => ({
  type: 'Validation',
  field,
  message,
});

function checkList(
  data: Record<string, unknown>,
  key: keyof typeof maxRows,
  table: ExportTable,
): Result<ExportRow[], AppError> {
  const value = data[key];
  if (!Array.isArray(value)) return err(invalidField(key, `${key} must be a list.`));
  if (value.length > maxRows[key]) {
    return err(invalidField(key, `${key} holds more than ${maxRows[key]} rows.`));
  }
  const rows: ExportRow[] = [];
  for (let i = 0; i < value.length; i++) {
    const checked = checkRow(table, `${key}[${i}]`, value[i]);
    if (!checked.ok) return err(invalidField(checked.field, checked.message));
    rows.push(checked.row);
  }
  return ok(rows);
}

/** Shape, types and sizes of the document (no database access). */
function checkShape(data: unknown): Result<CheckedExport, AppError> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return err(invalidField('(document)', 'The file is not a session export (not a JSON object).'));
  }
  const doc = data as Record<string, unknown>;
  if (doc.format !== exportFormat) {
    return err(
      invalidField('format', `format must be "${exportFormat}"; this is not a session export.`),
    );
  }
  if (doc.version !== exportVersion) {
    return err(
      invalidField(
        'version',
        typeof doc.version === 'number' && doc.version > exportVersion
          ? `This export has version ${doc.version}, made by a newer app; this app reads version ${exportVersion}.`
          : `version must be ${exportVersion}.`,
      ),
    );
  }
  const session = checkRow('sessions', 'session', doc.session);
  if (!session.ok) return err(invalidField(session.field, session.message));
  let notes: ExportRow | null = null;
  if (doc.notes !== null && doc.notes !== undefined) {
    const checked = checkRow('session_notes', 'notes', doc.notes);
    if (!checked.ok) return err(invalidField(checked.field, checked.message));
    notes = checked.row;
  }
  const groups = checkList(doc, 'groups', 'task_groups');
  if (!groups.ok) return groups;
  const tasks = checkList(doc, 'tasks', 'tasks');
  if (!tasks.ok) return tasks;
  const changeLog = checkList(doc, 'change_log', 'session_change_log');
  if (!changeLog.ok) return changeLog;
  const bindings = checkList(doc, 'mode_bindings', 'session_mode_bindings');
  if (!bindings.ok) return bindings;
  const sync = checkList(doc, 'sync_state', 'markdown_sync_state');
  if (!sync.ok) return sync;
  return ok({
    session: session.row,
    groups: groups.value,
    tasks: tasks.value,
    notes,
    change_log: changeLog.value,
    mode_bindings: bindings.value,
    sync_state: sync.value,
  });
}

/** The first id of `rows[i][key]` that repeats, as an error naming its field. */
function duplicateIn(rows: ExportRow[], list: string, key: string): AppError | null {
  const seen = new Set<SqlValue>();
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i]?.[key];
    if (value === null || value === undefined) continue;
    if (seen.has(value)) {
      return invalidField(
        `${list}[${i}].${key}`,
        `${list}[${i}].${key} "${String(value)}" appears twice.`,
      );
    }
    seen.add(value);
  }
  return null;
}

/** Ids listed by `parentKey` in parent-first order, or the field closing a loop. */
function parentsFirst(
  rows: ExportRow[],
  list: string,
  idKey: string,
  parentKey: string,
): Result<ExportRow[], AppError> {
  const byId = new Map(rows.map((row) => [row[idKey] as string, row]));
  const ordered: ExportRow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  for (let i = 0; i < rows.length; i++) {
    const chain: ExportRow[] = [];
    let row: ExportRow | undefined = rows[i];
    while (row && state.get(row[idKey] as string) !== 'done') {
      const rowId = row[idKey] as string;
      if (state.get(rowId) === 'visiting') {
        return err(
          invalidField(
            `${list}[${i}].${parentKey}`,
            `${list}[${i}].${parentKey} makes a loop: "${rowId}" is its own ancestor.`,
          ),
        );
      }
      state.set(rowId, 'visiting');
      chain.push(row);
      const parent = row[parentKey];
      row = typeof parent === 'string' ? byId.get(parent) : undefined;
    }
    for (const item of chain.reverse()) {
      state.set(item[idKey] as string, 'done');
      ordered.push(item);
    }
  }
  // Parents come first, so each row's depth is its parent's plus one.
  const depth = new Map<string, number>();
  for (const row of ordered) {
    const parent = row[parentKey];
    const level = typeof parent === 'string' ? (depth.get(parent) ?? -1) + 1 : 0;
    if (level >= maxNestingDepth) {
      return err(
        invalidField(
          `${list}.${parentKey}`,
          `${list} nest more than ${maxNestingDepth} levels deep ("${String(row[idKey])}"); the app allows ${maxNestingDepth}.`,
        ),
      );
    }
    depth.set(row[idKey] as string, level);
  }
  return ok(ordered);
}

/**
 * References inside the document: every row belongs to the exported session, ids are unique,
 * and every parent, root, group and dependency id names a row of the document.
 */
function checkReferences(doc: CheckedExport): AppError | null {
  const sessionId = doc.session.session_id as string;
  const lists: [string, ExportRow[]][] = [
    ['groups', doc.groups],
    ['tasks', doc.tasks],
    ['change_log', doc.change_log],
    ['mode_bindings', doc.mode_bindings],
    ['sync_state', doc.sync_state],
  ];
  if (doc.notes) lists.push(['notes', [doc.notes]]);
  for (const [list, rows] of lists) {
    const i = rows.findIndex((row) => row.session_id !== sessionId);
    if (i >= 0) {
      const field = list === 'notes' ? 'notes.session_id' : `${list}[${i}].session_id`;
      return invalidField(field, `${field} must be the exported session's id "${sessionId}".`);
    }
  }
  const duplicate =
    duplicateIn(doc.groups, 'groups', 'group_id') ??
    duplicateIn(doc.tasks, 'tasks', 'task_id') ??
    duplicateIn(doc.change_log, 'change_log', 'entry_id') ??
    duplicateIn(doc.mode_bindings, 'mode_bindings', 'mode_id') ??
    duplicateIn(doc.sync_state, 'sync_state', 'sync_id') ??
    duplicateIn(doc.sync_state, 'sync_state', 'markdown_file_path');
  if (duplicate) return duplicate;
  // Ids are checked strings by now (checkRow).
  const groupIds = new Set<SqlValue>(doc.groups.map((g) => g.group_id as string));
  const taskIds = new Set<SqlValue>(doc.tasks.map((t) => t.task_id as string));
  const refs: [ExportRow[], string, string, Set<SqlValue>, string][] = [
    [doc.groups, 'groups', 'parent_group_id', groupIds, 'group'],
    [doc.tasks, 'tasks', 'parent_task_id', taskIds, 'task'],
    [doc.tasks, 'tasks', 'root_task_id', taskIds, 'task'],
    [doc.tasks, 'tasks', 'task_group', groupIds, 'group'],
  ];
  for (const [rows, list, key, ids, kind] of refs) {
    for (let i = 0; i < rows.length; i++) {
      const value = rows[i]?.[key];
      if (value !== null && value !== undefined && !ids.has(value)) {
        const field = `${list}[${i}].${key}`;
        return invalidField(
          field,
          `${field} names ${kind} "${String(value)}", which is not in the export.`,
        );
      }
    }
  }
  for (let i = 0; i < doc.tasks.length; i++) {
    for (const key of ['depends_on', 'blocks', 'related_tasks'] as const) {
      const missing = idListFromJson(doc.tasks[i]?.[key]).find((id) => !taskIds.has(id));
      if (missing !== undefined) {
        const field = `tasks[${i}].${key}`;
        return invalidField(field, `${field} names task "${missing}", which is not in the export.`);
      }
    }
  }
  return null;
}

/** A checked document, with groups and tasks in an order that inserts parents first. */
export interface ImportPlan extends CheckedExport {
  groupsInOrder: ExportRow[];
  tasksInOrder: ExportRow[];
}

/** Checks a document completely (no database access); the first problem names its field. */
export function checkExportDocument(data: unknown): Result<ImportPlan, AppError> {
  const shape = checkShape(data);
  if (!shape.ok) return shape;
  const doc = shape.value;
  const referenceProblem = checkReferences(doc);
  if (referenceProblem) return err(referenceProblem);
  const groupsInOrder = parentsFirst(doc.groups, 'groups', 'group_id', 'parent_group_id');
  if (!groupsInOrder.ok) return groupsInOrder;
  const tasksInOrder = parentsFirst(doc.tasks, 'tasks', 'task_id', 'parent_task_id');
  if (!tasksInOrder.ok) return tasksInOrder;
  return ok({ ...doc, groupsInOrder: groupsInOrder.value, tasksInOrder: tasksInOrder.value });
}
