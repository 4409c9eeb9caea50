/**
 * The one typed API between the UI and the database worker. Every method returns a Result:
 * expected failures (not found, invalid transition, cycle, constraint) are values with a
 * `type` and a message, never thrown. The UI imports this file with `import type` only.
 */
import type { Session, SessionStatus, Task, TaskGroup } from '../core/model';
import type { TreeRow } from './domain/tree-rows';
import type { AppError, Result } from './db/result';
import type { NewSession, SessionFilter, SessionPatch } from './domain/sessions';
import type { GroupPatch, NewGroup } from './domain/groups';
import type { NewTask, TaskPatch, TaskTarget } from './domain/tasks';
import type { SessionProgress } from './domain/progress';
import type { ConflictView, FolderStatus, SyncOutcome } from './sync/engine';
import type { Backup, SyncState } from './sync/sync-state';
import type { Plan } from '../core/import/import-plan';
import type { ModeListItem } from './modes/store';
import type { EffectiveMode } from './modes/bindings';
import type { SearchHit, SearchOptions } from './domain/search';
import type { CleanupProblem, CleanupReport } from './domain/cleanup';
import type { ImportReport, SessionExport } from './domain/export-json';
import type { ExportFormat } from './sync/export-files';
import type { RestoreReport } from './domain/restore';

export type { AppError, Result } from './db/result';
export type * from '../core/model';
export type { NewSession, SessionFilter, SessionPatch } from './domain/sessions';
export type { GroupPatch, NewGroup } from './domain/groups';
export type { NewTask, TaskPatch, TaskTarget } from './domain/tasks';
export type { SessionProgress, GroupProgress } from './domain/progress';
export type { TreeRow } from './domain/tree-rows';
export type { SearchHit, SearchOptions, SearchScope, SnippetSegment } from './domain/search';
export type { CleanupProblem, CleanupReport } from './domain/cleanup';
export type { ImportReport, SessionExport } from './domain/export-json';
export type { ExportFormat } from './sync/export-files';
export type { RestoreReport } from './domain/restore';
export type { ConflictView, FolderStatus, SyncOutcome } from './sync/engine';
export type { Backup, SyncState } from './sync/sync-state';
export type { MergeConflict } from '../core/session-md/merge';
export type { Plan, PlanGroup, PlanTask } from '../core/import/import-plan';
export type { ModeListItem } from './modes/store';
export type { ModeInfo, ModeStatus, StoredModeIssue } from './modes/records';
export type { EffectiveMode, ModeFallback } from './modes/bindings';

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
  /** Every task of a session as compact rows (a JSON array of TreeRow), for the tree view. */
  treeRows(sessionId: string): Reply<string>;
  /** The given tasks as compact rows (missing ids are left out). */
  treeRowsById(taskIds: string[]): Reply<string>;
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

export interface FolderApi {
  /**
   * Opens the user's project folder (read-write permission already granted): creates
   * `.task_orchestrator/` as needed, brings in sessions found there, syncs every session,
   * and starts watching. The handle is remembered for the next visit.
   */
  openFolder(handle: FileSystemDirectoryHandle): Reply<{ imported: string[]; synced: number }>;
  /** Stops syncing and forgets the folder. */
  closeFolder(): Reply<null>;
  /** Folder, permission and watching state, and whether a folder is remembered. */
  folderStatus(): Reply<FolderStatus & { remembered: boolean }>;
  /** The remembered folder handle (the page asks the user to re-grant permission on it). */
  rememberedFolder(): Reply<FileSystemDirectoryHandle | null>;
  /** Looks for outside changes now (the page calls it on focus). */
  checkFolder(): Reply<null>;
  syncSession(sessionId: string): Reply<SyncOutcome>;
  listSyncStates(): Reply<SyncState[]>;
  /** Both sides of every field that differs between the app and session.md. */
  getConflicts(sessionId: string): Reply<ConflictView>;
  /** 'ours' keeps the app's values, 'theirs' the file's; or a choice per conflict key. */
  resolveConflicts(
    sessionId: string,
    resolution: 'ours' | 'theirs' | Record<string, 'ours' | 'theirs'>,
  ): Reply<SyncOutcome>;
  listBackups(sessionId: string): Reply<Backup[]>;
  /** Puts a backup's content back into session.md (the current content is backed up). */
  restoreBackup(backupId: string): Reply<SyncOutcome>;
  /** The session as its session.md would be written now. */
  sessionMarkdown(sessionId: string): Reply<string>;
}

export interface ModesApi {
  /** Every mode (the built-in default first), valid or not, with the sessions using it. */
  listModes(): Reply<ModeListItem[]>;
  /** Binds a session to a mode (replacing its binding); `context` is stored as JSON. */
  bindSessionMode(sessionId: string, modeId: string, context?: unknown): Reply<EffectiveMode>;
  unbindSessionMode(sessionId: string): Reply<EffectiveMode>;
  /** The mode a session uses, and why it fell back to the default if it did. */
  effectiveMode(sessionId: string): Reply<EffectiveMode>;
  /** Specialist roles the task editor offers for this session. */
  specialistRoles(sessionId: string): Reply<string[]>;
}

export interface ImportApi {
  /** Reads a markdown plan into a preview; nothing is written. */
  previewPlan(text: string, fileName: string): Reply<Plan>;
  /** Creates a new session from a markdown plan (the file itself is never changed). */
  importPlan(text: string, fileName: string): Reply<Session>;
}

export interface PortabilityApi {
  /**
   * Full-text search (FTS5) over session names and descriptions, task titles and
   * descriptions, group names and session notes; ranked, with the match marked in
   * `snippet` segments. Any text is a valid query (search syntax is never interpreted).
   */
  search(query: string, options: SearchOptions): Reply<SearchHit[]>;
  /** Every field of every row of a session, as a versioned JSON document. */
  exportSessionJson(sessionId: string): Reply<SessionExport>;
  /** Imports a JSON export as a new session (fresh ids where they clash). */
  importSessionJson(data: unknown): Reply<ImportReport>;
  /** Dry run: orphans and inconsistencies, each with what fixing would do. */
  findProblems(): Reply<CleanupProblem[]>;
  /** Fixes what findProblems lists, in one transaction. */
  fixProblems(): Reply<CleanupReport>;
  /**
   * Exports a session as markdown, JSON, or a zip of both plus its mode file: into
   * `.task_orchestrator/exports/` when a folder is open (`savedTo`), else as bytes to download.
   */
  exportSession(sessionId: string, format: ExportFormat): Reply<ExportResult>;
  /**
   * Archives a session in one action: its zip export goes to `.task_orchestrator/archives/`
   * (or is returned for download without a folder) and the session becomes archived
   * (read-only until reactivated). Refused, with nothing written, where the lifecycle
   * does not allow archiving.
   */
  archiveSession(sessionId: string): Reply<ExportResult & { session: Session }>;
}

export interface ExportResult {
  fileName: string;
  /** Where the file was written, relative to the project folder, when one is open. */
  savedTo: string | null;
  /** The file for a download when no folder is open. */
  download: { mimeType: string; bytes: Uint8Array } | null;
}

export interface SystemApi {
  /** `PRAGMA integrity_check`: 'ok' when the database is sound. */
  integrityCheck(): Reply<string>;
  /** The schema version of the open database. */
  schemaVersion(): Reply<number>;
  /** The whole database as a SQLite file (a consistent copy), for download. */
  backupDatabase(): Reply<{ fileName: string; bytes: Uint8Array }>;
  /**
   * Replaces all data with a database file's (validated first: SQLite, integrity_check ok,
   * not newer than the app; migrated forward). In one transaction: on any failure the current
   * data is untouched. `previous` is the database as it was before, for download.
   */
  restoreDatabase(bytes: Uint8Array): Reply<RestoreReport & { previous: Uint8Array }>;
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
  /** Frames in the write-ahead log (-1 when the database is not in WAL mode). */
  wal_frames: number;
}

export type DbApi = SessionsApi &
  GroupsApi &
  TasksApi &
  FolderApi &
  ModesApi &
  ImportApi &
  PortabilityApi &
  SystemApi;
export type DbMethod = keyof DbApi;

/** What changed after a call committed: table names and the ids the call touched. */
export interface ChangeNotice {
  tables: string[];
  ids: string[];
  /**
   * The changed rows of the small tables, when few changed: views showing them update from the
   * notice without reading again. Absent (or missing a row) means: read again.
   */
  rows?: { sessions?: Session[]; task_groups?: TaskGroup[]; tasks?: TreeRow[] };
  /** Numbers the notices of one `listen` port: 1, 2, 3, … (set by the worker as it posts). */
  seq?: number;
}

/** The object the worker exposes through Comlink: the API plus a change-notice channel. */
export interface WorkerApi extends DbApi {
  /**
   * Change notices are posted on this port (transfer it with `Comlink.transfer`); with a
   * `mirror` (see notice-mirror.ts), each is also written there just before it is posted.
   */
  listen(port: MessagePort, mirror?: SharedArrayBuffer): void;
  /** Whether this tab's worker holds the database or forwards to the tab that does. */
  role(): Promise<'owner' | 'follower' | 'starting'>;
}
