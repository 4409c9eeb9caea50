/**
 * What the commands print: compact text for people and agents, and the `--json` shapes
 * (versioned: `version` changes only when a field is renamed or removed; see docs/cli.md).
 */
import { hoursText } from '../core/session-md/markdown-tags';
import type { GroupDoc, SessionDoc, SessionHeader, TaskDoc } from '../core/session-md/session-doc';
import { computeSessionMetrics, isTempId } from '../core/session-md/session-doc';

export const jsonVersion = 1;

/** The program's version (package.json). */
export const version = '0.1.0';

const box: Record<TaskDoc['status'], string> = {
  pending: '[ ]',
  in_progress: '[~]',
  blocked: '[!]',
  completed: '[x]',
  cancelled: '[-]',
};

/** `task_ab12  [~] Title  @backend est:2h depends:task_x` */
export const taskLine = (task: TaskDoc): string => {
  const tags: string[] = [];
  if (task.specialist_type != null) tags.push(`@${task.specialist_type}`);
  if (task.complexity_level !== 'moderate') tags.push(task.complexity_level);
  if (task.estimated_effort != null) tags.push(`est:${hoursText(task.estimated_effort)}`);
  if (task.actual_effort != null) tags.push(`actual:${hoursText(task.actual_effort)}`);
  if (task.due_date != null) tags.push(`due:${task.due_date}`);
  if (task.scheduled_date != null) tags.push(`scheduled:${task.scheduled_date}`);
  if (task.depends_on.length > 0) tags.push(`depends:${task.depends_on.join(',')}`);
  const id = isTempId(task.task_id) ? '(no id yet)' : task.task_id;
  return [id, `${box[task.status]} ${task.title}`, ...(tags.length ? [tags.join(' ')] : [])].join(
    '  ',
  );
};

export interface TaskJson {
  id: string | null;
  title: string;
  status: TaskDoc['status'];
  group: string | null;
  parent: string | null;
  specialist: string | null;
  complexity: TaskDoc['complexity_level'];
  estimate_hours: number | null;
  actual_hours: number | null;
  depends_on: string[];
  related: string[];
  description: string | null;
  due: string | null;
  scheduled: string | null;
}

export const taskJson = (task: TaskDoc): TaskJson => ({
  id: isTempId(task.task_id) ? null : task.task_id,
  title: task.title,
  status: task.status,
  group: task.task_group,
  parent: task.parent_task_id,
  specialist: task.specialist_type,
  complexity: task.complexity_level,
  estimate_hours: task.estimated_effort,
  actual_hours: task.actual_effort,
  depends_on: [...task.depends_on],
  related: [...task.related_tasks],
  description: task.description,
  due: task.due_date,
  scheduled: task.scheduled_date,
});

export const groupJson = (group: GroupDoc) => ({
  id: isTempId(group.group_id) ? null : group.group_id,
  name: group.group_name,
  parent: group.parent_group_id,
  specialist: group.specialist_focus,
  description: group.description,
});

export const sessionJson = (session: SessionHeader, path: string) => ({
  id: session.session_id,
  name: session.name,
  status: session.status,
  priority: session.priority_level,
  path,
});

export const progressJson = (doc: SessionDoc) => {
  const m = computeSessionMetrics(doc);
  return { total: m.totalTasks, completed: m.completedTasks, percent: m.progressPercentage };
};
