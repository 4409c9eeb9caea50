/**
 * The problems cleanup reports, and the ones found in the hierarchy and dependency lists: a
 * snapshot of sessions, groups and tasks is read once, planned (cleanup-plan.ts), and every
 * difference between the plan and the rows becomes a problem with a message for people.
 */
import type { Db } from '../db/sqlite';
import { idListFromJson } from './rows';
import {
  type DependencyPlan,
  type GroupFacts,
  type HierarchyPlan,
  type LinkFault,
  type ListFault,
  type TaskFacts,
  planDependencies,
  planHierarchy,
  sameIds,
} from './cleanup-plan';

export const problemKinds = [
  'task_session_missing',
  'task_parent_missing',
  'task_group_missing',
  'task_hierarchy_wrong',
  'group_session_missing',
  'group_parent_missing',
  'group_level_wrong',
  'dependency_missing',
  'dependency_other_session',
  'dependency_invalid',
  'blocks_not_inverse',
  'related_not_symmetric',
  'counters_stale',
  'active_session_wrong',
  'active_session_missing',
  'sync_state_orphan',
  'sync_file_missing',
  'orphan_row',
  'search_index_stale',
] as const;
export type ProblemKind = (typeof problemKinds)[number];

export interface CleanupProblem {
  kind: ProblemKind;
  /** The table of the row at fault. */
  table: string;
  /** That row's key (for composite keys, its parts joined with '/'). */
  id: string;
  /** What is wrong, for people. */
  message: string;
  /** What fixing does about it, for people. */
  fix: string;
}

export interface CleanupOptions {
  /**
   * The `markdown_file_path`s that exist on disk. When given, sync state for any other file is
   * reported (the file is gone). Omit it when the folder is not available.
   */
  existingFiles?: readonly string[];
}

export interface CleanupReport {
  /** The problems that were fixed. */
  fixed: CleanupProblem[];
  /** Problems a second dry run still finds after fixing (expected to be empty). */
  remaining: CleanupProblem[];
}

interface TaskRow {
  task_id: string;
  session_id: string;
  parent_task_id: string | null;
  root_task_id: string | null;
  task_group: string | null;
  level: number | null;
  hierarchy_path: string | null;
  title: string;
  depends_on: string | null;
  blocks: string | null;
  related_tasks: string | null;
}

/** Everything cleanup looks at, read once. */
export interface Snapshot {
  sessions: Map<string, { name: string; status: string }>;
  groups: (GroupFacts & { group_name: string })[];
  tasks: (TaskFacts & { title: string })[];
  hierarchy: HierarchyPlan;
  dependencies: Map<string, DependencyPlan>;
}

/** Text quoted for a message, cut to a readable length. */
export const quote = (text: string) => `"${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`;

/** Reads what cleanup looks at and plans what it should be. */
export async function readSnapshot(db: Db): Promise<Snapshot> {
  const sessions = new Map(
    (
      await db.all<{ session_id: string; name: string; status: string }>(
        'SELECT session_id, name, status FROM sessions',
      )
    ).map((s) => [s.session_id, s]),
  );
  const groups = await db.all<GroupFacts & { group_name: string }>(
    'SELECT group_id, session_id, parent_group_id, group_level, group_name FROM task_groups',
  );
  const rows = await db.all<TaskRow>(
    `SELECT task_id, session_id, parent_task_id, root_task_id, task_group, level, hierarchy_path,
       title, depends_on, blocks, related_tasks
     FROM tasks ORDER BY session_id, hierarchy_path, task_id`,
  );
  const tasks = rows.map((row) => ({
    ...row,
    depends_on: idListFromJson(row.depends_on),
    blocks: idListFromJson(row.blocks),
    related_tasks: idListFromJson(row.related_tasks),
  }));
  const hierarchy = planHierarchy(new Set(sessions.keys()), groups, tasks);
  return {
    sessions,
    groups,
    tasks,
    hierarchy,
    dependencies: planDependencies(tasks, hierarchy.doomedTasks),
  };
}

const linkFaultText: Record<LinkFault, string> = {
  missing: 'which does not exist',
  other_session: 'which belongs to another session',
  cycle: 'which makes a loop of parents',
};

export function hierarchyProblems(snapshot: Snapshot): CleanupProblem[] {
  const problems: CleanupProblem[] = [];
  const { hierarchy } = snapshot;
  for (const g of snapshot.groups) {
    const name = `Group ${quote(g.group_name)} (${g.group_id})`;
    if (hierarchy.doomedGroups.has(g.group_id)) {
      problems.push({
        kind: 'group_session_missing',
        table: 'task_groups',
        id: g.group_id,
        message: `${name} belongs to session "${g.session_id}", which no longer exists.`,
        fix: 'Delete the group: its session is gone, so it cannot be kept.',
      });
      continue;
    }
    const plan = hierarchy.groups.get(g.group_id);
    if (!plan) continue;
    if (plan.parentFault) {
      problems.push({
        kind: 'group_parent_missing',
        table: 'task_groups',
        id: g.group_id,
        message: `${name} is nested in group "${g.parent_group_id}", ${linkFaultText[plan.parentFault]}.`,
        fix: 'Make it a top-level group of its session.',
      });
    }
    if (g.group_level !== plan.group_level) {
      problems.push({
        kind: 'group_level_wrong',
        table: 'task_groups',
        id: g.group_id,
        message: `${name} has group_level ${g.group_level}; its nesting says ${plan.group_level}.`,
        fix: `Set group_level to ${plan.group_level}.`,
      });
    }
  }
  for (const t of snapshot.tasks) {
    const name = `Task ${quote(t.title)} (${t.task_id})`;
    if (hierarchy.doomedTasks.has(t.task_id)) {
      problems.push({
        kind: 'task_session_missing',
        table: 'tasks',
        id: t.task_id,
        message: `${name} belongs to session "${t.session_id}", which no longer exists.`,
        fix: 'Delete the task: its session is gone, so it cannot be kept.',
      });
      continue;
    }
    const plan = hierarchy.tasks.get(t.task_id);
    if (!plan) continue;
    if (plan.parentFault) {
      problems.push({
        kind: 'task_parent_missing',
        table: 'tasks',
        id: t.task_id,
        message: `${name} is a subtask of "${t.parent_task_id}", ${linkFaultText[plan.parentFault]}.`,
        fix: 'Make it a top-level task (its own subtasks stay under it).',
      });
    }
    if (plan.groupFault) {
      problems.push({
        kind: 'task_group_missing',
        table: 'tasks',
        id: t.task_id,
        message: `${name} is in group "${t.task_group}", ${linkFaultText[plan.groupFault]}.`,
        fix:
          plan.parent_task_id === null
            ? 'Make it an ungrouped task.'
            : "Put it in its top-level task's group.",
      });
    }
    const wrong: string[] = [];
    if (t.root_task_id !== plan.root_task_id) {
      wrong.push(`root_task_id is "${t.root_task_id}", should be "${plan.root_task_id}"`);
    }
    if (t.level !== plan.level) wrong.push(`level is ${t.level}, should be ${plan.level}`);
    if (t.hierarchy_path !== plan.hierarchy_path) {
      wrong.push(`hierarchy_path is "${t.hierarchy_path}", should be "${plan.hierarchy_path}"`);
    }
    if (!plan.groupFault && t.task_group !== plan.task_group) {
      wrong.push(`task_group is "${t.task_group}", should be its top-level task's`);
    }
    if (wrong.length > 0) {
      problems.push({
        kind: 'task_hierarchy_wrong',
        table: 'tasks',
        id: t.task_id,
        message: `${name}: ${wrong.join('; ')}.`,
        fix: 'Recompute root, level, group and path from the parent links.',
      });
    }
  }
  return problems;
}

const listFaultKind: Record<ListFault['fault'], ProblemKind> = {
  missing: 'dependency_missing',
  other_session: 'dependency_other_session',
  self: 'dependency_invalid',
  duplicate: 'dependency_invalid',
};
const listFaultText: Record<ListFault['fault'], string> = {
  missing: 'but no such task exists',
  other_session: 'which belongs to another session',
  self: 'which is the task itself',
  duplicate: 'more than once',
};

export function dependencyProblems(snapshot: Snapshot): CleanupProblem[] {
  const problems: CleanupProblem[] = [];
  for (const t of snapshot.tasks) {
    const plan = snapshot.dependencies.get(t.task_id);
    if (!plan) continue;
    const name = `Task ${quote(t.title)} (${t.task_id})`;
    for (const fault of plan.faults) {
      problems.push({
        kind: listFaultKind[fault.fault],
        table: 'tasks',
        id: t.task_id,
        message: `${name} lists "${fault.id}" in ${fault.column}, ${listFaultText[fault.fault]}.`,
        fix: `Remove "${fault.id}" from ${fault.column}.`,
      });
    }
    // Ids already reported above (pointing nowhere, elsewhere, or to itself) are not counted
    // again as a one-sided link.
    const valid = (column: 'blocks' | 'related_tasks') =>
      [...new Set(t[column])].filter(
        (id) =>
          !plan.faults.some((f) => f.column === column && f.id === id && f.fault !== 'duplicate'),
      );
    const blocksValid = valid('blocks');
    if (!sameIds(blocksValid, plan.blocks)) {
      problems.push({
        kind: 'blocks_not_inverse',
        table: 'tasks',
        id: t.task_id,
        message: `${name} has blocks [${t.blocks.join(', ')}], but the tasks that depend on it are [${plan.blocks.join(', ')}].`,
        fix: 'Rebuild blocks from the depends_on lists.',
      });
    }
    const relatedValid = valid('related_tasks');
    if (!sameIds(relatedValid, plan.related_tasks)) {
      const missing = plan.related_tasks.filter((id) => !relatedValid.includes(id));
      problems.push({
        kind: 'related_not_symmetric',
        table: 'tasks',
        id: t.task_id,
        message: `${name} is listed as related by [${missing.join(', ')}] but does not list them back.`,
        fix: 'Add the missing related links, so both sides list each other.',
      });
    }
  }
  return problems;
}
