/**
 * The result of anything that can fail in an expected way: `{ ok: true, value }` or
 * `{ ok: false, error }`. Expected failures are values, never thrown. Shared by the codecs,
 * the worker (whose errors are `AppError`, workers/result.ts) and the command line.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** A value that is not acceptable, naming the field (or the input) it is about. */
export interface ValidationError {
  type: 'Validation';
  field: string;
  message: string;
}

export const invalid = (field: string, message: string): ValidationError => ({
  type: 'Validation',
  field,
  message,
});
