/**
 * The tree view of a session doc: sibling lists of groups and tasks in display order, with
 * broken links (a parent that does not exist, a parent cycle) cut so every group and task is
 * reachable exactly once. Used by the renderer.
 *
 * Tasks are linked by their index in `doc.tasks`, in typed arrays: at 100,000 tasks, maps and
 * sets keyed by id strings cost several times more (hashing, and memory the caches and the
 * garbage collector must walk), and made rendering grow faster than the file.
 */
import { pushTo, walkParents } from './session-doc';
import type { GroupDoc, SessionDoc } from './session-doc';

export interface DocTree {
  /** Child groups by parent group id; top-level groups under null. Sorted by position, id. */
  groupsByParent: Map<string | null, GroupDoc[]>;
  /** Groups shown at the top level although they have a parent (missing, or in a cycle). */
  detachedGroups: Set<string>;
  /**
   * Top-level tasks by group id (`''` for ungrouped), as indexes into `doc.tasks`. Tasks whose
   * parent is missing or in a cycle are top-level in their group; top-level tasks of a missing
   * group are ungrouped.
   */
  topTasks: Map<string, number[]>;
  /** Subtasks of each task (by index into `doc.tasks`), as indexes; undefined when none. */
  subtasks: Array<number[] | undefined>;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the tree; O(n log n), no recursion (chains may be 10,000 deep). */
export const buildDocTree = (doc: SessionDoc): DocTree => {
  const groupIndex = new Map(doc.groups.map((g, i) => [g.group_id, i]));
  const groupParent = cutCycles(
    doc.groups.map((g) =>
      g.parent_group_id == null ? -1 : (groupIndex.get(g.parent_group_id) ?? -1),
    ),
  );
  const groupsByParent = new Map<string | null, GroupDoc[]>();
  const detachedGroups = new Set<string>();
  doc.groups.forEach((g, i) => {
    const parent = groupParent[i]!;
    if (parent === -1 && g.parent_group_id != null) detachedGroups.add(g.group_id);
    pushTo(groupsByParent, parent === -1 ? null : doc.groups[parent]!.group_id, g);
  });
  for (const list of groupsByParent.values()) {
    list.sort(
      (a, b) => a.position_in_session - b.position_in_session || compareIds(a.group_id, b.group_id),
    );
  }

  const { tasks } = doc;
  const taskIndex = new Map<string, number>();
  tasks.forEach((t, i) => taskIndex.set(t.task_id, i));
  const taskParent = cutCycles(
    tasks.map((t) => (t.parent_task_id == null ? -1 : (taskIndex.get(t.parent_task_id) ?? -1))),
  );
  const topTasks = new Map<string, number[]>();
  const subtasks: Array<number[] | undefined> = new Array<number[] | undefined>(tasks.length);
  for (let i = 0; i < tasks.length; i++) {
    const parent = taskParent[i]!;
    if (parent !== -1) {
      (subtasks[parent] ??= []).push(i);
      continue;
    }
    const group = tasks[i]!.task_group;
    pushTo(topTasks, group != null && groupIndex.has(group) ? group : '', i);
  }
  const byPosition = (a: number, b: number) => {
    const ta = tasks[a]!;
    const tb = tasks[b]!;
    return ta.position_in_group - tb.position_in_group || compareIds(ta.task_id, tb.task_id);
  };
  for (const list of topTasks.values()) list.sort(byPosition);
  for (const list of subtasks) if (list && list.length > 1) list.sort(byPosition);
  return { groupsByParent, detachedGroups, topTasks, subtasks };
};

/**
 * Takes each node's parent index (-1: none) and returns it with one link of every parent
 * cycle removed (that node becomes a root). Each node is walked once.
 */
const cutCycles = (parents: readonly number[]): Int32Array => {
  const result = Int32Array.from(parents);
  walkParents(parents, (path, _end, cycle) => {
    if (cycle) result[path[path.length - 1]!] = -1;
  });
  return result;
};
