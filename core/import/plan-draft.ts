/**
 * What every importer shares while it builds a plan: groups and tasks in reading order,
 * references waiting to become dependencies, a tally of the conventions read (for the
 * preview), and the last pass that numbers levels and positions and counts. Linear in the
 * number of tasks and references.
 */
import { isIsoDate } from '../dates';
import type { TaskStatus } from '../model';
import type { Plan, PlanConvention, PlanFormat, PlanGroup, PlanTask } from './plan-model';
import { planFormatNames, ungroupedName } from './plan-model';

/** What a task waits for or relates to, by reference, with the text it was read from. */
interface Wanted {
  task: PlanTask;
  kind: 'depends' | 'related';
  refs: string[];
  /**
   * Verbatim source of the references, kept in the description if one is not found; ''
   * when the text stays in the title (then unknown references are just not dependencies).
   */
  raw: string;
  /** The convention to count once the references are found. */
  convention?: readonly [string, string];
}

export class PlanDraft {
  readonly groups: PlanGroup[] = [];
  readonly tasks: PlanTask[] = [];
  private readonly wanted: Wanted[] = [];
  private readonly tally = new Map<string, PlanConvention>();
  private ungrouped: PlanGroup | null = null;

  /** A group under `parent` (positions and levels are numbered by {@link finish}). */
  addGroup(name: string, parent: PlanGroup | null): PlanGroup {
    const group: PlanGroup = {
      key: `g${this.groups.length + 1}`,
      name,
      level: 0,
      parentKey: parent ? parent.key : null,
      position: 0,
    };
    this.groups.push(group);
    return group;
  }

  /** The group for tasks outside any section, made when first needed. */
  ungroupedGroup(): PlanGroup {
    this.ungrouped ??= this.addGroup(ungroupedName, null);
    return this.ungrouped;
  }

  /**
   * A task under `parent` (which decides the group), else in `group` (else "Ungrouped"),
   * in reading order.
   */
  addTask(
    text: string,
    status: TaskStatus,
    group: PlanGroup | null,
    parent: PlanTask | null,
    line: number,
  ): PlanTask {
    const task: PlanTask = {
      key: `t${this.tasks.length + 1}`,
      title: text,
      text,
      done: status === 'completed',
      status,
      groupKey: parent ? parent.groupKey : (group ?? this.ungroupedGroup()).key,
      parentKey: parent ? parent.key : null,
      level: 0,
      position: 0,
      line,
    };
    this.tasks.push(task);
    return task;
  }

  /**
   * Puts parents before their children, keeping the reading order otherwise (formats whose
   * files name their parent, in any order). A parent link in a cycle is cut.
   */
  orderParentsFirst(): void {
    const byKey = new Map(this.tasks.map((task) => [task.key, task]));
    const children = new Map<string, PlanTask[]>();
    const roots: PlanTask[] = [];
    for (const task of this.tasks) {
      const parent = task.parentKey === null ? undefined : byKey.get(task.parentKey);
      if (parent === undefined) {
        task.parentKey = null;
        roots.push(task);
      } else {
        const list = children.get(parent.key);
        if (list) list.push(task);
        else children.set(parent.key, [task]);
      }
    }
    const ordered: PlanTask[] = [];
    const placed = new Set<string>();
    const visit = (root: PlanTask): void => {
      const stack = [root];
      while (stack.length > 0) {
        const task = stack.pop()!;
        if (placed.has(task.key)) continue;
        placed.add(task.key);
        ordered.push(task);
        const list = children.get(task.key) ?? [];
        for (let i = list.length - 1; i >= 0; i--) stack.push(list[i]!);
      }
    };
    for (const root of roots) visit(root);
    // What is left hangs in a parent cycle: cut it at the first task met, in reading order.
    for (const task of this.tasks) {
      if (placed.has(task.key)) continue;
      task.parentKey = null;
      visit(task);
    }
    ordered.forEach((task, i) => {
      this.tasks[i] = task;
    });
  }

  /** Counts one use of a convention for the preview: `found` became `became`. */
  note(found: string, became: string): void {
    const key = `${found}\u0000${became}`;
    const seen = this.tally.get(key);
    if (seen) seen.count++;
    else this.tally.set(key, { found, became, count: 1 });
  }

  /** References (`T012`, `2.1`, an Obsidian id …) that `task` waits for. */
  want(
    task: PlanTask,
    kind: 'depends' | 'related',
    refs: readonly string[],
    raw: string,
    convention?: readonly [string, string],
  ): void {
    const wanted = refs.map((ref) => ref.trim()).filter((ref) => ref !== '');
    if (wanted.length === 0) return;
    this.wanted.push(
      convention
        ? { task, kind, refs: wanted, raw, convention }
        : { task, kind, refs: wanted, raw },
    );
  }

  /**
   * Resolves references, numbers levels and positions in reading order (parents come
   * before their children) and counts. A reference no task carries is kept, verbatim, at
   * the end of the waiting task's description.
   */
  finish(format: PlanFormat, name: string, overview: string, notes: string): Plan {
    const byRef = new Map<string, PlanTask>();
    for (const task of this.tasks) {
      for (const ref of [task.ref, task.externalId]) {
        if (ref !== undefined && !byRef.has(ref.toLowerCase())) byRef.set(ref.toLowerCase(), task);
      }
    }
    for (const { task, kind, refs, raw, convention } of this.wanted) {
      const keys = kind === 'depends' ? (task.dependsOn ??= []) : (task.related ??= []);
      let missing = false;
      let resolved = false;
      for (const ref of refs) {
        const found = byRef.get(ref.toLowerCase());
        if (found === undefined || found === task) missing = true;
        else {
          resolved = true;
          if (!keys.includes(found.key)) keys.push(found.key);
        }
      }
      if (missing && raw !== '') appendDescription(task, `${raw} (not found in this plan)`);
      if (resolved && convention) this.note(convention[0], convention[1]);
      if (keys.length === 0) {
        if (kind === 'depends') delete task.dependsOn;
        else delete task.related;
      }
    }

    symmetricRelated(this.tasks);
    dropCycles(this.tasks);

    const groupLevel = new Map<string, number>();
    const positions = new Map<string, number>();
    const take = (scope: string): number => {
      const position = positions.get(scope) ?? 0;
      positions.set(scope, position + 1);
      return position;
    };
    for (const group of this.groups) {
      group.level = group.parentKey === null ? 0 : (groupLevel.get(group.parentKey) ?? -1) + 1;
      groupLevel.set(group.key, group.level);
      group.position = take(`groups in ${group.parentKey ?? ''}`);
    }
    const taskByKey = new Map<string, PlanTask>();
    let done = 0;
    let maxDepth = 0;
    for (const task of this.tasks) {
      const parent = task.parentKey === null ? undefined : taskByKey.get(task.parentKey);
      if (parent) {
        task.level = parent.level + 1;
        task.groupKey = parent.groupKey;
      } else {
        task.level = 0;
        task.parentKey = null;
      }
      task.position = take(`tasks in ${task.parentKey ?? task.groupKey}`);
      task.done = task.status === 'completed';
      if (task.done) done++;
      maxDepth = Math.max(maxDepth, task.level + 1);
      taskByKey.set(task.key, task);
    }
    return {
      format,
      formatName: planFormatNames[format],
      name,
      overview,
      groups: this.groups,
      tasks: this.tasks,
      notes,
      conventions: [...this.tally.values()],
      counts: { groups: this.groups.length, tasks: this.tasks.length, done, maxDepth },
    };
  }
}

/** `related` goes both ways, as the app keeps it. */
function symmetricRelated(tasks: readonly PlanTask[]): void {
  const byKey = new Map(tasks.map((task) => [task.key, task]));
  for (const task of tasks) {
    for (const key of task.related ?? []) {
      const other = byKey.get(key);
      if (other === undefined) continue;
      const back = (other.related ??= []);
      if (!back.includes(task.key)) back.push(task.key);
    }
  }
}

/**
 * The app refuses a dependency that closes a cycle; such an edge is left out here (an
 * iterative depth-first search, linear in tasks and edges) and said in the description.
 */
function dropCycles(tasks: readonly PlanTask[]): void {
  const byKey = new Map(tasks.map((task) => [task.key, task]));
  const state = new Map<string, 'open' | 'done'>();
  for (const root of tasks) {
    if (state.has(root.key)) continue;
    const stack: Array<{ task: PlanTask; next: number }> = [{ task: root, next: 0 }];
    state.set(root.key, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const deps = top.task.dependsOn ?? [];
      if (top.next >= deps.length) {
        state.set(top.task.key, 'done');
        stack.pop();
        continue;
      }
      const key = deps[top.next]!;
      const dep = byKey.get(key);
      const seen = state.get(key);
      if (dep !== undefined && seen === 'open') {
        deps.splice(top.next, 1);
        if (deps.length === 0) delete top.task.dependsOn;
        const name = dep.ref ?? dep.externalId ?? dep.title;
        appendDescription(top.task, `Depends on ${name} (left out: it would close a cycle).`);
        continue;
      }
      top.next++;
      if (dep !== undefined && seen === undefined) {
        state.set(key, 'open');
        stack.push({ task: dep, next: 0 });
      }
    }
  }
}

/** Adds a paragraph to a task's description (one blank line between paragraphs). */
export function appendDescription(task: PlanTask, text: string): void {
  const trimmed = text.trim();
  if (trimmed === '') return;
  task.description =
    task.description === undefined || task.description === ''
      ? trimmed
      : `${task.description}\n\n${trimmed}`;
}

/** Adds a line to a task's description, right under what is there. */
export function appendDescriptionLine(task: PlanTask, line: string): void {
  const trimmed = line.trim();
  if (trimmed === '') return;
  task.description =
    task.description === undefined || task.description === ''
      ? trimmed
      : `${task.description}\n${trimmed}`;
}

/** A valid calendar date `YYYY-MM-DD` at the start of `text`, or undefined. */
export function planDateOf(text: string): string | undefined {
  const date = /^\d{4}-\d{2}-\d{2}(?!\d)/.exec(text.trim())?.[0];
  return date !== undefined && isIsoDate(date) ? date : undefined;
}

/** Task statuses as people write them in the formats (`In Progress`, `done`, `todo`, …). */
export const statusNames: Readonly<Record<TaskStatus, string>> = {
  pending: 'open',
  in_progress: 'in progress',
  blocked: 'blocked',
  completed: 'done',
  cancelled: 'cancelled',
};
