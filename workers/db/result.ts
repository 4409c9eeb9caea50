/**
 * Results and the typed errors that cross the worker boundary. Expected failures are values
 * (`{ ok: false, error }`), never thrown; each error has a `type` and a message for people.
 */

export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

export type EntityKind = 'session' | 'group' | 'task' | 'mode' | 'backup';

export type AppError =
  | { type: 'NotFound'; entity: EntityKind; id: string; message: string }
  | { type: 'InvalidTransition'; from: string; to: string; message: string }
  | { type: 'ReadOnly'; sessionId: string; status: string; message: string }
  | { type: 'Cycle'; cycle: string[]; message: string }
  | { type: 'Validation'; field: string; message: string }
  | { type: 'Constraint'; message: string }
  | { type: 'DatabaseNewer'; version: number; supported: number; message: string }
  | { type: 'OwnerLost'; message: string }
  | {
      type: 'Folder';
      reason: 'PermissionDenied' | 'NotFound' | 'QuotaExceeded' | 'Unsafe' | 'Failed' | 'NoFolder';
      message: string;
    }
  | { type: 'UnknownError'; message: string; stack?: string; cause?: string };

export const notFound = (entity: EntityKind, id: string): AppError => ({
  type: 'NotFound',
  entity,
  id,
  message: `No ${entity} with id "${id}".`,
});

export const invalid = (field: string, message: string): AppError => ({
  type: 'Validation',
  field,
  message,
});

/**
 * Converts anything thrown into a cloneable error value once, at the boundary. SQLite
 * constraint failures (UNIQUE, CHECK, FOREIGN KEY, trigger RAISE) become `Constraint` with
 * SQLite's own text, which names the rule; anything else is `UnknownError` with its stack.
 */
export function errorFromThrown(thrown: unknown): AppError {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    // SQLITE_CONSTRAINT is 19; extended codes keep it in the low byte.
    if (typeof code === 'number' && (code & 0xff) === 19) {
      return { type: 'Constraint', message: constraintMessage(thrown.message) };
    }
    return {
      type: 'UnknownError',
      message: thrown.message,
      ...(thrown.stack ? { stack: thrown.stack } : {}),
      ...(thrown.cause !== undefined ? { cause: String(thrown.cause) } : {}),
    };
  }
  return { type: 'UnknownError', message: String(thrown) };
}

/**
 * Runs a domain operation and turns anything it throws (a constraint the database enforced,
 * or a bug) into an error value, so callers always receive a Result.
 */
export async function attempt<T>(
  run: () => Promise<Result<T, AppError>>,
): Promise<Result<T, AppError>> {
  try {
    return await run();
  } catch (thrown) {
    return err(errorFromThrown(thrown));
  }
}

function constraintMessage(raw: string): string {
  if (/UNIQUE constraint failed: sessions\.name|idx_sessions_name_nocase/.test(raw)) {
    return 'A session with that name already exists (names are compared without case).';
  }
  if (/UNIQUE constraint failed: task_groups\.session_id, task_groups\.group_name/.test(raw)) {
    return 'This session already has a group with that name.';
  }
  if (/idx_sessions_single_active|UNIQUE constraint failed: sessions\.status/.test(raw)) {
    return 'Only one session can be active at a time.';
  }
  return raw.replace(/^sqlite3_\w+:\s*/, '');
}
