/** Ids (shared with the command line, in core/ids.ts) and the database's clock. */
export { newId, isValidId } from '../../core/ids';
export type { IdKind } from '../../core/ids';

/** The current time as stored in the database (ISO 8601, UTC, milliseconds). */
export function now(): string {
  return new Date().toISOString();
}
