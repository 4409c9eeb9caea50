/**
 * Edits of a session doc, as the command line and the MCP server make them: add a task, change
 * its status or fields, add to its description, start a new session. Pure: each returns a new
 * doc and leaves the input as it was; only the touched task's object is new, so rendering the
 * result changes only that task's lines (and the header's progress figures).
 * Bad input throws an {@link EditError} with a message meant for a person.
 */
import { complexityLevels, taskStatuses } from '../model';
import type { ComplexityLevel, TaskStatus } from '../model';
import { isoDateProblem } from '../dates';
import { newId } from '../ids';
import { buildDocTree } from './doc-tree';
import { emptySessionDoc, normalizeText, taskContainerKey } from './session-doc';
import type { GroupDoc, SessionDoc, TaskDoc } from './session-doc';

export class EditError extends Error {
  override name = 'EditError';
}

/** The fields an edit may set; `undefined` leaves a field as it is, `null` clears it. */
export interface TaskPatch {
  title?: string;
  status?: TaskStatus;
  specialist_type?: string | null;
  estimated_effort?: number | null;
  actual_effort?: number | null;
  complexity_level?: ComplexityLevel;
  depends_on?: readonly string[];
  related_tasks?: readonly string[];
  description?: string | null;
  /** Calendar days, `YYYY-MM-DD`. */
  due_date?: string | null;
  scheduled_date?: string | null;
}

export interface NewTask extends TaskPatch {
  title: string;
  /** A group id; the task goes last among the group's top-level tasks. */
  group?: string | null;
  /** A parent task id; the task goes last among its subtasks (and takes its group). */
  parent?: string | null;
}

/** Tasks in the order the file shows them: ungrouped first, then group by group, depth first. */
export const tasksInOrder = (doc: SessionDoc): TaskDoc[] => {
  const tree = buildDocTree(doc);
  const out: TaskDoc[] = [];
  const walk = (top: readonly number[]) => {
    const stack = [...top].reverse();
    while (stack.length > 0) {
      const index = stack.pop()!;
      out.push(doc.tasks[index]!);
      const children = tree.subtasks[index] ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  };
  walk(tree.topTasks.get('') ?? []);
  const groups = [...(tree.groupsByParent.get(null) ?? [])].reverse();
  while (groups.length > 0) {
    const group = groups.pop()!;
    walk(tree.topTasks.get(group.group_id) ?? []);
    const children = tree.groupsByParent.get(group.group_id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) groups.push(children[i]!);
  }
  return out;
};

/** Open tasks (not completed, not cancelled) whose known prerequisites are all completed. */
export const readyTasks = (doc: SessionDoc): TaskDoc[] => {
  const status = new Map(doc.tasks.map((t) => [t.task_id, t.status]));
  return tasksInOrder(doc).filter(
    (t) =>
      t.status !== 'completed' &&
      t.status !== 'cancelled' &&
      t.depends_on.every((id) => (status.get(id) ?? 'completed') === 'completed'),
  );
};

/** One task by id, or by a unique prefix of its id (with or without `task_`). */
export const findTask = (doc: SessionDoc, ref: string): TaskDoc => {
  const exact = doc.tasks.find((t) => t.task_id === ref);
  if (exact) return exact;
  const matches = doc.tasks.filter(
    (t) => t.task_id.startsWith(ref) || t.task_id.startsWith(`task_${ref}`),
  );
  return single(matches, ref, 'task', (t) => t.task_id);
};

/** One group by id, name (case ignored) or a unique prefix of either. */
export const findGroup = (doc: SessionDoc, ref: string): GroupDoc => {
  const lower = ref.toLowerCase();
  const exact = doc.groups.filter(
    (g) => g.group_id === ref || g.group_name.toLowerCase() === lower,
  );
  if (exact.length === 1) return exact[0]!;
  const matches =
    exact.length > 1
      ? exact
      : doc.groups.filter(
          (g) => g.group_id.startsWith(ref) || g.group_name.toLowerCase().startsWith(lower),
        );
  return single(matches, ref, 'group', (g) => `${g.group_id} (${g.group_name})`);
};

const single = <T>(matches: T[], ref: string, kind: string, name: (row: T) => string): T => {
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new EditError(`No ${kind} "${ref}".`);
  const list = matches.slice(0, 5).map(name).join(', ');
  throw new EditError(`"${ref}" names ${matches.length} ${kind}s: ${list}. Give more of the id.`);
};

/** Adds a task at the end of its group or parent. Returns the new doc and the new task. */
export const addTask = (
  doc: SessionDoc,
  input: NewTask,
  id: string = newId('task'),
): { doc: SessionDoc; task: TaskDoc } => {
  if (doc.tasks.some((t) => t.task_id === id)) throw new EditError(`The id ${id} is taken.`);
  const parent = input.parent != null ? findTask(doc, input.parent) : null;
  const group = parent
    ? parent.task_group
    : input.group != null
      ? findGroup(doc, input.group).group_id
      : null;
  const container = taskContainerKey({
    parent_task_id: parent?.task_id ?? null,
    task_group: group,
  });
  let last = -1;
  for (const t of doc.tasks) {
    if (taskContainerKey(t) === container) last = Math.max(last, t.position_in_group);
  }
  const base: TaskDoc = {
    task_id: id,
    parent_task_id: parent?.task_id ?? null,
    task_group: group,
    position_in_group: last + 1,
    title: '',
    status: 'pending',
    specialist_type: null,
    estimated_effort: null,
    actual_effort: null,
    complexity_level: 'moderate',
    depends_on: [],
    related_tasks: [],
    description: null,
    due_date: null,
    scheduled_date: null,
  };
  const task = patched(doc, base, input);
  return { doc: { ...doc, tasks: [...doc.tasks, task] }, task };
};

/** Changes fields of one task (found by {@link findTask}). */
export const updateTask = (doc: SessionDoc, ref: string, patch: TaskPatch): SessionDoc => {
  const old = findTask(doc, ref);
  const task = patched(doc, old, patch);
  return { ...doc, tasks: doc.tasks.map((t) => (t === old ? task : t)) };
};

/** Adds a paragraph to a task's description (the description is created when empty). */
export const appendNote = (doc: SessionDoc, ref: string, text: string): SessionDoc => {
  const old = findTask(doc, ref);
  const note = normalizeText(text);
  if (note == null) throw new EditError('The note is empty.');
  const description = old.description == null ? note : `${old.description}\n\n${note}`;
  return updateTask(doc, old.task_id, { description });
};

/** The doc of a new, empty session. */
export const newSessionDoc = (
  name: string,
  now: Date,
  id: string = newId('session'),
): SessionDoc => {
  const title = name.replace(/\s+/g, ' ').trim();
  if (title === '') throw new EditError('A session needs a name.');
  const at = now.toISOString().slice(0, 16).replace('T', ' ');
  return {
    ...emptySessionDoc({
      session_id: id,
      name: title,
      status: 'active',
      priority_level: 3,
      mode_file: null,
      description: null,
    }),
    changeLog: [`${at} — session created`],
  };
};

/** A copy of `task` with `patch` applied and checked against the doc. */
const patched = (doc: SessionDoc, task: TaskDoc, patch: TaskPatch): TaskDoc => {
  const next: TaskDoc = { ...task };
  if (patch.title !== undefined) {
    const title = patch.title.replace(/\s+/g, ' ').trim();
    if (title === '') throw new EditError('A task needs a title.');
    next.title = title;
  }
  if (patch.status !== undefined) {
    if (!taskStatuses.includes(patch.status)) {
      throw new EditError(
        `Unknown status "${patch.status}"; use one of ${taskStatuses.join(', ')}.`,
      );
    }
    next.status = patch.status;
  }
  if (patch.complexity_level !== undefined) {
    if (!complexityLevels.includes(patch.complexity_level)) {
      throw new EditError(
        `Unknown complexity "${patch.complexity_level}"; use one of ${complexityLevels.join(', ')}.`,
      );
    }
    next.complexity_level = patch.complexity_level;
  }
  if (patch.specialist_type !== undefined) {
    const value = patch.specialist_type?.trim().replace(/^@/, '') ?? '';
    if (/[\s`]/.test(value)) throw new EditError(`A specialist is one word: "${value}".`);
    next.specialist_type = value === '' ? null : value;
  }
  for (const field of ['estimated_effort', 'actual_effort'] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    if (value !== null && !(Number.isFinite(value) && value >= 0)) {
      throw new EditError(`Effort must be a number of hours, 0 or more: ${value}.`);
    }
    next[field] = value;
  }
  if (patch.description !== undefined) next.description = normalizeText(patch.description);
  for (const [field, label] of [
    ['due_date', 'The due date'],
    ['scheduled_date', 'The scheduled date'],
  ] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    const problem = value === null ? null : isoDateProblem(label, value);
    if (problem) throw new EditError(problem);
    next[field] = value;
  }
  for (const field of ['depends_on', 'related_tasks'] as const) {
    const ids = patch[field];
    if (ids === undefined) continue;
    next[field] = [...new Set(ids.map((ref) => findTask(doc, ref).task_id))];
    if (next[field].includes(next.task_id)) {
      throw new EditError(
        `A task cannot ${field === 'depends_on' ? 'depend on' : 'relate to'} itself.`,
      );
    }
  }
  if (patch.depends_on !== undefined) refuseCycle(doc, next);
  return next;
};

/** Refuses prerequisites that lead back to the task, naming the loop. */
const refuseCycle = (doc: SessionDoc, task: TaskDoc): void => {
  const deps = new Map(doc.tasks.map((t) => [t.task_id, t.depends_on]));
  deps.set(task.task_id, task.depends_on);
  const path = dependencyPath(deps, task.task_id);
  if (path) throw new EditError(`That makes a dependency cycle: ${path.join(' → ')}.`);
};

/** A path of prerequisites from `start` back to itself (start first and last), if any. */
export const dependencyPath = (
  deps: ReadonlyMap<string, readonly string[]>,
  start: string,
): string[] | null => {
  // Depth first, without recursion; `from` remembers how each task was reached.
  const from = new Map<string, string>();
  const stack: string[] = [];
  const visit = (id: string, via: string) => {
    if (from.has(id)) return;
    from.set(id, via);
    stack.push(id);
  };
  for (const id of deps.get(start) ?? []) visit(id, start);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === start) {
      const path = [start];
      for (let at = from.get(start)!; at !== start; at = from.get(at)!) path.push(at);
      path.push(start);
      return path.reverse();
    }
    for (const next of deps.get(id) ?? []) visit(next, id);
  }
  return null;
};
