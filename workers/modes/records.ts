/**
 * The stored shape of a mode: what goes into the JSON columns of `session_modes`
 * (`specialist_roles`, `validation_errors`) and how a row is read back into a plain `ModeInfo`.
 * Pure: no database, no I/O. Rows are read defensively, because older versions or hand edits
 * may have left anything in those columns.
 *
 * `specialist_roles` holds a `ModeRoles` object (version 1):
 *   { version: 1, roles: [{ name, role_definition, expertise, approach, output_format,
 *     specialist_roles? }], specialists: [names], specialist_purposes: { name: purpose } }
 * `specialists` is what the task editor offers: role names, then the names of their
 * `specialist_roles` maps, de-duplicated in file order. `specialist_purposes` holds the purpose
 * strings of those maps (first one wins); a role without one has no entry.
 *
 * `validation_errors` holds a list of `StoredModeIssue`: errors first, then warnings, each
 * `{ severity, message, line, column, role, key }` with `null` where a field does not apply.
 * Warnings live here too (there is no other column); `is_valid` only reflects the errors.
 */
import type { ModeIssue, ModeRole, ModeValidation } from './validate';

/** Where a mode comes from, as the mode list shows it. */
export type ModeStatus = 'valid' | 'invalid' | 'missing' | 'builtin';

/** A role as stored: the validator's role without the keys the format does not define. */
export type StoredModeRole = Omit<ModeRole, 'unknown_keys'>;

/** The `specialist_roles` column. */
export interface ModeRoles {
  version: 1;
  roles: StoredModeRole[];
  specialists: string[];
  specialist_purposes: Record<string, string>;
}

/** One entry of the `validation_errors` column. */
export interface StoredModeIssue {
  severity: 'error' | 'warning';
  message: string;
  line: number | null;
  column: number | null;
  role: string | null;
  key: string | null;
}

/** A `session_modes` row with its JSON parsed and its status worked out. */
export interface ModeInfo {
  mode_id: string;
  mode_name: string;
  yaml_file_path: string;
  yaml_content_hash: string | null;
  description: string | null;
  specialist_roles: ModeRoles;
  default_complexity: string | null;
  auto_task_routing: boolean;
  is_valid: boolean;
  status: ModeStatus;
  last_validated_at: string | null;
  validation_errors: StoredModeIssue[];
  created_at: string | null;
  updated_at: string | null;
}

/** The id and `yaml_file_path` of the built-in default mode (never a real file path). */
export const defaultModeId = 'mode_default';
export const defaultModePath = 'builtin:default_roles.yaml';
export const defaultModeName = 'default';

/** Builds the `specialist_roles` value from a validation verdict. */
export function modeRolesFromValidation(validation: ModeValidation): ModeRoles {
  const purposes: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const role of validation.roles) {
    for (const [name, purpose] of Object.entries(role.specialist_roles ?? {})) {
      if (seen.has(name)) continue;
      seen.add(name);
      purposes.push([name, purpose]);
    }
  }
  return {
    version: 1,
    roles: validation.roles.map(({ unknown_keys: _unknown, ...role }) => role),
    specialists: [...validation.specialistRoles],
    // fromEntries defines own properties, so a name like `__proto__` stays plain data.
    specialist_purposes: Object.fromEntries(purposes),
  };
}

/** Builds the `validation_errors` value: errors, then warnings. */
export function storedIssuesFromValidation(validation: ModeValidation): StoredModeIssue[] {
  return [
    ...validation.errors.map((issue) => storedIssue('error', issue)),
    ...validation.warnings.map((issue) => storedIssue('warning', issue)),
  ];
}

/** One issue in its stored form. */
export function storedIssue(
  severity: StoredModeIssue['severity'],
  issue: ModeIssue,
): StoredModeIssue {
  return {
    severity,
    message: issue.message,
    line: issue.line ?? null,
    column: issue.column ?? null,
    role: issue.role ?? null,
    key: issue.key ?? null,
  };
}

/** The message stored for a mode whose file has gone from the folder. */
export function missingFileIssue(path: string): StoredModeIssue {
  return storedIssue('error', {
    message: `The file ${path} is missing from the project folder`,
  });
}

/** An issue for people: `line 3, column 5: message`. */
export function formatStoredIssue(issue: StoredModeIssue): string {
  if (issue.line === null) return issue.message;
  const column = issue.column === null ? '' : `, column ${issue.column}`;
  return `line ${issue.line}${column}: ${issue.message}`;
}

/** Reads a `session_modes` row (as the database returns it) into a `ModeInfo`. */
export function modeFromRow(row: Record<string, unknown>): ModeInfo {
  const path = text(row.yaml_file_path) ?? '';
  const hash = text(row.yaml_content_hash);
  const isValid = Number(row.is_valid ?? 1) !== 0;
  return {
    mode_id: text(row.mode_id) ?? '',
    mode_name: text(row.mode_name) ?? '',
    yaml_file_path: path,
    yaml_content_hash: hash,
    description: text(row.description),
    specialist_roles: modeRolesFromJson(row.specialist_roles),
    default_complexity: text(row.default_complexity),
    auto_task_routing: Number(row.auto_task_routing ?? 0) !== 0,
    is_valid: isValid,
    status: modeStatus(path, hash, isValid),
    last_validated_at: text(row.last_validated_at),
    validation_errors: storedIssuesFromJson(row.validation_errors),
    created_at: text(row.created_at),
    updated_at: text(row.updated_at),
  };
}

/** Built-in by path; a file-backed mode without a hash has no file (it went missing). */
export function modeStatus(path: string, hash: string | null, isValid: boolean): ModeStatus {
  if (path === defaultModePath) return 'builtin';
  if (hash === null) return 'missing';
  return isValid ? 'valid' : 'invalid';
}

/** The `specialist_roles` column; anything unreadable reads as a mode with no roles. */
export function modeRolesFromJson(json: unknown): ModeRoles {
  const value = parseJson(json);
  const empty: ModeRoles = { version: 1, roles: [], specialists: [], specialist_purposes: {} };
  if (!isRecord(value)) return empty;
  const roles = Array.isArray(value.roles) ? value.roles.flatMap(roleFromJson) : [];
  const purposes = isRecord(value.specialist_purposes)
    ? Object.entries(value.specialist_purposes).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      )
    : [];
  return {
    version: 1,
    roles,
    specialists: stringList(value.specialists),
    specialist_purposes: Object.fromEntries(purposes),
  };
}

/** The `validation_errors` column; entries that are not issues are dropped. */
export function storedIssuesFromJson(json: unknown): StoredModeIssue[] {
  const value = parseJson(json);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown): StoredModeIssue[] => {
    if (!isRecord(item) || typeof item.message !== 'string') return [];
    return [
      {
        severity: item.severity === 'warning' ? 'warning' : 'error',
        message: item.message,
        line: typeof item.line === 'number' ? item.line : null,
        column: typeof item.column === 'number' ? item.column : null,
        role: typeof item.role === 'string' ? item.role : null,
        key: typeof item.key === 'string' ? item.key : null,
      },
    ];
  });
}

function roleFromJson(item: unknown): StoredModeRole[] {
  if (!isRecord(item) || typeof item.name !== 'string') return [];
  const specialists = isRecord(item.specialist_roles)
    ? Object.entries(item.specialist_roles).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      )
    : undefined;
  return [
    {
      name: item.name,
      role_definition: typeof item.role_definition === 'string' ? item.role_definition : '',
      expertise: stringList(item.expertise),
      approach: stringList(item.approach),
      output_format: typeof item.output_format === 'string' ? item.output_format : '',
      ...(specialists ? { specialist_roles: Object.fromEntries(specialists) } : {}),
    },
  ];
}

function parseJson(json: unknown): unknown {
  if (typeof json !== 'string') return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
