/**
 * The pure half of cleanup: given the rows as they are, works out what they should be — which
 * rows cannot be kept (their session is gone), which links to cut (a parent or group that is
 * gone, in another session, or part of a loop), the hierarchy fields and group levels that
 * follow, and dependency lists with dangling ids removed, `blocks` the exact inverse of
 * `depends_on` and `related_tasks` symmetric. No database access, so it is easy to test.
 */

export interface TaskFacts {
  task_id: string;
  session_id: string;
  parent_task_id: string | null;
  root_task_id: string | null;
  task_group: string | null;
  level: number | null;
  hierarchy_path: string | null;
  depends_on: string[];
  blocks: string[];
  related_tasks: string[];
}

export interface GroupFacts {
  group_id: string;
  session_id: string;
  parent_group_id: string | null;
  group_level: number | null;
}

/** Why a link is cut: its target is missing, in another session, or closes a loop. */
export type LinkFault = 'missing' | 'other_session' | 'cycle';

export interface TaskPlan {
  /** Null when the task is kept as it is linked; otherwise why its parent link is cut. */
  parentFault: LinkFault | null;
  groupFault: Exclude<LinkFault, 'cycle'> | null;
  parent_task_id: string | null;
  root_task_id: string;
  task_group: string | null;
  level: number;
  hierarchy_path: string;
}

export interface GroupPlan {
  parentFault: LinkFault | null;
  parent_group_id: string | null;
  group_level: number;
}

export interface HierarchyPlan {
  /** Tasks and groups whose session no longer exists: they cannot be kept. */
  doomedTasks: Set<string>;
  doomedGroups: Set<string>;
  tasks: Map<string, TaskPlan>;
  groups: Map<string, GroupPlan>;
}

export type ListColumn = 'depends_on' | 'blocks' | 'related_tasks';

export interface ListFault {
  column: ListColumn;
  id: string;
  fault: 'missing' | 'other_session' | 'self' | 'duplicate';
}

export interface DependencyPlan {
  /** Ids that had to be dropped from a task's lists, and why. */
  faults: ListFault[];
  depends_on: string[];
  blocks: string[];
  related_tasks: string[];
}

/**
 * Follows `parentOf` links and cuts each loop once, at its smallest id, so every chain ends at
 * a top-level item. Returns the ids whose link was cut.
 */
function breakCycles(parentOf: Map<string, string | null>): Set<string> {
  const cut = new Set<string>();
  const done = new Set<string>();
  for (const start of [...parentOf.keys()].sort()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let current: string | null = start;
    while (current !== null && !done.has(current)) {
      if (onPath.has(current)) {
        const loop = path.slice(path.indexOf(current));
        const smallest = loop.reduce((a, b) => (b < a ? b : a));
        parentOf.set(smallest, null);
        cut.add(smallest);
        break;
      }
      onPath.add(current);
      path.push(current);
      current = parentOf.get(current) ?? null;
    }
    for (const id of path) done.add(id);
  }
  return cut;
}

/** Computes `valueOf(id)` for every id, parents first, without recursion (chains can be deep). */
function resolveDownward<T>(
  parentOf: Map<string, string | null>,
  compute: (id: string, parentValue: T | null) => T,
): Map<string, T> {
  const values = new Map<string, T>();
  for (const start of parentOf.keys()) {
    const chain: string[] = [];
    let current: string | null = start;
    while (current !== null && !values.has(current)) {
      chain.push(current);
      current = parentOf.get(current) ?? null;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const id = chain[i] as string;
      const parent = parentOf.get(id) ?? null;
      values.set(id, compute(id, parent === null ? null : (values.get(parent) ?? null)));
    }
  }
  return values;
}

/** What the hierarchy of tasks and groups should be, from their parent links. */
export function planHierarchy(
  sessionIds: ReadonlySet<string>,
  groups: readonly GroupFacts[],
  tasks: readonly TaskFacts[],
): HierarchyPlan {
  const doomedGroups = new Set(
    groups.filter((g) => !sessionIds.has(g.session_id)).map((g) => g.group_id),
  );
  const doomedTasks = new Set(
    tasks.filter((t) => !sessionIds.has(t.session_id)).map((t) => t.task_id),
  );
  const groupById = new Map(groups.map((g) => [g.group_id, g]));
  const taskById = new Map(tasks.map((t) => [t.task_id, t]));

  // Groups: a parent that is gone or in another session is cut, then loops.
  const groupFaults = new Map<string, LinkFault>();
  const groupParent = new Map<string, string | null>();
  for (const g of groups) {
    if (doomedGroups.has(g.group_id)) continue;
    const parent = g.parent_group_id === null ? undefined : groupById.get(g.parent_group_id);
    if (g.parent_group_id !== null && !parent) groupFaults.set(g.group_id, 'missing');
    else if (parent && parent.session_id !== g.session_id) {
      groupFaults.set(g.group_id, 'other_session');
    }
    groupParent.set(g.group_id, groupFaults.has(g.group_id) ? null : g.parent_group_id);
  }
  for (const id of breakCycles(groupParent)) groupFaults.set(id, 'cycle');
  const groupLevels = resolveDownward<number>(groupParent, (_id, parentLevel) =>
    parentLevel === null ? 0 : parentLevel + 1,
  );
  const groupPlans = new Map<string, GroupPlan>();
  for (const [id, parent] of groupParent) {
    groupPlans.set(id, {
      parentFault: groupFaults.get(id) ?? null,
      parent_group_id: parent,
      group_level: groupLevels.get(id) ?? 0,
    });
  }

  // Tasks: the same for parents; a group must exist in the task's own session.
  const parentFaults = new Map<string, LinkFault>();
  const groupOfTask = new Map<
    string,
    { group: string | null; fault: 'missing' | 'other_session' | null }
  >();
  const taskParent = new Map<string, string | null>();
  for (const t of tasks) {
    if (doomedTasks.has(t.task_id)) continue;
    const parent = t.parent_task_id === null ? undefined : taskById.get(t.parent_task_id);
    if (t.parent_task_id !== null && !parent) parentFaults.set(t.task_id, 'missing');
    else if (parent && parent.session_id !== t.session_id) {
      parentFaults.set(t.task_id, 'other_session');
    }
    taskParent.set(t.task_id, parentFaults.has(t.task_id) ? null : t.parent_task_id);
    const group = t.task_group === null ? undefined : groupById.get(t.task_group);
    const groupFault =
      t.task_group === null
        ? null
        : !group || doomedGroups.has(group.group_id)
          ? 'missing'
          : group.session_id !== t.session_id
            ? 'other_session'
            : null;
    groupOfTask.set(t.task_id, { group: groupFault ? null : t.task_group, fault: groupFault });
  }
  for (const id of breakCycles(taskParent)) parentFaults.set(id, 'cycle');

  interface Place {
    root: string;
    group: string | null;
    level: number;
    path: string;
  }
  const places = resolveDownward<Place>(taskParent, (id, parent) => {
    if (parent) {
      return { ...parent, level: parent.level + 1, path: `${parent.path}${id}/` };
    }
    const task = taskById.get(id) as TaskFacts;
    const group = groupOfTask.get(id)?.group ?? null;
    return { root: id, group, level: 0, path: `/${task.session_id}/${group ?? '_'}/${id}/` };
  });
  const taskPlans = new Map<string, TaskPlan>();
  for (const [id, parent] of taskParent) {
    const place = places.get(id) as Place;
    taskPlans.set(id, {
      parentFault: parentFaults.get(id) ?? null,
      groupFault: groupOfTask.get(id)?.fault ?? null,
      parent_task_id: parent,
      root_task_id: place.root,
      task_group: place.group,
      level: place.level,
      hierarchy_path: place.path,
    });
  }
  return { doomedTasks, doomedGroups, tasks: taskPlans, groups: groupPlans };
}

/** `kept` in its own order, then the ids of `wanted` it lacks, in `order`. */
function mergeInOrder(kept: string[], wanted: Set<string>, order: Map<string, number>): string[] {
  const result = kept.filter((id) => wanted.has(id));
  const present = new Set(result);
  const extra = [...wanted].filter((id) => !present.has(id));
  extra.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return [...result, ...extra];
}

/**
 * The dependency lists every kept task should have. `depends_on` is the source of truth:
 * dangling, cross-session, self and repeated ids are dropped from it, and `blocks` becomes its
 * exact inverse. `related_tasks` is made symmetric by adding the missing side (nothing a
 * person linked is dropped unless it points nowhere).
 */
export function planDependencies(
  tasks: readonly TaskFacts[],
  doomedTasks: ReadonlySet<string>,
): Map<string, DependencyPlan> {
  const sessionOf = new Map(
    tasks.filter((t) => !doomedTasks.has(t.task_id)).map((t) => [t.task_id, t.session_id]),
  );
  const order = new Map(tasks.map((t, i) => [t.task_id, i]));
  const plans = new Map<string, DependencyPlan>();
  const clean = (task: TaskFacts, column: ListColumn, faults: ListFault[]): string[] => {
    const seen = new Set<string>();
    const kept: string[] = [];
    for (const id of task[column]) {
      const session = sessionOf.get(id);
      const fault: ListFault['fault'] | null =
        id === task.task_id
          ? 'self'
          : session === undefined
            ? 'missing'
            : session !== task.session_id
              ? 'other_session'
              : seen.has(id)
                ? 'duplicate'
                : null;
      if (fault) faults.push({ column, id, fault });
      else kept.push(id);
      seen.add(id);
    }
    return kept;
  };
  const kept = tasks.filter((t) => !doomedTasks.has(t.task_id));
  for (const task of kept) {
    const faults: ListFault[] = [];
    const dependsOn = clean(task, 'depends_on', faults);
    // Blocks and related ids that point nowhere are reported; the rest is rebuilt below.
    const blocks = clean(task, 'blocks', faults);
    const related = clean(task, 'related_tasks', faults);
    plans.set(task.task_id, { faults, depends_on: dependsOn, blocks, related_tasks: related });
  }
  const blockedBy = new Map<string, Set<string>>();
  const relatedTo = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, id: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(id);
    map.set(key, set);
  };
  for (const [id, plan] of plans) {
    for (const prerequisite of plan.depends_on) add(blockedBy, prerequisite, id);
    for (const other of plan.related_tasks) {
      add(relatedTo, id, other);
      add(relatedTo, other, id);
    }
  }
  for (const [id, plan] of plans) {
    plan.blocks = mergeInOrder(plan.blocks, blockedBy.get(id) ?? new Set(), order);
    plan.related_tasks = mergeInOrder(plan.related_tasks, relatedTo.get(id) ?? new Set(), order);
  }
  return plans;
}

/** True when two id lists hold the same ids (order aside). */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id)) && new Set(b).size === set.size;
}
