/**
 * Applying the user's choice for one merge conflict ("db wins" = ours, "file wins" =
 * theirs) to a merged doc. Pure: returns a new doc.
 */
import type { FieldValue, MergeConflict, Side } from './merge-values';
import { placeTask, renumberGroups, renumberTasks, taskContainerKey } from './session-doc';
import type { SessionDoc, SessionHeader } from './session-doc';

/** A position after every real one; renumbering turns it into the next ordinal. */
const atEnd = Number.MAX_SAFE_INTEGER;

/**
 * Returns `merged` with the conflict settled on `choice`'s side. Field conflicts take that
 * side's value (a placement moves the row to the end of its new sibling list); order
 * conflicts take that side's order; delete conflicts either remove the row (a task with its
 * subtasks; a group's tasks and subgroups move up to its parent) or bring back the edited
 * version. Choosing "ours" leaves the doc as merged, except for rows the merge restored.
 */
export const applyResolution = (
  merged: SessionDoc,
  conflict: MergeConflict,
  choice: Side,
): SessionDoc => {
  const doc = structuredClone(merged);
  switch (conflict.kind) {
    case 'field':
      if (choice === 'theirs') setField(doc, conflict, conflict.theirs);
      else setField(doc, conflict, conflict.ours);
      break;
    case 'order': {
      const order = choice === 'theirs' ? conflict.theirs : conflict.ours;
      reorder(doc, conflict.entity, conflict.container, order);
      break;
    }
    case 'delete':
      if (choice === conflict.deletedBy) removeRow(doc, conflict.entity, conflict.id);
      else if (conflict.entity === 'task') {
        if (!doc.tasks.some((t) => t.task_id === conflict.id)) {
          doc.tasks.push({ ...structuredClone(conflict.edited), position_in_group: atEnd });
        }
      } else if (!doc.groups.some((g) => g.group_id === conflict.id)) {
        doc.groups.push({ ...structuredClone(conflict.edited), position_in_session: atEnd });
      }
      break;
  }
  renumberGroups(doc.groups);
  renumberTasks(doc.tasks);
  return doc;
};

const setField = (
  doc: SessionDoc,
  conflict: Extract<MergeConflict, { kind: 'field' }>,
  value: FieldValue,
): void => {
  if (conflict.entity === 'session') {
    if (conflict.field === 'notes') doc.notes = value as string | null;
    else Object.assign(doc.session, { [conflict.field as keyof SessionHeader]: value });
    return;
  }
  if (conflict.entity === 'group') {
    const group = doc.groups.find((g) => g.group_id === conflict.id);
    if (!group) return;
    if (conflict.field === 'placement') {
      group.parent_group_id = value as string | null;
      group.position_in_session = atEnd;
    } else Object.assign(group, { [conflict.field]: value });
    return;
  }
  const task = doc.tasks.find((t) => t.task_id === conflict.id);
  if (!task) return;
  if (conflict.field === 'placement') {
    if (taskContainerKey(task) !== value) {
      placeTask(task, value as string | null);
      task.position_in_group = atEnd;
    }
  } else Object.assign(task, { [conflict.field]: value });
};

const reorder = (
  doc: SessionDoc,
  entity: 'group' | 'task',
  container: string,
  order: readonly string[],
): void => {
  const rank = new Map(order.map((id, i) => [id, i]));
  // Rows the chosen order does not list keep their relative order, after the listed ones.
  if (entity === 'task') {
    const siblings = doc.tasks.filter((t) => taskContainerKey(t) === container);
    siblings.sort(
      (a, b) =>
        (rank.get(a.task_id) ?? order.length + a.position_in_group) -
        (rank.get(b.task_id) ?? order.length + b.position_in_group),
    );
    siblings.forEach((t, i) => (t.position_in_group = i));
  } else {
    const siblings = doc.groups.filter((g) => `parent:${g.parent_group_id ?? ''}` === container);
    siblings.sort(
      (a, b) =>
        (rank.get(a.group_id) ?? order.length + a.position_in_session) -
        (rank.get(b.group_id) ?? order.length + b.position_in_session),
    );
    siblings.forEach((g, i) => (g.position_in_session = i));
  }
};

const removeRow = (doc: SessionDoc, entity: 'group' | 'task', id: string): void => {
  if (entity === 'task') {
    const removed = new Set([id]);
    // Parents come before children only by chance; repeat until the subtree is complete.
    for (let grew = true; grew;) {
      grew = false;
      for (const t of doc.tasks) {
        if (t.parent_task_id != null && removed.has(t.parent_task_id) && !removed.has(t.task_id)) {
          removed.add(t.task_id);
          grew = true;
        }
      }
    }
    doc.tasks = doc.tasks.filter((t) => !removed.has(t.task_id));
    return;
  }
  const group = doc.groups.find((g) => g.group_id === id);
  if (!group) return;
  doc.groups = doc.groups.filter((g) => g.group_id !== id);
  for (const g of doc.groups) {
    if (g.parent_group_id === id) {
      g.parent_group_id = group.parent_group_id;
      g.position_in_session += 1_000_000;
    }
  }
  for (const t of doc.tasks) {
    if (t.task_group === id) {
      t.task_group = group.parent_group_id;
      t.position_in_group += 1_000_000;
    }
  }
};
