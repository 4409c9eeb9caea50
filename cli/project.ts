/**
 * Where the plan is: the `.task_orchestrator/` folder found from the current directory
 * upwards (or given with `--dir`), its session files, and sessions named by id, name or a
 * unique prefix of either.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseSessionMarkdown } from '../core/session-md/parse';
import type { SessionHeader } from '../core/session-md/session-doc';
import { ProblemError, UsageError } from './errors';

export const appFolderName = '.task_orchestrator';

export interface Project {
  /** The project folder: the one holding `.task_orchestrator/`. */
  root: string;
  /** The `.task_orchestrator/` folder. */
  app: string;
}

/** `dir` is the project folder or its `.task_orchestrator/`; else searched upwards from cwd. */
export const findProject = (cwd: string, dir: string | undefined): Project => {
  if (dir !== undefined) {
    const given = resolve(cwd, dir);
    const app = basename(given) === appFolderName ? given : join(given, appFolderName);
    if (!isDir(app)) throw new ProblemError(`No ${appFolderName}/ folder in ${dirname(app)}.`);
    return { root: dirname(app), app };
  }
  for (let at = resolve(cwd); ; at = dirname(at)) {
    const app = join(at, appFolderName);
    if (isDir(app)) return { root: at, app };
    if (dirname(at) === at) break;
  }
  throw new ProblemError(
    `No ${appFolderName}/ folder here or above ${resolve(cwd)}. Run this inside a project the app has opened, pass --dir, or create a session with new-session --dir <project>.`,
  );
};

const isDir = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

export interface SessionFile {
  /** The session id: the name of its folder. */
  id: string;
  path: string;
}

/** Every `sessions/<id>/session.md`, by id. */
export const sessionFiles = (project: Project): SessionFile[] => {
  const sessions = join(project.app, 'sessions');
  if (!isDir(sessions)) return [];
  return readdirSync(sessions)
    .sort()
    .map((id) => ({ id, path: join(sessions, id, 'session.md') }))
    .filter((s) => existsSync(s.path));
};

export const sessionPath = (project: Project, id: string): string =>
  join(project.app, 'sessions', id, 'session.md');

/** The header alone (name, status…), read from the text before the first section. */
export const readHeader = (file: SessionFile): SessionHeader => {
  const text = readFileSync(file.path, 'utf8');
  const end = text.search(/^## /m);
  const header = parseSessionMarkdown(end < 0 ? text : text.slice(0, end)).doc.session;
  return { ...header, session_id: header.session_id || file.id };
};

/** A session by id, name (case ignored), or a unique prefix of either. */
export const findSession = (project: Project, ref: string): SessionFile => {
  const files = sessionFiles(project);
  const byId = files.find((f) => f.id === ref);
  if (byId) return byId;
  const named = files.map((file) => ({ file, name: readHeader(file).name.toLowerCase() }));
  const lower = ref.toLowerCase();
  const exact = named.filter((n) => n.name === lower);
  const matches =
    exact.length > 0
      ? exact
      : named.filter((n) => n.file.id.startsWith(ref) || n.name.startsWith(lower));
  if (matches.length === 1) return matches[0]!.file;
  if (matches.length === 0) {
    throw new ProblemError(`No session "${ref}" in ${project.app}. List them with: sessions`);
  }
  const list = matches.map((m) => `${m.file.id} (${m.name})`).join(', ');
  throw new UsageError(`"${ref}" names ${matches.length} sessions: ${list}.`);
};
