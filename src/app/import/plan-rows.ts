/**
 * The import preview's tree as a flat, capped list of rows: groups in order, each with its
 * tasks and subtasks depth first, at most `perGroup` tasks per group and `total` rows in all,
 * with "…and N more" rows for what is left out. A 5,000-item plan renders a few hundred rows.
 */
import type { Plan, PlanGroup, PlanTask, TaskStatus } from '../../../workers/api';

export type PlanRow =
  | { kind: 'group'; key: string; name: string; depth: number; tasks: number }
  | {
      kind: 'task';
      key: string;
      title: string;
      done: boolean;
      status: TaskStatus;
      /** The checkbox as written when it is not `[ ]`/`[x]`, e.g. `[-]`. */
      checkbox: string | null;
      ref: string | null;
      dependencies: number;
      depth: number;
    }
  | { kind: 'more'; key: string; count: number; depth: number; what: string };

export interface PlanRowLimits {
  perGroup: number;
  total: number;
}

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

function groupBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string | null,
): Map<string | null, T[]> {
  const map = new Map<string | null, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

export function planRows(
  plan: Plan,
  limits: PlanRowLimits = { perGroup: 60, total: 400 },
): PlanRow[] {
  const groupsByParent = groupBy(plan.groups, (g) => g.parentKey);
  const rootTasksByGroup = groupBy(
    plan.tasks.filter((t) => t.parentKey === null),
    (t) => t.groupKey,
  );
  const childrenByParent = groupBy(plan.tasks, (t) => t.parentKey);
  const taskCountByGroup = new Map<string | null, number>();
  for (const t of plan.tasks)
    taskCountByGroup.set(t.groupKey, (taskCountByGroup.get(t.groupKey) ?? 0) + 1);
  for (const list of [...groupsByParent.values(), ...rootTasksByGroup.values()])
    list.sort(byPosition);
  for (const list of childrenByParent.values()) list.sort(byPosition);

  const rows: PlanRow[] = [];
  let groupsShown = 0;

  const visitTasks = (roots: readonly PlanTask[], depth: number, budget: { left: number }) => {
    // An explicit stack: plans can nest deeper than is comfortable for recursion.
    const stack: Array<{ task: PlanTask; depth: number }> = roots
      .map((task) => ({ task, depth }))
      .reverse();
    while (stack.length > 0 && budget.left > 0 && rows.length < limits.total) {
      const { task, depth: d } = stack.pop()!;
      rows.push({
        kind: 'task',
        key: task.key,
        title: task.title,
        done: task.done,
        status: task.status,
        checkbox: task.checkbox ?? null,
        ref: task.ref ?? null,
        dependencies: task.dependsOn?.length ?? 0,
        depth: d,
      });
      budget.left--;
      const children = childrenByParent.get(task.key) ?? [];
      for (let i = children.length - 1; i >= 0; i--)
        stack.push({ task: children[i]!, depth: d + 1 });
    }
  };

  const visitGroup = (group: PlanGroup) => {
    if (rows.length >= limits.total) return;
    const tasks = taskCountByGroup.get(group.key) ?? 0;
    rows.push({ kind: 'group', key: group.key, name: group.name, depth: group.level, tasks });
    groupsShown++;
    const budget = { left: limits.perGroup };
    visitTasks(rootTasksByGroup.get(group.key) ?? [], group.level + 1, budget);
    const shown = limits.perGroup - budget.left;
    if (shown < tasks)
      rows.push({
        kind: 'more',
        key: `more:${group.key}`,
        count: tasks - shown,
        depth: group.level + 1,
        what: tasks - shown === 1 ? 'task' : 'tasks',
      });
    for (const child of groupsByParent.get(group.key) ?? []) visitGroup(child);
  };

  for (const group of groupsByParent.get(null) ?? []) visitGroup(group);

  const groupsLeft = plan.groups.length - groupsShown;
  if (groupsLeft > 0)
    rows.push({
      kind: 'more',
      key: 'more:end',
      count: groupsLeft,
      depth: 0,
      what: groupsLeft === 1 ? 'group' : 'groups',
    });
  return rows;
}
