/**
 * The one error model of the worker: every failure that crosses the worker boundary is an
 * `AppError` inside a `Result` (core/result.ts), a plain object with a `type` and a message for
 * people, so it survives structured cloning (Comlink, the tab channel) whole. Anything thrown
 * is converted once, by `errorFromThrown`: a folder failure becomes `Folder`, a constraint the
 * database enforced `Constraint`, anything else (a bug) `UnknownError` with its cause kept.
 */
import { type Result as CoreResult, type ValidationError, err } from '../core/result';
import type { DatabaseNewerError } from './db/migrate';
import { FolderError, type FolderErrorType } from './folder/folder-error';
import { constraintMessage } from './domain/constraints';

export { ok, err, invalid } from '../core/result';

export type Result<T, E = AppError> = CoreResult<T, E>;

export type EntityKind = 'session' | 'group' | 'task' | 'mode' | 'backup';

/**
 * What was thrown, and what caused it, as plain data: an Error object loses fields on its way
 * across the boundary (see test/browser/error-boundary.test.ts), a plain object does not.
 */
export interface ThrownCause {
  name: string;
  message: string;
  stack?: string;
  /** The `code` of the thrown value, when it had one (SQLite's result code, a DOMException's). */
  code?: number | string;
  cause?: ThrownCause;
}

export type AppError =
  | { type: 'NotFound'; entity: EntityKind; id: string; message: string }
  | { type: 'InvalidTransition'; from: string; to: string; message: string }
  | { type: 'ReadOnly'; sessionId: string; status: string; message: string }
  | { type: 'Cycle'; cycle: string[]; message: string }
  | ValidationError
  | { type: 'Constraint'; message: string }
  | DatabaseNewerError
  | { type: 'OwnerLost'; message: string }
  | { type: 'Folder'; reason: FolderErrorType | 'NoFolder'; message: string }
  /** A file changed again each time it was read while being synced: try again later. */
  | { type: 'FileChanging'; path: string; message: string }
  | { type: 'UnknownError'; message: string; stack?: string; cause?: ThrownCause };

export const notFound = (entity: EntityKind, id: string): AppError => ({
  type: 'NotFound',
  entity,
  id,
  message: `No ${entity} with id "${id}".`,
});

export const noFolder: AppError = {
  type: 'Folder',
  reason: 'NoFolder',
  message: 'No project folder is open.',
};

/** A failure of the folder adapter as an error value; anything else is a bug and is thrown on. */
export function folderFailure(error: unknown): AppError {
  if (error instanceof FolderError) return errorFromThrown(error);
  throw error;
}

/** The file at `path` changed again each time it was read: nothing was written. */
export const fileChanging = (path: string, message: string): AppError => ({
  type: 'FileChanging',
  path,
  message,
});

/** How deep a chain of causes is kept. */
const maxCauseDepth = 5;

function describeThrown(thrown: unknown, depth: number): ThrownCause {
  if (!(thrown instanceof Error)) {
    return { name: thrown === null ? 'null' : typeof thrown, message: String(thrown) };
  }
  const code = (thrown as { code?: unknown }).code;
  return {
    name: thrown.name,
    message: thrown.message,
    ...(thrown.stack ? { stack: thrown.stack } : {}),
    ...(typeof code === 'number' || typeof code === 'string' ? { code } : {}),
    ...(thrown.cause !== undefined && depth < maxCauseDepth
      ? { cause: describeThrown(thrown.cause, depth + 1) }
      : {}),
  };
}

/**
 * Converts anything thrown into an error value, once, at the boundary. A `FolderError` is a
 * `Folder` error; SQLite constraint failures (UNIQUE, CHECK, FOREIGN KEY, trigger RAISE) are
 * `Constraint` with a sentence for the rules people meet; anything else is `UnknownError`
 * with its stack and the chain of its causes.
 */
export function errorFromThrown(thrown: unknown): AppError {
  if (thrown instanceof FolderError) {
    return { type: 'Folder', reason: thrown.type, message: thrown.message };
  }
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    // SQLITE_CONSTRAINT is 19; extended codes keep it in the low byte.
    if (typeof code === 'number' && (code & 0xff) === 19) {
      return { type: 'Constraint', message: constraintMessage(thrown.message) };
    }
    const { message, stack, cause } = describeThrown(thrown, 0);
    return {
      type: 'UnknownError',
      message,
      ...(stack ? { stack } : {}),
      ...(cause ? { cause } : {}),
    };
  }
  return { type: 'UnknownError', message: String(thrown) };
}

/**
 * Runs an operation and turns anything it throws (a folder failure, a constraint the database
 * enforced, or a bug) into an error value, so callers always receive a Result.
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
