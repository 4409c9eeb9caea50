/**
 * The tree view of a session doc: sibling lists of groups and tasks in display order, with
 * broken links (a parent that does not exist, a parent cycle) cut so every group and task is
 * reachable exactly once. Shared by the renderer and the merge.
 */
import { pushTo } from './session-doc';
import type { GroupDoc, SessionDoc, TaskDoc } from './session-doc';

export interface DocTree {
  /** Child groups by parent group id; top-level groups under null. Sorted by position, id. */
  groupsByParent: Map<string | null, GroupDoc[]>;
  /** Groups shown at the top level although they have a parent (missing, or in a cycle). */
  detachedGroups: Set<string>;
  /**
   * Tasks by container key (`task:<parent id>` or `group:<group id>`, `group:` for
   * ungrouped). Tasks whose parent is missing or in a cycle are top-level in their group;
   * top-level tasks of a missing group are ungrouped.
   */
  tasksByContainer: Map<string, TaskDoc[]>;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the tree; O(n log n), no recursion (chains may be 10,000 deep). */
export const buildDocTree = (doc: SessionDoc): DocTree => {
  const groupIds = new Set(doc.groups.map((g) => g.group_id));
  const groupParent = cutCycles(
    doc.groups,
    (g) => g.group_id,
    (g) =>
      g.parent_group_id != null && groupIds.has(g.parent_group_id) ? g.parent_group_id : null,
  );
  const groupsByParent = new Map<string | null, GroupDoc[]>();
  const detachedGroups = new Set<string>();
  for (const g of doc.groups) {
    const parent = groupParent.get(g.group_id) ?? null;
    if (parent == null && g.parent_group_id != null) detachedGroups.add(g.group_id);
    pushTo(groupsByParent, parent, g);
  }
  for (const list of groupsByParent.values()) {
    list.sort(
      (a, b) => a.position_in_session - b.position_in_session || compareIds(a.group_id, b.group_id),
    );
  }

  const taskIds = new Set(doc.tasks.map((t) => t.task_id));
  const taskParent = cutCycles(
    doc.tasks,
    (t) => t.task_id,
    (t) => (t.parent_task_id != null && taskIds.has(t.parent_task_id) ? t.parent_task_id : null),
  );
  const tasksByContainer = new Map<string, TaskDoc[]>();
  for (const t of doc.tasks) {
    const parent = taskParent.get(t.task_id) ?? null;
    const group = t.task_group != null && groupIds.has(t.task_group) ? t.task_group : '';
    pushTo(tasksByContainer, parent != null ? `task:${parent}` : `group:${group}`, t);
  }
  for (const list of tasksByContainer.values()) {
    list.sort(
      (a, b) => a.position_in_group - b.position_in_group || compareIds(a.task_id, b.task_id),
    );
  }
  return { groupsByParent, detachedGroups, tasksByContainer };
};

/**
 * Maps each node to its parent, with one link of every parent cycle removed (that node
 * becomes a root). Iterative: each node is walked once.
 */
const cutCycles = <T>(
  nodes: readonly T[],
  idOf: (node: T) => string,
  parentOf: (node: T) => string | null,
): Map<string, string | null> => {
  const byId = new Map(nodes.map((n) => [idOf(n), n]));
  const result = new Map<string, string | null>();
  const onPath = new Set<string>();
  for (const start of nodes) {
    const path: string[] = [];
    let id: string | null = idOf(start);
    while (id != null && !result.has(id) && !onPath.has(id)) {
      const node = byId.get(id);
      if (node === undefined) break;
      onPath.add(id);
      path.push(id);
      id = parentOf(node);
    }
    // `id` on the current path means the last node on the path closes a cycle: cut its link.
    const cycleAt = id != null && onPath.has(id) ? path[path.length - 1] : undefined;
    for (const p of path) {
      const node = byId.get(p);
      result.set(p, p === cycleAt || node === undefined ? null : parentOf(node));
      onPath.delete(p);
    }
  }
  return result;
};
