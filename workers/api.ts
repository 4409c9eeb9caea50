/**
 * The one typed API between the UI and the database worker. Every method returns a Result:
 * expected failures (not found, invalid transition, cycle, constraint) are values with a
 * `type` and a message, never thrown. The UI imports this file with `import type` only.
 */
import type { Session, SessionStatus, Task, TaskGroup } from './model';
import type { AppError, Result } from './db/result';
import type { NewSession, SessionFilter, SessionPatch } from './domain/sessions';
import type { GroupPatch, NewGroup } from './domain/groups';
import type { NewTask, TaskPatch, TaskTarget } from './domain/tasks';
import type { SessionProgress } from './domain/progress';

export type { AppError, Result } from './db/result';
export type * from './model';
export type { NewSession, SessionFilter, SessionPatch } from './domain/sessions';
export type { GroupPatch, NewGroup } from './domain/groups';
export type { NewTask, TaskPatch, TaskTarget } from './domain/tasks';
export type { SessionProgress, GroupProgress } from './domain/progress';

type Reply<T> = Promise<Result<T, AppError>>;

export interface SessionsApi {
  /** Sessions by priority, then latest activity; archived ones only when asked for. */
  listSessions(filter?: SessionFilter): Reply<Session[]>;
  getSession(sessionId: string): Reply<Session>;
  /** The one active session, or null when none is. */
  getActiveSession(): Reply<Session | null>;
  /** Creates a session; by default it becomes the active one (pausing the current one). */
  createSession(input: NewSession): Reply<Session>;
  /** Edits name, description, priority and other fields; refused for archived sessions. */
  updateSession(sessionId: string, patch: SessionPatch): Reply<Session>;
  /** A lifecycle change the state machine allows; anything else is `InvalidTransition`. */
  transitionSession(sessionId: string, to: SessionStatus): Reply<Session>;
  /** Deletes the session with its groups, tasks, bindings and sync state. */
  deleteSession(sessionId: string): Reply<null>;
}

export interface GroupsApi {
  /** Groups of a session, parents before children, siblings in order. */
  listGroups(sessionId: string): Reply<TaskGroup[]>;
  createGroup(input: NewGroup): Reply<TaskGroup>;
  updateGroup(groupId: string, patch: GroupPatch): Reply<TaskGroup>;
  /** Nests a group (null: top level) at a position; refuses nesting inside itself. */
  moveGroup(
    groupId: string,
    target: { parent_group_id: string | null; position?: number },
  ): Reply<TaskGroup>;
  /** Deletes a group with its nested groups and all their tasks. */
  deleteGroup(groupId: string): Reply<null>;
}

export interface TasksApi {
  listTasks(sessionId: string): Reply<Task[]>;
  getTask(taskId: string): Reply<Task>;
  /** A task and its descendants, in path order. */
  subtree(taskId: string): Reply<Task[]>;
  createTask(input: NewTask): Reply<Task>;
  /** Edits fields; a status change sets `started_at`/`completed_at`. */
  updateTask(taskId: string, patch: TaskPatch): Reply<Task>;
  /** Moves a task with its subtree to another parent, group or position. */
  moveTask(taskId: string, target: TaskTarget): Reply<Task>;
  deleteTask(taskId: string): Reply<null>;
  /** Sets prerequisites exactly; a cycle is refused with the cycle named. */
  setDependencies(taskId: string, prerequisiteIds: string[]): Reply<Task>;
  addDependency(taskId: string, prerequisiteId: string): Reply<Task>;
  removeDependency(taskId: string, prerequisiteId: string): Reply<Task>;
  setRelated(taskId: string, relatedIds: string[]): Reply<Task>;
  /** Open tasks whose prerequisites are all completed. */
  readyTasks(sessionId: string): Reply<Task[]>;
  sessionProgress(sessionId: string): Reply<SessionProgress>;
}

export interface SystemApi {
  /** `PRAGMA integrity_check`: 'ok' when the database is sound. */
  integrityCheck(): Reply<string>;
  /** The schema version of the open database. */
  schemaVersion(): Reply<number>;
  /** Engine facts: SQLite version and the connection's journal, sync and locking settings. */
  diagnostics(): Reply<Diagnostics>;
  /**
   * Times `runs` durable single-row commits inside the worker (ms each), on a scratch table
   * that is dropped afterwards: the engine's own commit cost, for benchmarks.
   */
  measureCommits(runs: number): Reply<number[]>;
}

export interface Diagnostics {
  sqlite_version: string;
  journal_mode: string;
  synchronous: number;
  locking_mode: string;
  foreign_keys: number;
  cache_size: number;
  page_size: number;
}

export type DbApi = SessionsApi & GroupsApi & TasksApi & SystemApi;
export type DbMethod = keyof DbApi;

/** What changed after a call committed: table names and the ids the call touched. */
export interface ChangeNotice {
  tables: string[];
  ids: string[];
}

/** The object the worker exposes through Comlink: the API plus a change-notice channel. */
export interface WorkerApi extends DbApi {
  /** Change notices are posted on this port (transfer it with `Comlink.transfer`). */
  listen(port: MessagePort): void;
  /** Whether this tab's worker holds the database or forwards to the tab that does. */
  role(): Promise<'owner' | 'follower' | 'starting'>;
}
