/**
 * A session as todo.txt: one line a task, flat, in the tree's order. `x` and the completion
 * date for done tasks, `+Group` for the task's group (spaces become `_`), `@specialist`,
 * then `id:` and, for a subtask, `parent:` naming its parent's id, `due:` and `t:` (the
 * threshold, our scheduled date), `dep:` for its
 * prerequisites, `status:` when it is neither open nor done, `est:` for the estimate. The
 * todo.txt import reads all of these back.
 */
import { buildDocTree } from '../session-md/doc-tree';
import { oneLine } from '../session-md/markdown-syntax';
import { hoursText } from '../session-md/markdown-tags';
import type { SessionDoc, TaskDoc } from '../session-md/session-doc';

/**
 * `completedAt` gives the completion time (ISO 8601) of done tasks by id; the session doc
 * does not carry it.
 */
export function renderTodoTxt(
  doc: SessionDoc,
  completedAt: ReadonlyMap<string, string> = new Map(),
): string {
  const tree = buildDocTree(doc);
  const groupName = new Map(doc.groups.map((g) => [g.group_id, g.group_name]));
  const lines: string[] = [];
  const writeTasks = (roots: readonly number[]): void => {
    // Depth first without recursion: chains may be deep.
    const stack = [...roots].reverse();
    while (stack.length > 0) {
      const index = stack.pop()!;
      const task = doc.tasks[index];
      if (!task) continue;
      lines.push(lineOf(task, groupName, completedAt));
      const children = tree.subtasks[index] ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  };
  writeTasks(tree.topTasks.get('') ?? []);
  const groups = [...(tree.groupsByParent.get(null) ?? [])].reverse();
  while (groups.length > 0) {
    const group = groups.pop()!;
    writeTasks(tree.topTasks.get(group.group_id) ?? []);
    const children = tree.groupsByParent.get(group.group_id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) groups.push(children[i]!);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function lineOf(
  task: TaskDoc,
  groupName: ReadonlyMap<string, string>,
  completedAt: ReadonlyMap<string, string>,
): string {
  const parts: string[] = [];
  if (task.status === 'completed') {
    parts.push('x');
    const at = completedAt.get(task.task_id);
    if (at !== undefined && /^\d{4}-\d{2}-\d{2}/.test(at)) parts.push(at.slice(0, 10));
  }
  parts.push(oneLine(task.title).trim());
  const group = task.task_group === null ? undefined : groupName.get(task.task_group);
  if (group !== undefined) parts.push(`+${word(group)}`);
  if (task.specialist_type) parts.push(`@${word(task.specialist_type)}`);
  parts.push(`id:${task.task_id}`);
  if (task.parent_task_id !== null) parts.push(`parent:${task.parent_task_id}`);
  if (task.due_date) parts.push(`due:${task.due_date}`);
  if (task.scheduled_date) parts.push(`t:${task.scheduled_date}`);
  if (task.depends_on.length > 0) parts.push(`dep:${task.depends_on.join(',')}`);
  if (task.status !== 'completed' && task.status !== 'pending') parts.push(`status:${task.status}`);
  if (task.estimated_effort !== null) parts.push(`est:${hoursText(task.estimated_effort)}`);
  return parts.join(' ');
}

/** One todo.txt word: no spaces. */
const word = (text: string): string => oneLine(text).trim().replace(/\s+/g, '_');
