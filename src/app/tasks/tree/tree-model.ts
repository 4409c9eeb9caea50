/**
 * The task tree as the view sees it: groups (nested) and their tasks (nested), flattened into
 * the visible rows given which nodes are collapsed, plus the pure "where does it go" rules of
 * the keyboard and drag-and-drop moves. No Solid, no worker: unit-testable.
 */
import type { TaskGroup, TreeRow } from '../../../../workers/api';

export interface TaskNode {
  id: string;
  parentId: string | null;
  groupId: string | null;
  title: string;
  status: string;
  position: number;
  level: number;
  estimate: number | null;
  dependencies: number;
  specialist: string | null;
  /** `YYYY-MM-DD` or null. */
  due: string | null;
  scheduled: string | null;
}

export const taskNodeFromRow = (row: TreeRow): TaskNode => ({
  id: row[0],
  parentId: row[1],
  groupId: row[2],
  title: row[3],
  status: row[4],
  position: row[5],
  level: row[6],
  estimate: row[7],
  dependencies: row[8],
  specialist: row[9],
  due: row[10],
  scheduled: row[11],
});

export type VisibleRow =
  | {
      kind: 'group';
      id: string;
      depth: number;
      group: TaskGroup;
      hasChildren: boolean;
      expanded: boolean;
    }
  | {
      kind: 'task';
      id: string;
      depth: number;
      task: TaskNode;
      hasChildren: boolean;
      expanded: boolean;
    };

/** Key of the "Ungrouped" pseudo-group for tasks without a group. */
export const ungroupedKey = '';

export interface TreeIndex {
  /** Top-level tasks by group id ('' = ungrouped), in order. */
  rootsByGroup: Map<string, TaskNode[]>;
  childrenByTask: Map<string, TaskNode[]>;
  groupsByParent: Map<string, TaskGroup[]>;
  byId: Map<string, TaskNode>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexTree(groups: readonly TaskGroup[], tasks: Iterable<TaskNode>): TreeIndex {
  const rootsByGroup = new Map<string, TaskNode[]>();
  const childrenByTask = new Map<string, TaskNode[]>();
  const groupsByParent = new Map<string, TaskGroup[]>();
  const byId = new Map<string, TaskNode>();
  for (const task of tasks) {
    byId.set(task.id, task);
    if (task.parentId) push(childrenByTask, task.parentId, task);
    else push(rootsByGroup, task.groupId ?? ungroupedKey, task);
  }
  const byPosition = (a: TaskNode, b: TaskNode) =>
    a.position - b.position || (a.id < b.id ? -1 : 1);
  for (const list of rootsByGroup.values()) list.sort(byPosition);
  for (const list of childrenByTask.values()) list.sort(byPosition);
  for (const group of groups) push(groupsByParent, group.parent_group_id ?? '', group);
  for (const list of groupsByParent.values())
    list.sort((a, b) => a.position_in_session - b.position_in_session);
  return { rootsByGroup, childrenByTask, groupsByParent, byId };
}

/** The rows to show, depth-first, skipping what collapsed nodes hide. */
export function visibleRows(index: TreeIndex, collapsed: ReadonlySet<string>): VisibleRow[] {
  const rows: VisibleRow[] = [];
  const addTasks = (tasks: readonly TaskNode[], depth: number) => {
    for (const task of tasks) {
      const children = index.childrenByTask.get(task.id) ?? [];
      const expanded = !collapsed.has(task.id);
      rows.push({
        kind: 'task',
        id: task.id,
        depth,
        task,
        hasChildren: children.length > 0,
        expanded,
      });
      if (expanded && children.length) addTasks(children, depth + 1);
    }
  };
  addTasks(index.rootsByGroup.get(ungroupedKey) ?? [], 0);
  const addGroups = (parentId: string, depth: number) => {
    for (const group of index.groupsByParent.get(parentId) ?? []) {
      const tasks = index.rootsByGroup.get(group.group_id) ?? [];
      const subgroups = index.groupsByParent.get(group.group_id) ?? [];
      const expanded = !collapsed.has(group.group_id);
      rows.push({
        kind: 'group',
        id: group.group_id,
        depth,
        group,
        hasChildren: tasks.length + subgroups.length > 0,
        expanded,
      });
      if (!expanded) continue;
      addTasks(tasks, depth + 1);
      addGroups(group.group_id, depth + 1);
    }
  };
  addGroups('', 0);
  return rows;
}

/** The siblings of a task (same parent, or same group at the top level), in order. */
export function siblingsOf(index: TreeIndex, task: TaskNode): TaskNode[] {
  return task.parentId
    ? (index.childrenByTask.get(task.parentId) ?? [])
    : (index.rootsByGroup.get(task.groupId ?? ungroupedKey) ?? []);
}

export interface MoveTarget {
  parent_task_id: string | null;
  task_group?: string | null;
  position: number;
}

/** Tab: the task becomes the last child of the sibling above it. */
export function indentTarget(index: TreeIndex, task: TaskNode): MoveTarget | null {
  const siblings = siblingsOf(index, task);
  const at = siblings.findIndex((t) => t.id === task.id);
  const above = at > 0 ? siblings[at - 1] : undefined;
  if (!above) return null;
  return { parent_task_id: above.id, position: (index.childrenByTask.get(above.id) ?? []).length };
}

/** Shift+Tab: the task moves out to just after its parent. */
export function outdentTarget(index: TreeIndex, task: TaskNode): MoveTarget | null {
  const parent = task.parentId ? index.byId.get(task.parentId) : undefined;
  if (!parent) return null;
  const parentSiblings = siblingsOf(index, parent);
  return {
    parent_task_id: parent.parentId,
    task_group: parent.groupId,
    position: parentSiblings.findIndex((t) => t.id === parent.id) + 1,
  };
}

/** Alt+Up / Alt+Down: one place up or down among the siblings. */
export function shiftTarget(index: TreeIndex, task: TaskNode, delta: -1 | 1): MoveTarget | null {
  const siblings = siblingsOf(index, task);
  const at = siblings.findIndex((t) => t.id === task.id);
  const to = at + delta;
  if (to < 0 || to >= siblings.length) return null;
  return { parent_task_id: task.parentId, task_group: task.groupId, position: to };
}

export type DropPlace = 'before' | 'after' | 'inside';

/** Where a dragged task lands when dropped on `row` at `place`. */
export function dropTarget(index: TreeIndex, row: VisibleRow, place: DropPlace): MoveTarget {
  if (row.kind === 'group') {
    return {
      parent_task_id: null,
      task_group: row.id,
      position: (index.rootsByGroup.get(row.id) ?? []).length,
    };
  }
  const task = row.task;
  if (place === 'inside') {
    return { parent_task_id: task.id, position: (index.childrenByTask.get(task.id) ?? []).length };
  }
  const at = siblingsOf(index, task).findIndex((t) => t.id === task.id);
  return {
    parent_task_id: task.parentId,
    task_group: task.groupId,
    position: place === 'before' ? at : at + 1,
  };
}

/** True when `candidate` is `task` or lies inside its subtree (a drop there is refused). */
export function isInSubtree(index: TreeIndex, task: TaskNode, candidate: string | null): boolean {
  for (let id = candidate; id; id = index.byId.get(id)?.parentId ?? null)
    if (id === task.id) return true;
  return false;
}

/** How many tasks lie under a task (its subtasks, theirs, and so on). */
export function descendantCount(index: TreeIndex, taskId: string): number {
  let count = 0;
  for (const child of index.childrenByTask.get(taskId) ?? [])
    count += 1 + descendantCount(index, child.id);
  return count;
}

/** The given tasks without those inside another given one's subtree (they go with it). */
export function outermostTasks(index: TreeIndex, taskIds: readonly string[]): string[] {
  const given = taskIds.map((id) => index.byId.get(id)).filter((t) => t !== undefined);
  return given
    .filter(
      (task) => !given.some((other) => other !== task && isInSubtree(index, other, task.parentId)),
    )
    .map((task) => task.id);
}

export interface GroupTotals {
  completed: number;
  total: number;
}

/**
 * Each group's task counts with those of the groups nested in it (a group whose tasks all
 * sit in subgroups is not "0/0"). The stored counters are per group; one pass over the groups.
 */
export function groupTotals(groups: readonly TaskGroup[]): Map<string, GroupTotals> {
  const totals = new Map<string, GroupTotals>(
    groups.map((g) => [g.group_id, { completed: g.completed_tasks, total: g.total_tasks }]),
  );
  const depthOf = new Map<string, number>();
  const parentOf = new Map(groups.map((g) => [g.group_id, g.parent_group_id]));
  const depth = (id: string, seen = 0): number => {
    const known = depthOf.get(id);
    if (known !== undefined) return known;
    const parent = parentOf.get(id);
    // A missing parent (or a cycle, which the worker refuses) ends the chain.
    const d =
      parent && totals.has(parent) && seen < groups.length ? depth(parent, seen + 1) + 1 : 0;
    depthOf.set(id, d);
    return d;
  };
  // Deepest first, so each group has its subgroups' totals before it adds itself to its parent.
  const order = [...groups].sort((a, b) => depth(b.group_id) - depth(a.group_id));
  for (const group of order) {
    const parent = group.parent_group_id ? totals.get(group.parent_group_id) : undefined;
    const own = totals.get(group.group_id)!;
    if (parent) {
      parent.completed += own.completed;
      parent.total += own.total;
    }
  }
  return totals;
}
