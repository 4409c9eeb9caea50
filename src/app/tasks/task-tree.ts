/** Builds the nested view of a session's flat task list: children by parent, in order. */
import type { Task } from '../../../workers/api';

export interface TaskTree {
  /** Top-level tasks of each group (key: group id, or '' for ungrouped), in order. */
  rootsByGroup: Map<string, Task[]>;
  childrenByParent: Map<string, Task[]>;
}

export function taskTreeFromList(tasks: readonly Task[]): TaskTree {
  const rootsByGroup = new Map<string, Task[]>();
  const childrenByParent = new Map<string, Task[]>();
  for (const task of tasks) {
    const map = task.parent_task_id ? childrenByParent : rootsByGroup;
    const key = task.parent_task_id ?? task.task_group ?? '';
    const list = map.get(key);
    if (list) list.push(task);
    else map.set(key, [task]);
  }
  const byPosition = (a: Task, b: Task) => a.position_in_group - b.position_in_group;
  for (const list of rootsByGroup.values()) list.sort(byPosition);
  for (const list of childrenByParent.values()) list.sort(byPosition);
  return { rootsByGroup, childrenByParent };
}
