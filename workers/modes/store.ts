/**
 * Modes in the database: the `session_modes` rows for the built-in default mode and for the
 * role files of the project folder (PRODUCT.md, "Modes"). The caller reads the files; this
 * module hashes them, re-validates a file only when its SHA-256 changed, and keeps a row for a
 * file that went away (marked missing) so that sessions bound to it keep their binding and the
 * UI can say what happened. Bindings and the effective mode of a session are in `bindings.ts`;
 * the JSON shapes of the columns are in `records.ts`.
 */
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, invalid, notFound, ok } from '../result';
import { now } from '../domain/ids';
import { defaultModeFileName, defaultModeYaml } from './default-mode';
import { sha256Hex } from '../folder/content-hash';
import {
  type ModeInfo,
  defaultModeId,
  defaultModeName,
  defaultModePath,
  missingFileIssue,
  modeFromRow,
  modeRolesFromValidation,
  storedIssuesFromValidation,
} from './records';
import { type ModeValidation, validateModeFile } from './validate';

/** One role file as read from the folder. */
export interface ModeFile {
  /** Relative to `.task_orchestrator/`, with `/` separators, e.g. `roles/team.yaml`. */
  path: string;
  bytes: Uint8Array;
  /**
   * Accepted for the caller's convenience but not stored (the schema has no column for it);
   * the content hash alone decides whether a file is read again.
   */
  lastModified?: number;
}

/** What `syncModeFiles` did, as lists of paths. */
export interface ModeSyncReport {
  /** New files: a row was created and the file validated. */
  added: string[];
  /** Files whose hash changed (or that came back after going missing): validated again. */
  updated: string[];
  /** Files with the hash already stored: not validated again. */
  unchanged: string[];
  /** Modes whose file went away in this sync (only when `complete`); already missing ones are not listed. */
  missing: string[];
  /** Files given in this sync whose mode is invalid now (whether re-read or not). */
  invalid: string[];
}

/** A mode and the sessions that use it (bound to it, or naming its file in `mode_file`). */
export interface ModeListItem extends ModeInfo {
  sessions: Array<{ session_id: string; name: string }>;
}

/** Longest accepted file path, in characters. */
const maxPathLength = 1000;

interface Prepared {
  path: string;
  bytes: Uint8Array;
  hash: string;
}

/**
 * Makes sure the built-in default mode's row exists and matches the built-in text (a new app
 * version may change it). Idempotent: `changed` is false when the row was already current.
 */
export async function ensureDefaultMode(
  db: Db,
): Promise<Result<{ mode_id: string; changed: boolean }, AppError>> {
  const builtIn = await builtInDefault();
  return db.transaction(async () => {
    const row = await db.get<{ yaml_content_hash: string | null; yaml_file_path: string }>(
      'SELECT yaml_content_hash, yaml_file_path FROM session_modes WHERE mode_id = ?',
      [defaultModeId],
    );
    if (row?.yaml_content_hash === builtIn.hash && row.yaml_file_path === defaultModePath) {
      return ok({ mode_id: defaultModeId, changed: false });
    }
    const at = now();
    const values = validationColumns(builtIn.validation);
    await db.run(
      `INSERT INTO session_modes (mode_id, mode_name, yaml_file_path, yaml_content_hash,
         description, specialist_roles, is_valid, validation_errors, last_validated_at,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (mode_id) DO UPDATE SET mode_name = excluded.mode_name,
         yaml_file_path = excluded.yaml_file_path, yaml_content_hash = excluded.yaml_content_hash,
         description = excluded.description, specialist_roles = excluded.specialist_roles,
         is_valid = excluded.is_valid, last_validated_at = excluded.last_validated_at,
         validation_errors = excluded.validation_errors, updated_at = excluded.updated_at`,
      [defaultModeId, defaultModeName, defaultModePath, builtIn.hash, ...values, at, at, at],
    );
    return ok({ mode_id: defaultModeId, changed: true });
  });
}

/**
 * Brings `session_modes` up to date with the role files of the folder. Each file gets one row,
 * keyed by its path; a file is validated only when its SHA-256 differs from the stored one.
 * With `complete`, `files` is the whole folder, and the rows of files not in it are marked
 * missing: no hash, `is_valid` 0, one error saying the file is missing, and the last known
 * description and roles kept. Without it, rows of files not given are left alone. Paths must be
 * relative and unique; the default mode is ensured in the same transaction.
 */
export async function syncModeFiles(
  db: Db,
  files: readonly ModeFile[],
  { complete }: { complete: boolean },
): Promise<Result<ModeSyncReport, AppError>> {
  const prepared = await prepareFiles(files);
  if (!prepared.ok) return prepared;
  return db.transaction(async () => {
    const ensured = await ensureDefaultMode(db);
    if (!ensured.ok) return ensured;
    const report: ModeSyncReport = {
      added: [],
      updated: [],
      unchanged: [],
      missing: [],
      invalid: [],
    };
    const rows = await db.all<{
      mode_id: string;
      yaml_file_path: string;
      yaml_content_hash: string | null;
      is_valid: number;
    }>(
      'SELECT mode_id, yaml_file_path, yaml_content_hash, is_valid FROM session_modes WHERE mode_id <> ?',
      [defaultModeId],
    );
    const rowsByPath = new Map(rows.map((row) => [row.yaml_file_path, row]));
    const at = now();
    for (const file of prepared.value) {
      const row = rowsByPath.get(file.path);
      if (row && row.yaml_content_hash === file.hash) {
        report.unchanged.push(file.path);
        if (Number(row.is_valid) === 0) report.invalid.push(file.path);
        continue;
      }
      const validation = await writeFile(db, file, row?.mode_id, at);
      (row ? report.updated : report.added).push(file.path);
      if (!validation.isValid) report.invalid.push(file.path);
    }
    if (complete) {
      const present = new Set(prepared.value.map((file) => file.path));
      for (const row of rows) {
        if (present.has(row.yaml_file_path) || row.yaml_content_hash === null) continue;
        await markMissing(db, row.mode_id, row.yaml_file_path, at);
        report.missing.push(row.yaml_file_path);
      }
    }
    return ok(report);
  });
}

/** Every mode, the built-in default first, then by path; each with the sessions using it. */
export async function listModes(db: Db): Promise<ModeListItem[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT * FROM session_modes ORDER BY mode_id <> ?, yaml_file_path`,
    [defaultModeId],
  );
  const users = await db.all<{ mode_id: string; session_id: string; name: string }>(
    `SELECT b.mode_id, s.session_id, s.name
       FROM session_mode_bindings b JOIN sessions s ON s.session_id = b.session_id
     UNION
     SELECT m.mode_id, s.session_id, s.name
       FROM sessions s JOIN session_modes m ON m.yaml_file_path = s.mode_file
      WHERE NOT EXISTS (SELECT 1 FROM session_mode_bindings b WHERE b.session_id = s.session_id)
     ORDER BY 3, 2`,
  );
  return rows.map((row) => {
    const mode = modeFromRow(row);
    const sessions = users
      .filter((user) => user.mode_id === mode.mode_id)
      .map(({ session_id, name }) => ({ session_id, name }));
    return { ...mode, sessions };
  });
}

/** One mode by id, or `NotFound`. */
export async function getMode(db: Db, modeId: string): Promise<Result<ModeInfo, AppError>> {
  const row = await db.get<Record<string, unknown>>(
    'SELECT * FROM session_modes WHERE mode_id = ?',
    [modeId],
  );
  return row ? ok(modeFromRow(row)) : err(notFound('mode', modeId));
}

/** The mode whose file is `path` (a `sessions.mode_file` value), if there is one. */
export async function findModeByPath(db: Db, path: string): Promise<ModeInfo | undefined> {
  const row = await db.get<Record<string, unknown>>(
    'SELECT * FROM session_modes WHERE yaml_file_path = ?',
    [path],
  );
  return row ? modeFromRow(row) : undefined;
}

/**
 * The built-in default mode: its row, or (before `ensureDefaultMode` has run) the same mode
 * built from the built-in text, so there is always a mode to fall back to.
 */
export async function defaultMode(db: Db): Promise<ModeInfo> {
  const found = await getMode(db, defaultModeId);
  if (found.ok) return found.value;
  const { hash, validation } = await builtInDefault();
  const [description, specialistRoles, isValid, validationErrors] = validationColumns(validation);
  return modeFromRow({
    mode_id: defaultModeId,
    mode_name: defaultModeName,
    yaml_file_path: defaultModePath,
    yaml_content_hash: hash,
    description,
    specialist_roles: specialistRoles,
    is_valid: isValid,
    validation_errors: validationErrors,
  });
}

/**
 * A stable id for the mode of a file: `mode_` and 24 hex digits of the SHA-256 of its path,
 * so the same folder gives the same ids in every database.
 */
export async function modeIdForPath(path: string): Promise<string> {
  const hash = await sha256Hex(new TextEncoder().encode(path));
  return `mode_${hash.slice(0, 24)}`;
}

/** The mode's name: the file name without its `.yaml` / `.yml` extension. */
export function modeNameOf(path: string): string {
  return fileNameOf(path).replace(/\.ya?ml$/i, '');
}

/**
 * A path as stored: `/` separators, no leading `./`. Undefined for paths that are empty, too
 * long, absolute, contain `..`, empty segments, control characters or a `:` (which would clash
 * with `builtin:`).
 */
export function normalizeModePath(path: string): string | undefined {
  if (typeof path !== 'string') return undefined;
  const normalized = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (normalized === '' || normalized.length > maxPathLength) return undefined;
  if (normalized.startsWith('/') || /[:\p{Cc}]/u.test(normalized)) return undefined;
  const segments = normalized.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
    return undefined;
  return normalized;
}

/** Checks paths and bytes, refuses duplicates, and hashes every file (before any write). */
async function prepareFiles(files: readonly ModeFile[]): Promise<Result<Prepared[], AppError>> {
  if (!Array.isArray(files)) return err(invalid('files', 'files must be a list of role files.'));
  const prepared: Prepared[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const path = normalizeModePath(file.path);
    if (path === undefined) {
      return err(
        invalid(
          'path',
          `"${String(file.path)}" is not a relative path inside .task_orchestrator/.`,
        ),
      );
    }
    if (seen.has(path)) return err(invalid('path', `The file ${path} is listed twice.`));
    seen.add(path);
    if (!(file.bytes instanceof Uint8Array)) {
      return err(invalid('bytes', `The content of ${path} must be bytes (a Uint8Array).`));
    }
    prepared.push({ path, bytes: file.bytes, hash: await sha256Hex(file.bytes) });
  }
  return ok(prepared);
}

/** Validates a file and writes its row (an update when `modeId` names one, else an insert). */
async function writeFile(
  db: Db,
  file: Prepared,
  modeId: string | undefined,
  at: string,
): Promise<ModeValidation> {
  const validation = validateModeFile(file.bytes, fileNameOf(file.path));
  const values = [...validationColumns(validation), at, at];
  if (modeId !== undefined) {
    await db.run(
      `UPDATE session_modes SET yaml_content_hash = ?, description = ?, specialist_roles = ?,
         is_valid = ?, validation_errors = ?, last_validated_at = ?, updated_at = ?
       WHERE mode_id = ?`,
      [file.hash, ...values, modeId],
    );
    return validation;
  }
  const newId = await modeIdForPath(file.path);
  await db.run(
    `INSERT INTO session_modes (mode_id, mode_name, yaml_file_path, yaml_content_hash,
       description, specialist_roles, is_valid, validation_errors, last_validated_at,
       updated_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [newId, modeNameOf(file.path), file.path, file.hash, ...values, at],
  );
  return validation;
}

/** Keeps the row (and so its bindings), and records that its file is gone. */
async function markMissing(db: Db, modeId: string, path: string, at: string): Promise<void> {
  await db.run(
    `UPDATE session_modes SET yaml_content_hash = NULL, is_valid = 0, validation_errors = ?,
       last_validated_at = ?, updated_at = ?
     WHERE mode_id = ?`,
    [JSON.stringify([missingFileIssue(path)]), at, at, modeId],
  );
}

/** `description, specialist_roles, is_valid, validation_errors` of a verdict, ready to bind. */
function validationColumns(validation: ModeValidation): [string, string, number, string] {
  return [
    validation.description,
    JSON.stringify(modeRolesFromValidation(validation)),
    validation.isValid ? 1 : 0,
    JSON.stringify(storedIssuesFromValidation(validation)),
  ];
}

function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

let builtInPromise: Promise<{ hash: string; validation: ModeValidation }> | undefined;

/** The built-in text's hash and verdict, computed once. */
function builtInDefault(): Promise<{ hash: string; validation: ModeValidation }> {
  builtInPromise ??= (async () => {
    const bytes = new TextEncoder().encode(defaultModeYaml);
    return {
      hash: await sha256Hex(bytes),
      validation: validateModeFile(bytes, defaultModeFileName),
    };
  })();
  return builtInPromise;
}
