/**
 * Ids for sessions, groups and tasks: a kind prefix and random base-32 characters. They appear
 * in file paths and in session.md, so only `[A-Za-z0-9_-]` is ever accepted as an id.
 */
const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

export type IdKind = 'session' | 'group' | 'task' | 'sync' | 'backup';

/** A fresh id such as `task_k3j9x2m4pq`. */
export function newId(kind: IdKind): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let suffix = '';
  for (const byte of bytes) suffix += alphabet[byte % alphabet.length];
  return `${kind}_${suffix}`;
}

/** True for ids safe in paths and markdown: 1–64 of letters, digits, `_` and `-`. */
export function isValidId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

/** The current time as stored in the database (ISO 8601, UTC, milliseconds). */
export function now(): string {
  return new Date().toISOString();
}
