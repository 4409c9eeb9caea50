import type { AppError, Result } from '../../../workers/result';

/** The value of an ok Result; fails the test with the error's message otherwise. */
export function unwrap<T>(result: Result<T, AppError>): T {
  if (!result.ok) throw new Error(`Expected ok, got ${result.error.type}: ${result.error.message}`);
  return result.value;
}

/** The error of a failed Result; fails the test when it succeeded. */
export function failure<T>(result: Result<T, AppError>): AppError {
  if (result.ok) throw new Error('Expected an error, got ok');
  return result.error;
}
