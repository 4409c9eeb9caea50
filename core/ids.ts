/**
 * Ids for sessions, groups and tasks: a kind prefix and random base-32 characters, shared by
 * the worker and the command line. Random, never sequential: two machines or two git branches
 * adding tasks to the same session.md never pick the same id (50 random bits each). They
 * appear in file paths and in session.md, so only `[A-Za-z0-9_-]` is ever accepted as an id.
 */
const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

export type IdKind = 'session' | 'group' | 'task' | 'sync' | 'backup';

/** A fresh id such as `task_k3j9x2m4pq`. */
export function newId(kind: IdKind): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let suffix = '';
  // 256 is a multiple of 32: every character is equally likely.
  for (const byte of bytes) suffix += alphabet[byte % alphabet.length];
  return `${kind}_${suffix}`;
}

/** True for ids safe in paths and markdown: 1–64 of letters, digits, `_` and `-`. */
export function isValidId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}
