/**
 * The data model shared by the worker, the pure codecs and the UI: rows as they cross the
 * worker boundary (plain objects, snake_case like their columns, JSON columns parsed).
 */

/** Every lifecycle state of a session (PRODUCT.md, "Sessions"). */
export const sessionStatuses = [
  'creating',
  'active',
  'paused',
  'completed',
  'archived',
  'cancelled',
  'error',
] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/** The states a task can be in; `completed` is the one progress counts. */
export const taskStatuses = [
  'pending',
  'in_progress',
  'blocked',
  'completed',
  'cancelled',
] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const complexityLevels = [
  'trivial',
  'simple',
  'moderate',
  'complex',
  'very_complex',
] as const;
export type ComplexityLevel = (typeof complexityLevels)[number];

export const verificationStatuses = ['pending', 'verified', 'failed', 'skipped'] as const;
export type VerificationStatus = (typeof verificationStatuses)[number];

export const syncStatuses = ['synchronized', 'db_newer', 'md_newer', 'conflict'] as const;
export type SyncStatus = (typeof syncStatuses)[number];

/**
 * The deepest a task or group may sit below the top of its session (64 levels, as deep as
 * session.md's indented lists stay readable). Imports, restores and edits refuse deeper
 * nesting: every path, walk and file grows with it.
 */
export const maxNestingDepth = 64;

/** Timestamps are ISO 8601 strings in UTC, e.g. `2026-11-25T17:00:00.000Z`. */
export type Timestamp = string;

export interface Session {
  session_id: string;
  name: string;
  description: string | null;
  session_type: string;
  mode_file: string | null;
  status: SessionStatus;
  project_root_path: string | null;
  markdown_file_path: string | null;
  /** 1 urgent, 2 high, 3 medium, 4 low, 5 someday. */
  priority_level: number;
  total_tasks: number;
  completed_tasks: number;
  progress_percentage: number;
  estimated_completion_date: Timestamp | null;
  created_at: Timestamp;
  activated_at: Timestamp | null;
  last_activity_at: Timestamp;
  completed_at: Timestamp | null;
  archived_at: Timestamp | null;
}

export interface TaskGroup {
  group_id: string;
  session_id: string;
  group_name: string;
  description: string | null;
  parent_group_id: string | null;
  group_level: number;
  position_in_session: number;
  specialist_focus: string | null;
  estimated_effort: number;
  priority_level: number;
  /** Counters over the tasks whose `task_group` is this group (subtasks included). */
  total_tasks: number;
  completed_tasks: number;
  progress_percentage: number;
  markdown_section: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Task {
  task_id: string;
  session_id: string;
  parent_task_id: string | null;
  root_task_id: string | null;
  /** The `group_id` of the task's group, or null for ungrouped tasks. */
  task_group: string | null;
  level: number;
  /** `/<session_id>/<group_id or _>/<ancestor ids…>/<task_id>/` — a subtree is a prefix range. */
  hierarchy_path: string;
  /** Order among siblings (same parent, or same group for top-level tasks). */
  position_in_group: number;
  title: string;
  description: string | null;
  specialist_type: string | null;
  complexity_level: ComplexityLevel;
  status: TaskStatus;
  progress_percentage: number;
  estimated_effort: number | null;
  actual_effort: number | null;
  /** The day the task is due, `YYYY-MM-DD` (see core/dates.ts), or null. */
  due_date: string | null;
  /** The day work on the task is planned for, `YYYY-MM-DD`, or null. */
  scheduled_date: string | null;
  depends_on: string[];
  blocks: string[];
  related_tasks: string[];
  markdown_section: string | null;
  file_operations_count: number;
  verification_status: VerificationStatus;
  created_at: Timestamp;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  last_updated_at: Timestamp;
}
