/**
 * claude-task-master's `.taskmaster/tasks/tasks.json`: `{ tasks, metadata }`, or the tagged
 * form `{ "<tag>": { tasks, metadata }, … }` where each tag becomes a group. A task's `id` →
 * the reference (`3`, a subtask `3.2`), `status` → the status, `dependencies` (a subtask's
 * numbers name its siblings) → dependencies, `subtasks` → subtasks, `priority` → a priority
 * (kept: tasks have no priority field). `description`, `details` and `testStrategy` become
 * the description; any other field is kept there as JSON. Iterative, so deep subtask
 * chains cannot overflow the stack.
 */
import type { TaskStatus } from '../model';
import { PlanDraft, appendDescription, statusNames } from './plan-draft';
import type { Plan, PlanGroup, PlanTask } from './plan-model';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The tag lists of a tasks.json, or null when it is not one. */
export function taskMasterTags(
  data: unknown,
): Array<{ tag: string | null; tasks: unknown[] }> | null {
  if (!isObject(data)) return null;
  if (Array.isArray(data['tasks'])) return [{ tag: null, tasks: data['tasks'] }];
  const tags: Array<{ tag: string; tasks: unknown[] }> = [];
  for (const [tag, value] of Object.entries(data)) {
    if (isObject(value) && Array.isArray(value['tasks'])) tags.push({ tag, tasks: value['tasks'] });
  }
  return tags.length > 0 ? tags : null;
}

const statuses: ReadonlyMap<string, TaskStatus> = new Map([
  ['pending', 'pending'],
  ['in-progress', 'in_progress'],
  ['in_progress', 'in_progress'],
  ['done', 'completed'],
  ['completed', 'completed'],
  ['blocked', 'blocked'],
  ['cancelled', 'cancelled'],
  ['canceled', 'cancelled'],
  // No such state here: the nearest one, and the word is kept in the description.
  ['review', 'in_progress'],
  ['deferred', 'pending'],
]);

const priorities = new Map([
  ['critical', 1],
  ['high', 2],
  ['medium', 3],
  ['low', 4],
]);

const describedKeys = ['description', 'details', 'testStrategy'] as const;
const mappedKeys = new Set([
  'id',
  'title',
  'status',
  'dependencies',
  'subtasks',
  'priority',
  ...describedKeys,
]);

export function planFromTaskMaster(data: unknown, name: string): Plan {
  const draft = new PlanDraft();
  const tags = taskMasterTags(data) ?? [];
  let line = 0;
  const notes: string[] = [];
  for (const { tag, tasks } of tags) {
    const group: PlanGroup | null = tag === null ? null : draft.addGroup(tag, null);
    if (tag !== null) draft.note('a tag ("master", …)', 'a group');
    const meta =
      tag === null ? (data as Json)['metadata'] : ((data as Json)[tag] as Json)['metadata'];
    if (meta !== undefined) notes.push(`${tag ?? 'metadata'}: ${JSON.stringify(meta)}`);
    // Depth first, parents before children, without recursion.
    const stack: Array<{ raw: unknown; parent: PlanTask | null }> = [];
    for (let i = tasks.length - 1; i >= 0; i--) stack.push({ raw: tasks[i], parent: null });
    while (stack.length > 0) {
      const { raw, parent } = stack.pop()!;
      line++;
      const task = readTask(draft, raw, group, parent, line, tag);
      const subtasks = isObject(raw) && Array.isArray(raw['subtasks']) ? raw['subtasks'] : [];
      if (subtasks.length > 0) draft.note('subtasks', 'subtasks');
      for (let i = subtasks.length - 1; i >= 0; i--) stack.push({ raw: subtasks[i], parent: task });
    }
  }
  return draft.finish('task-master', name, '', notes.join('\n'));
}

function readTask(
  draft: PlanDraft,
  raw: unknown,
  group: PlanGroup | null,
  parent: PlanTask | null,
  line: number,
  tag: string | null,
): PlanTask {
  const item = isObject(raw) ? raw : { title: JSON.stringify(raw) };
  const title = textOf(item['title']) || `Task ${textOf(item['id']) || line}`;
  const word = textOf(item['status']).toLowerCase();
  const status = statuses.get(word);
  const task = draft.addTask(title, status ?? 'pending', group, parent, line);
  if (word !== '')
    draft.note(
      `status "${word}"`,
      status === undefined || word === 'review' || word === 'deferred'
        ? `${statusNames[status ?? 'pending']} (the word is kept in the description)`
        : statusNames[status],
    );
  const id = textOf(item['id']);
  // Refs are unique across tags: `tag/3` when the file has tags.
  const local = parent ? `${parent.ref?.split('/').pop() ?? ''}.${id}` : id;
  if (id !== '') task.ref = tag === null ? local : `${tag}/${local}`;
  const kept: Json = {};
  if (status === undefined || word === 'review' || word === 'deferred') {
    if (word !== '') kept['status'] = item['status'];
  }
  const priority = priorities.get(textOf(item['priority']).toLowerCase());
  if (priority !== undefined) {
    task.priority = priority;
    kept['priority'] = item['priority'];
    draft.note('priority', 'a priority (kept in the description: tasks have no priority)');
  }
  const deps = Array.isArray(item['dependencies']) ? item['dependencies'] : [];
  const refs = deps.map((dep) => refOf(dep, parent, tag)).filter((ref) => ref !== '');
  if (refs.length > 0) {
    draft.want(task, 'depends', refs, `dependencies: ${JSON.stringify(deps)}`);
    draft.note('dependencies', 'dependencies');
  }
  for (const key of describedKeys) {
    const value = textOf(item[key]);
    if (value === '') continue;
    appendDescription(
      task,
      key === 'description'
        ? value
        : `${key === 'details' ? 'Details' : 'Test strategy'}:\n${value}`,
    );
  }
  for (const [key, value] of Object.entries(item)) if (!mappedKeys.has(key)) kept[key] = value;
  if (Object.keys(kept).length > 0) appendDescription(task, JSON.stringify(kept));
  return task;
}

/** A subtask's number names a sibling (`3.1`); a dotted string or a task's id is as is. */
function refOf(dep: unknown, parent: PlanTask | null, tag: string | null): string {
  const text = textOf(dep);
  if (text === '') return '';
  const prefix = tag === null ? '' : `${tag}/`;
  if (parent !== null && /^\d+$/.test(text)) {
    const parentId = parent.ref?.split('/').pop() ?? '';
    return `${prefix}${parentId}.${text}`;
  }
  return `${prefix}${text}`;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}
