/**
 * The shape of a session export (format 'session-orchestrator/session', version 1): every
 * column of every exported table with the values it may hold, and the checks an imported file
 * must pass before anything is written. A file is outside input: each value is checked for
 * its type, size and (for ids) the safe id alphabet, and every error names the field at fault.
 */
import { sessionStatuses, syncStatuses, taskStatuses } from '../../core/model';
import type { SqlValue } from '../db/sqlite';
import { isIsoDate } from '../../core/dates';
import { isValidId } from './ids';

export const exportFormat = 'session-orchestrator/session';
export const exportVersion = 1;

/** A check returns what is wrong with a value, or null when it is fine. */
type Check = (value: unknown) => string | null;

const shortText = 10_000;
const longText = 1_000_000;
const maxListIds = 10_000;

const nullable =
  (check: Check): Check =>
  (value) =>
    value === null ? null : check(value);

const text =
  (max: number): Check =>
  (value) =>
    typeof value !== 'string'
      ? 'must be text'
      : value.length > max
        ? `is longer than ${max} characters`
        : null;

const id: Check = (value) =>
  typeof value === 'string' && isValidId(value)
    ? null
    : 'must be an id of 1 to 64 letters, digits, "_" or "-"';

const integer =
  (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Check =>
  (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? null
      : min === Number.MIN_SAFE_INTEGER
        ? 'must be a whole number'
        : max === Number.MAX_SAFE_INTEGER
          ? `must be a whole number of at least ${min}`
          : `must be a whole number from ${min} to ${max}`;

/** Hours of effort: 0 or more, fractions allowed (as the task rules take them). */
const hours: Check = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? null
    : 'must be a number of hours, at least 0';

const percentage: Check = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100
    ? null
    : 'must be a number from 0 to 100';

const oneOf =
  (values: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && values.includes(value)
      ? null
      : `must be one of ${values.join(', ')}`;

// TIMESTAMP, BOOLEAN and JSON columns have numeric affinity: SQLite may hand back a number.
const timestamp: Check = (value) =>
  typeof value === 'number' && Number.isFinite(value) ? null : text(64)(value);

const jsonText: Check = (value) => {
  if (typeof value === 'number' && Number.isFinite(value)) return null;
  const problem = text(longText)(value);
  if (problem) return problem;
  try {
    JSON.parse(value as string);
    return null;
  } catch {
    return 'must hold valid JSON';
  }
};

/** A JSON array of task ids, as the dependency columns store it. */
const idListText: Check = (value) => {
  if (typeof value !== 'string') return 'must be a JSON list of task ids';
  if (value.length > maxListIds * 70) return `holds more than ${maxListIds} ids`;
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    return 'must hold valid JSON';
  }
  if (!Array.isArray(list)) return 'must be a JSON list of task ids';
  if (list.length > maxListIds) return `holds more than ${maxListIds} ids`;
  const bad = list.find((item) => typeof item !== 'string' || !isValidId(item));
  return bad === undefined ? null : `holds ${JSON.stringify(bad)}, which is not a valid task id`;
};

const calendarDate: Check = (value) =>
  typeof value === 'string' && isIsoDate(value)
    ? null
    : 'must be a date written YYYY-MM-DD, e.g. 2026-12-10';

const flag: Check = (value) =>
  value === 0 || value === 1 ? null : 'must be 1 (true) or 0 (false)';

/** Per column: its check, and whether a row may leave it out (the database default applies). */
export interface ColumnSpec {
  check: Check;
  required: boolean;
}
const req = (check: Check): ColumnSpec => ({ check, required: true });
const opt = (check: Check): ColumnSpec => ({ check: nullable(check), required: false });

export const exportTables = {
  sessions: {
    session_id: req(id),
    name: req(text(shortText)),
    description: opt(text(longText)),
    session_type: opt(text(shortText)),
    mode_file: opt(text(shortText)),
    status: req(oneOf(sessionStatuses)),
    project_root_path: opt(text(shortText)),
    markdown_file_path: opt(text(shortText)),
    priority_level: opt(integer(1, 5)),
    total_tasks: opt(integer(0)),
    completed_tasks: opt(integer(0)),
    progress_percentage: opt(percentage),
    estimated_completion_date: opt(timestamp),
    created_at: opt(timestamp),
    activated_at: opt(timestamp),
    last_activity_at: opt(timestamp),
    completed_at: opt(timestamp),
    archived_at: opt(timestamp),
  },
  task_groups: {
    group_id: req(id),
    session_id: req(id),
    group_name: req(text(shortText)),
    description: opt(text(longText)),
    parent_group_id: opt(id),
    group_level: opt(integer(0)),
    position_in_session: opt(integer()),
    specialist_focus: opt(text(shortText)),
    estimated_effort: opt(integer()),
    priority_level: opt(integer(1, 5)),
    total_tasks: opt(integer(0)),
    completed_tasks: opt(integer(0)),
    progress_percentage: opt(percentage),
    markdown_section: opt(text(longText)),
    created_at: opt(timestamp),
    updated_at: opt(timestamp),
  },
  tasks: {
    task_id: req(id),
    session_id: req(id),
    parent_task_id: opt(id),
    root_task_id: opt(id),
    task_group: opt(id),
    level: opt(integer(0)),
    hierarchy_path: opt(text(shortText)),
    position_in_group: opt(integer()),
    title: req(text(shortText)),
    description: opt(text(longText)),
    specialist_type: opt(text(shortText)),
    complexity_level: opt(text(shortText)),
    status: req(oneOf(taskStatuses)),
    progress_percentage: opt(percentage),
    estimated_effort: opt(hours),
    actual_effort: opt(hours),
    depends_on: opt(idListText),
    blocks: opt(idListText),
    related_tasks: opt(idListText),
    markdown_section: opt(text(longText)),
    file_operations_count: opt(integer()),
    verification_status: opt(text(shortText)),
    created_at: opt(timestamp),
    started_at: opt(timestamp),
    completed_at: opt(timestamp),
    last_updated_at: opt(timestamp),
    // Added in schema version 6; older exports leave them out.
    due_date: opt(calendarDate),
    scheduled_date: opt(calendarDate),
  },
  session_notes: {
    session_id: req(id),
    content: req(text(longText)),
    updated_at: opt(timestamp),
  },
  session_change_log: {
    entry_id: opt(integer(1)),
    session_id: req(id),
    changed_at: req(timestamp),
    message: req(text(longText)),
  },
  session_mode_bindings: {
    session_id: req(id),
    mode_id: req(text(shortText)),
    bound_at: opt(timestamp),
    binding_context: opt(jsonText),
  },
  markdown_sync_state: {
    sync_id: req(text(200)),
    session_id: req(id),
    markdown_file_path: req(text(shortText)),
    last_db_to_md_sync: opt(timestamp),
    last_md_to_db_sync: opt(timestamp),
    sync_status: req(oneOf(syncStatuses)),
    db_content_hash: opt(text(shortText)),
    md_content_hash: opt(text(shortText)),
    last_conflict_resolution: opt(timestamp),
    file_monitor_active: opt(flag),
    last_file_modification: opt(timestamp),
  },
} as const satisfies Record<string, Record<string, ColumnSpec>>;

export type ExportTable = keyof typeof exportTables;

/** Most rows of each list an import accepts. */
export const maxRows = {
  groups: 10_000,
  tasks: 100_000,
  change_log: 100_000,
  mode_bindings: 1_000,
  sync_state: 1_000,
} as const;

export type ExportRow = Record<string, SqlValue>;

/** A checked row, or the field at fault and what is wrong with it. */
export type RowCheck = { ok: true; row: ExportRow } | { ok: false; field: string; message: string };

/** Checks one row of `table` found at `path` (e.g. `tasks[3]`): known columns, types, sizes. */
export function checkRow(table: ExportTable, path: string, value: unknown): RowCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, field: path, message: `${path} must be an object.` };
  }
  const spec: Record<string, ColumnSpec> = exportTables[table];
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(spec, key)) {
      const field = `${path}.${key.slice(0, 100)}`;
      return { ok: false, field, message: `${field} is not a column of ${table}.` };
    }
  }
  const row: ExportRow = {};
  for (const [column, { check, required }] of Object.entries(spec)) {
    const field = `${path}.${column}`;
    if (!Object.hasOwn(record, column)) {
      if (required) return { ok: false, field, message: `${field} is missing.` };
      continue;
    }
    const problem = check(record[column]);
    if (problem) return { ok: false, field, message: `${field} ${problem}.` };
    row[column] = record[column] as SqlValue;
  }
  return { ok: true, row };
}
