/**
 * The one typed API between the UI and the database worker, merged from the per-domain API
 * modules in `api/` (each holds its interface, method list and implementation). Every method
 * returns a Result: expected failures (not found, invalid transition, cycle, constraint) are
 * values with a `type` and a message, never thrown. The UI imports this file with
 * `import type` only.
 */
import type { ChangedRows } from './domain/changed-rows';
import type { SessionsApi } from './api/sessions';
import type { GroupsApi } from './api/groups';
import type { TasksApi } from './api/tasks';
import type { FolderApi } from './api/folder';
import type { ModesApi } from './api/modes';
import type { ImportApi } from './api/import';
import type { ExportApi } from './api/export';
import type { SearchApi } from './api/search';
import type { CleanupApi } from './api/cleanup';
import type { SystemApi } from './api/system';

export type { SessionsApi, GroupsApi, TasksApi, FolderApi, ModesApi, ImportApi };
export type { ExportApi, SearchApi, CleanupApi, SystemApi };
export type { ExportResult } from './export/save-export';
export type { Diagnostics } from './db/diagnostics';
export type { AppError, Result } from './result';
export type * from '../core/model';
export type { NewSession, SessionFilter, SessionPatch } from './domain/sessions';
export type { GroupPatch, NewGroup } from './domain/groups';
export type { NewTask, TaskPatch, TaskTarget } from './domain/tasks';
export type { BulkTaskPatch } from './domain/task-bulk';
export type { SessionProgress, GroupProgress } from './domain/progress';
export type { DueCounts } from './domain/due-dates';
export type { TreeRow } from './domain/tree-rows';
export type { SearchHit, SearchOptions, SearchScope, SnippetSegment } from './domain/search';
export type { CleanupProblem, CleanupReport } from './domain/cleanup';
export type { ImportReport, SessionExport } from './domain/export-json';
export type { ExportFormat } from './export/session-files';
export type { RestoreReport } from './domain/restore';
export type { ConflictView, FolderStatus, SyncOutcome } from './sync/engine';
export type { TakeOutcome } from './sync/file-exchange';
export type { Backup, SyncState } from './domain/sync-state';
export type { MergeConflict } from '../core/session-md/merge';
export type { Plan, PlanConvention, PlanGroup, PlanTask } from '../core/import/import-plan';
export type { PlanFile } from '../core/import/plan-files';
export type { ModeListItem } from './modes/store';
export type { ModeInfo, ModeStatus, StoredModeIssue } from './modes/records';
export type { EffectiveMode, ModeFallback } from './modes/bindings';

export type DbApi = SessionsApi &
  GroupsApi &
  TasksApi &
  FolderApi &
  ModesApi &
  ImportApi &
  ExportApi &
  SearchApi &
  CleanupApi &
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
  rows?: ChangedRows;
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
