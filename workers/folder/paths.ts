/**
 * Path rules for the project folder. The app only ever touches `.task_orchestrator/` and
 * builds every path from fixed folder names and validated segments, so no id or name can
 * lead outside it (no `..`, no separators, no NUL, no reserved device names, bounded length).
 */

export const appFolderName = '.task_orchestrator';
export const appSubfolders = ['sessions', 'roles', 'tasks', 'archives', 'exports'] as const;
export type AppSubfolder = (typeof appSubfolders)[number];
export const sessionFileName = 'session.md';

const reservedNames = new Set([
  'con',
  'prn',
  'aux',
  'nul',
  'com1',
  'com2',
  'com3',
  'com4',
  'com5',
  'com6',
  'com7',
  'com8',
  'com9',
  'lpt1',
  'lpt2',
  'lpt3',
  'lpt4',
  'lpt5',
  'lpt6',
  'lpt7',
  'lpt8',
  'lpt9',
]);

/**
 * True for a single safe path segment: 1–128 characters of letters, digits, `.`, `_`, `-`,
 * not starting with `.` (so never `.` or `..`), and not a reserved device name.
 */
export function isSafeSegment(segment: string): boolean {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/.test(segment)) return false;
  const stem = segment.split('.')[0]!.toLowerCase();
  return !reservedNames.has(stem);
}

/** A path inside `.task_orchestrator/`, as validated segments. */
export type AppPath = readonly [AppSubfolder, ...string[]];

/** `sessions/<id>/session.md` for a session id, or null when the id is not safe. */
export function sessionFilePath(sessionId: string): AppPath | null {
  return isSafeSegment(sessionId) ? ['sessions', sessionId, sessionFileName] : null;
}

/** The path as text, relative to `.task_orchestrator/` (what the database stores). */
export function appPathToString(path: AppPath): string {
  return path.join('/');
}

/** Parses a stored relative path back into validated segments, or null. */
export function appPathFromString(text: string): AppPath | null {
  const segments = text.split('/');
  const [first, ...rest] = segments;
  if (!first || !(appSubfolders as readonly string[]).includes(first)) return null;
  if (rest.length === 0 || !rest.every(isSafeSegment)) return null;
  return [first as AppSubfolder, ...rest];
}
