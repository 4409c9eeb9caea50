/**
 * Which mode a session uses: its binding (`session_mode_bindings`, one per session, mirrored in
 * `sessions.mode_file`), and the mode that actually applies. A session bound to a missing or
 * invalid mode, or to none, uses the built-in default mode, and the result says why in words
 * the UI can show as they are (PRODUCT.md, "Modes").
 */
import type { Db } from '../db/sqlite';
import { type AppError, type Result, err, notFound, ok } from '../result';
import { findSession, touchSession, writableSession } from '../domain/guards';
import { now } from '../domain/ids';
import { bindingContextToJson } from './binding-context';
import { type ModeInfo, defaultModeId, formatStoredIssue } from './records';
import { defaultMode, ensureDefaultMode, findModeByPath, getMode } from './store';

/** Why a session does not use its own mode. */
export interface ModeFallback {
  reason: 'missing' | 'invalid' | 'unbound';
  /** A sentence for the UI, e.g. "The mode file roles/x.yaml is missing; using …". */
  message: string;
}

/** A session's binding row, its context parsed. */
export interface ModeBinding {
  mode_id: string;
  bound_at: string | null;
  binding_context: unknown;
}

/** The mode a session works with, and how it came to be that one. */
export interface EffectiveMode {
  /** The mode to use: the bound one, or the built-in default when `fallback` is set. */
  mode: ModeInfo;
  /** The bound mode, or null (unbound, or `mode_file` names a file no mode row has). */
  bound: ModeInfo | null;
  binding: ModeBinding | null;
  fallback: ModeFallback | null;
}

const usingDefault = 'using the built-in default mode.';

/**
 * Binds a session to a mode, replacing any earlier binding in the same transaction, and sets
 * `sessions.mode_file` to the mode's file path. A missing or invalid mode may be bound (its file
 * may be fixed later); `effectiveMode` reports the fallback meanwhile. `bindingContext` must be
 * plain JSON data of at most 64 KiB; `undefined` or `null` store no context. Refuses archived
 * sessions (`ReadOnly`) and unknown sessions or modes (`NotFound`).
 */
export async function bindSessionMode(
  db: Db,
  sessionId: string,
  modeId: string,
  bindingContext?: unknown,
): Promise<Result<EffectiveMode, AppError>> {
  return db.transaction(async () => {
    const session = await writableSession(db, sessionId);
    if (!session.ok) return session;
    if (modeId === defaultModeId) {
      const ensured = await ensureDefaultMode(db);
      if (!ensured.ok) return ensured;
    }
    const mode = await getMode(db, modeId);
    if (!mode.ok) return mode;
    const context = bindingContextToJson(bindingContext);
    if (!context.ok) return context;
    await db.run('DELETE FROM session_mode_bindings WHERE session_id = ?', [sessionId]);
    await db.run(
      `INSERT INTO session_mode_bindings (session_id, mode_id, bound_at, binding_context)
       VALUES (?, ?, ?, ?)`,
      [sessionId, modeId, now(), context.value],
    );
    await db.run('UPDATE sessions SET mode_file = ? WHERE session_id = ?', [
      mode.value.yaml_file_path,
      sessionId,
    ]);
    await touchSession(db, sessionId);
    return effectiveMode(db, sessionId);
  });
}

/** Removes a session's binding and clears `mode_file`; the session then uses the default. */
export async function unbindSessionMode(
  db: Db,
  sessionId: string,
): Promise<Result<EffectiveMode, AppError>> {
  return db.transaction(async () => {
    const session = await writableSession(db, sessionId);
    if (!session.ok) return session;
    await db.run('DELETE FROM session_mode_bindings WHERE session_id = ?', [sessionId]);
    await db.run('UPDATE sessions SET mode_file = NULL WHERE session_id = ?', [sessionId]);
    await touchSession(db, sessionId);
    return effectiveMode(db, sessionId);
  });
}

/**
 * The mode a session uses. Its binding decides; without one, a `mode_file` naming a known mode
 * file counts as bound (e.g. set from session.md). A missing or invalid bound mode, an unknown
 * `mode_file`, or no mode at all falls back to the built-in default, with the reason and a
 * message. `NotFound` for an unknown session. Reads only.
 */
export async function effectiveMode(
  db: Db,
  sessionId: string,
): Promise<Result<EffectiveMode, AppError>> {
  const session = await findSession(db, sessionId);
  if (!session.ok) return session;
  // Older data may hold several rows per session; the newest binding wins.
  const row = await db.get<{ mode_id: string; bound_at: string | null; binding_context: unknown }>(
    `SELECT mode_id, bound_at, binding_context FROM session_mode_bindings
     WHERE session_id = ? ORDER BY bound_at DESC, rowid DESC LIMIT 1`,
    [sessionId],
  );
  const binding: ModeBinding | null = row
    ? {
        mode_id: row.mode_id,
        bound_at: row.bound_at,
        binding_context: parseContext(row.binding_context),
      }
    : null;
  const modeFile = session.value.mode_file;
  let bound: ModeInfo | null = null;
  if (binding) {
    const found = await getMode(db, binding.mode_id);
    if (!found.ok) return err(notFound('mode', binding.mode_id));
    bound = found.value;
  } else if (modeFile !== null && modeFile !== '') {
    bound = (await findModeByPath(db, modeFile)) ?? null;
  }
  const fallback = fallbackFor(bound, modeFile);
  const mode = fallback || !bound ? await defaultMode(db) : bound;
  return ok({ mode, bound, binding, fallback });
}

/**
 * The specialist roles the task editor offers for a session's tasks: those of its effective
 * mode (role names, then the names of their `specialist_roles` maps).
 */
export async function specialistRolesFor(
  db: Db,
  sessionId: string,
): Promise<Result<string[], AppError>> {
  const effective = await effectiveMode(db, sessionId);
  if (!effective.ok) return effective;
  return ok([...effective.value.mode.specialist_roles.specialists]);
}

/** Null when the bound mode applies; otherwise why the default is used instead. */
function fallbackFor(bound: ModeInfo | null, modeFile: string | null): ModeFallback | null {
  if (bound === null) {
    if (modeFile === null || modeFile === '') {
      return { reason: 'unbound', message: `This session has no mode; ${usingDefault}` };
    }
    return { reason: 'missing', message: `The mode file ${modeFile} is missing; ${usingDefault}` };
  }
  switch (bound.status) {
    case 'builtin':
    case 'valid':
      return null;
    case 'missing':
      return {
        reason: 'missing',
        message: `The mode file ${bound.yaml_file_path} is missing; ${usingDefault}`,
      };
    case 'invalid': {
      const errors = bound.validation_errors.filter((issue) => issue.severity === 'error');
      const first = errors[0];
      const more = errors.length > 1 ? ` and ${errors.length - 1} more` : '';
      const detail = first ? ` (${formatStoredIssue(first)}${more})` : '';
      return {
        reason: 'invalid',
        message: `The mode file ${bound.yaml_file_path} is invalid${detail}; ${usingDefault}`,
      };
    }
    default:
      return exhaustive(bound.status);
  }
}

function exhaustive(value: never): never {
  throw new Error(`Unexpected mode status: ${String(value)}`);
}

function parseContext(json: unknown): unknown {
  if (typeof json !== 'string') return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}
