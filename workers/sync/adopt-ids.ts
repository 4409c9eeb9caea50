/**
 * Lines of the file without an id that stand for tasks or groups the base already has under
 * an id. The app took those lines in earlier and gave them ids, but the file was not written
 * back since (an editor saved again, the disk was full, the page was reloaded): they keep the
 * ids the app gave them, matched by what they say and where they sit, so taking the file in
 * again never creates them twice. Pure.
 */
import { type SessionDoc, isTempId, replaceTempIds } from '../../core/session-md/session-doc';

/** Takes the first id listed under `key`, if any. */
function take(free: Map<string, string[]>, key: string): string | undefined {
  const list = free.get(key);
  return list?.shift();
}

function offer(free: Map<string, string[]>, key: string, id: string) {
  const list = free.get(key);
  if (list) list.push(id);
  else free.set(key, [id]);
}

/** `theirs` with the temporary ids of lines the base knows replaced by the base's ids. */
export function adoptBaseIds(base: SessionDoc | null, theirs: SessionDoc): SessionDoc {
  if (!base) return theirs;
  const present = new Set<string>();
  for (const g of theirs.groups) present.add(g.group_id);
  for (const t of theirs.tasks) present.add(t.task_id);
  const adopted = new Map<string, string>();
  const resolve = (id: string | null) => (id === null ? '' : (adopted.get(id) ?? id));

  // Groups: by name under the same parent group (parents come first in the file).
  const groupKey = (name: string, parent: string | null) => `${resolve(parent)}\u0000${name}`;
  const freeGroups = new Map<string, string[]>();
  for (const g of base.groups)
    if (!present.has(g.group_id))
      offer(freeGroups, groupKey(g.group_name, g.parent_group_id), g.group_id);
  for (const g of theirs.groups) {
    if (!isTempId(g.group_id)) continue;
    const id = take(freeGroups, groupKey(g.group_name, g.parent_group_id));
    if (id) adopted.set(g.group_id, id);
  }

  // Tasks: by title under the same parent task, or in the same group at the top level.
  const taskKey = (t: SessionDoc['tasks'][number]) =>
    `${t.parent_task_id ? `t:${resolve(t.parent_task_id)}` : `g:${resolve(t.task_group)}`}\u0000${t.title}`;
  const freeTasks = new Map<string, string[]>();
  for (const t of base.tasks) if (!present.has(t.task_id)) offer(freeTasks, taskKey(t), t.task_id);
  for (const t of theirs.tasks) {
    if (!isTempId(t.task_id)) continue;
    const id = take(freeTasks, taskKey(t));
    if (id) adopted.set(t.task_id, id);
  }
  if (adopted.size === 0) return theirs;
  return replaceTempIds(
    theirs,
    (temp) => adopted.get(temp)!,
    (id) => adopted.has(id),
  );
}
