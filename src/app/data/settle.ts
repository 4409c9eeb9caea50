/**
 * Worker calls for the Data view's buttons. The worker answers with Results, but a call can
 * still reject (the worker crashed, a value could not be cloned): that becomes an error value
 * too, so every failure is shown next to the button, never lost in the console.
 */
import type { AppError, Result } from '../../../workers/api';

/** The call's Result, or its rejection as an `UnknownError`. */
export async function settle<T>(call: Promise<Result<T, AppError>>): Promise<Result<T, AppError>> {
  try {
    return await call;
  } catch (thrown) {
    return { ok: false, error: { type: 'UnknownError', message: messageOf(thrown) } };
  }
}

/** A thrown value's message. */
export function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

/** A file the user picked could not be read or understood. */
export function fileError(fileName: string, message: string): AppError {
  return { type: 'Validation', field: 'file', message: `“${fileName}”: ${message}` };
}
