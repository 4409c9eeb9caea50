/**
 * Applying a SessionDoc's groups and tasks to the database (part of one apply transaction,
 * see session-store.ts): creates, edits, moves and deletes only what differs, parents first,
 * then dependencies and sibling order as the file has them.
 */
import type { Db } from '../db/sqlite';
import type { AppError, Result } from '../result';
import type { GroupDoc, TaskDoc } from '../../core/session-md/session-doc';
import { taskContainerKey } from '../../core/session-md/session-doc';
import { createGroup, moveGroup, updateGroup } from '../domain/groups';
import { createTask, deleteTask, moveTask, updateTask } from '../domain/tasks';
import { type DependencyLists, setDependencyLists } from '../domain/dependencies';
import { subgroupOrder, taskExists, taskPositions } from '../domain/session-doc-rows';

export interface ApplyReport {
  created: number;
  updated: number;
  moved: number;
  deleted: number;
  /** Edits the rules refused (e.g. a status change the lifecycle forbids), for people. */
  refused: string[];
}

/** Unwraps a domain Result inside the apply transaction: a refusal aborts the whole apply. */
export class ApplyAbort extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.error = error;
  }
}
export function must<T>(result: Result<T, AppError>): T {
  if (!result.ok) throw new ApplyAbort(result.error);
  return result.value;
}

export const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * How deep each item sits under its parents (0 at the top), walked without recursion so a
 * chain of any depth cannot overflow the stack; a parent loop in bad input ends the walk.
 */
const depth = <T>(items: readonly T[], id: (x: T) => string, parent: (x: T) => string | null) => {
  const byId = new Map(items.map((x) => [id(x), x]));
  const memo = new Map<string, number>();
  return (x: T): number => {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let at: T | undefined = x;
    let base = -1;
    while (at) {
      const key = id(at);
      const known = memo.get(key);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onChain.has(key)) break;
      chain.push(key);
      onChain.add(key);
      const p = parent(at);
      at = p ? byId.get(p) : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) memo.set(chain[i]!, ++base);
    return memo.get(id(x))!;
  };
};

export async function applyGroups(
  db: Db,
  sessionId: string,
  current: readonly GroupDoc[],
  target: readonly GroupDoc[],
  report: ApplyReport,
) {
  const byId = new Map(current.map((g) => [g.group_id, g]));
  const level = depth(
    target,
    (g) => g.group_id,
    (g) => g.parent_group_id,
  );
  for (const group of [...target].sort((a, b) => level(a) - level(b))) {
    const existing = byId.get(group.group_id);
    if (!existing) {
      must(
        await createGroup(db, {
          session_id: sessionId,
          group_id: group.group_id,
          group_name: group.group_name,
          parent_group_id: group.parent_group_id,
          description: group.description,
          specialist_focus: group.specialist_focus,
          position: group.position_in_session,
        }),
      );
      report.created++;
      continue;
    }
    if (
      existing.group_name !== group.group_name ||
      existing.description !== group.description ||
      existing.specialist_focus !== group.specialist_focus
    ) {
      must(
        await updateGroup(db, group.group_id, {
          group_name: group.group_name,
          description: group.description,
          specialist_focus: group.specialist_focus,
        }),
      );
      report.updated++;
    }
    if (existing.parent_group_id !== group.parent_group_id) {
      must(await moveGroup(db, group.group_id, { parent_group_id: group.parent_group_id }));
      report.moved++;
    }
  }
  // Sibling order, as the file has it.
  const siblings = new Map<string, GroupDoc[]>();
  for (const group of target) {
    const key = group.parent_group_id ?? '';
    siblings.set(key, [...(siblings.get(key) ?? []), group]);
  }
  for (const list of siblings.values()) {
    list.sort((a, b) => a.position_in_session - b.position_in_session);
    const order = await subgroupOrder(db, sessionId, list[0]!.parent_group_id);
    const wanted = new Set(list.map((g) => g.group_id));
    if (
      sameList(
        order.filter((id) => wanted.has(id)),
        list.map((g) => g.group_id),
      )
    )
      continue;
    for (const [position, group] of list.entries()) {
      must(
        await moveGroup(db, group.group_id, { parent_group_id: group.parent_group_id, position }),
      );
    }
    report.moved++;
  }
}

const taskFields = [
  'title',
  'status',
  'specialist_type',
  'estimated_effort',
  'actual_effort',
  'due_date',
  'scheduled_date',
  'complexity_level',
  'description',
] as const;

/** Task fields a file may set that the rules can refuse on their own, without the task. */
const lenientFields: readonly string[] = taskFields.filter((f) => f !== 'title' && f !== 'status');

/**
 * Runs a task create or edit; a field the rules refuse (an effort out of range, a date that
 * is no day) is left out and reported against its task, and the rest applies: one field the
 * app cannot take never blocks the rest of the file.
 */
async function lenient<I extends object, T>(
  input: I,
  title: string,
  run: (input: I) => Promise<Result<T, AppError>>,
  report: ApplyReport,
): Promise<T> {
  const current = { ...input } as Record<string, unknown>;
  for (;;) {
    const result = await run(current as unknown as I);
    if (result.ok) return result.value;
    const { error } = result;
    if (
      error.type !== 'Validation' ||
      !lenientFields.includes(error.field) ||
      !(error.field in current)
    )
      throw new ApplyAbort(error);
    report.refused.push(`Task “${title}”: ${error.message} The app kept its own value.`);
    delete current[error.field];
  }
}

export async function applyTasks(
  db: Db,
  sessionId: string,
  current: readonly TaskDoc[],
  target: readonly TaskDoc[],
  report: ApplyReport,
) {
  const byId = new Map(current.map((t) => [t.task_id, t]));
  const level = depth(
    target,
    (t) => t.task_id,
    (t) => t.parent_task_id,
  );
  const ordered = [...target].sort((a, b) => level(a) - level(b));

  // 1. New tasks, parents first; moved tasks first go to the top of their target group so
  //    no intermediate state nests a task inside its own subtree.
  const moved: TaskDoc[] = [];
  for (const task of ordered) {
    const existing = byId.get(task.task_id);
    if (!existing) {
      await lenient(
        {
          session_id: sessionId,
          task_id: task.task_id,
          title: task.title,
          parent_task_id: task.parent_task_id,
          task_group: task.parent_task_id ? null : task.task_group,
          status: task.status,
          specialist_type: task.specialist_type,
          estimated_effort: task.estimated_effort,
          actual_effort: task.actual_effort,
          due_date: task.due_date,
          scheduled_date: task.scheduled_date,
          complexity_level: task.complexity_level,
          description: task.description,
        },
        task.title,
        (input) => createTask(db, input),
        report,
      );
      report.created++;
    } else if (
      existing.parent_task_id !== task.parent_task_id ||
      (!task.parent_task_id && existing.task_group !== task.task_group)
    ) {
      must(await moveTask(db, task.task_id, { parent_task_id: null, task_group: task.task_group }));
      moved.push(task);
    }
  }
  for (const task of moved) {
    if (task.parent_task_id)
      must(await moveTask(db, task.task_id, { parent_task_id: task.parent_task_id }));
    report.moved++;
  }

  // 2. Field edits of tasks that existed.
  for (const task of target) {
    const existing = byId.get(task.task_id);
    if (!existing) continue;
    const patch: Record<string, unknown> = {};
    for (const field of taskFields) if (existing[field] !== task[field]) patch[field] = task[field];
    if (Object.keys(patch).length > 0) {
      await lenient(patch, task.title, (input) => updateTask(db, task.task_id, input), report);
      report.updated++;
    }
  }

  // 3. Deletions: what the target no longer has (a parent deleted with its subtree).
  const keep = new Set(target.map((t) => t.task_id));
  for (const task of current) {
    if (keep.has(task.task_id)) continue;
    if (await taskExists(db, task.task_id)) {
      must(await deleteTask(db, task.task_id));
      report.deleted++;
    }
  }

  // 4. Dependencies and related tasks, now that every task exists: one batch, so that the
  //    cycle check walks the graph once, not once per task (a 2,000 chain took minutes).
  const lists = new Map<string, DependencyLists>();
  for (const task of target) {
    const existing = byId.get(task.task_id);
    const entry: { depends_on?: readonly string[]; related_tasks?: readonly string[] } = {};
    if (!existing || !sameList(existing.depends_on, task.depends_on)) {
      if (existing || task.depends_on.length) entry.depends_on = task.depends_on;
    }
    if (!existing || !sameList(existing.related_tasks, task.related_tasks)) {
      if (existing || task.related_tasks.length) entry.related_tasks = task.related_tasks;
    }
    if (entry.depends_on || entry.related_tasks) lists.set(task.task_id, entry);
  }
  must(await setDependencyLists(db, sessionId, lists));

  // 5. Sibling order, as the file has it.
  const containers = new Map<string, TaskDoc[]>();
  for (const task of target) {
    const key = taskContainerKey(task);
    const list = containers.get(key);
    if (list) list.push(task);
    else containers.set(key, [task]);
  }
  const now = await taskPositions(db, sessionId);
  for (const list of containers.values()) {
    list.sort((a, b) => a.position_in_group - b.position_in_group);
    const inDb = [...list].sort((a, b) => now.get(a.task_id)! - now.get(b.task_id)!);
    if (
      sameList(
        inDb.map((t) => t.task_id),
        list.map((t) => t.task_id),
      )
    )
      continue;
    for (const [position, task] of list.entries())
      must(await moveTask(db, task.task_id, { position }));
    report.moved++;
  }
}
