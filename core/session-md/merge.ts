/**
 * Three-way merge of session docs, per task, group and field: base is the last synced
 * file, ours the database, theirs the file as it is now. Changes to different things merge
 * silently; the same field changed differently on both sides, delete against edit, and
 * competing reorders are conflicts, reported and left as "ours" until resolved.
 */
import { mergeIdList, mergeValue } from './merge-values';
import {
  cloneRow,
  deleteConflict,
  fieldConflict,
  groupSpec,
  mergeEntities,
  taskSpec,
} from './merge-entities';
import type { EntitySpec } from './merge-entities';
import type { FieldValue, MergeConflict, Side } from './merge-values';
import { mergeOrder } from './merge-order';
import {
  normalizeText,
  pushTo,
  renumberGroups,
  renumberTasks,
  taskContainerKey,
} from './session-doc';
import type { GroupDoc, SessionDoc, SessionHeader, TaskDoc } from './session-doc';

export type { FieldValue, MergeConflict, Side } from './merge-values';
export { applyResolution } from './merge-resolve';
export { conflictKey } from './merge-values';

export interface MergeResult {
  merged: SessionDoc;
  conflicts: MergeConflict[];
}

const sessionFields = ['name', 'status', 'priority_level', 'mode_file', 'description'] as const;

/**
 * Merges the three docs. Pure: the inputs are not changed. Adds and deletes on either side
 * are kept; a task or group deleted on one side and edited on the other is a conflict (the
 * merged doc keeps ours). Unknown text (extras) always comes from theirs: only the file has
 * it. The change log merges as a list; notes and overview conflict only when both changed.
 */
export const mergeSessionDocs = (
  base: SessionDoc,
  ours: SessionDoc,
  theirs: SessionDoc,
): MergeResult => {
  const conflicts: MergeConflict[] = [];
  const session = mergeSession(base.session, ours.session, theirs.session, conflicts);
  const notes = mergeValue(
    normalizeText(base.notes),
    normalizeText(ours.notes),
    normalizeText(theirs.notes),
  );
  if (notes.conflict) {
    conflicts.push(
      fieldConflict(
        'session',
        ours.session.session_id,
        'notes',
        base.notes,
        ours.notes,
        theirs.notes,
      ),
    );
  }
  const groups = mergeEntities(groupSpec, base.groups, ours.groups, theirs.groups, conflicts);
  const tasks = mergeEntities(taskSpec, base.tasks, ours.tasks, theirs.tasks, conflicts);
  const sides = { base, ours, theirs };
  restoreNeeded(groups, tasks, sides, conflicts);
  mergeSiblingOrder(
    groupSpec,
    groups,
    sides,
    (d) => d.groups,
    conflicts,
    (g) => `parent:${g.parent_group_id ?? ''}`,
  );
  mergeSiblingOrder(taskSpec, tasks, sides, (d) => d.tasks, conflicts, taskContainerKey);
  const groupList = [...groups.values()];
  const taskList = [...tasks.values()];
  renumberGroups(groupList);
  renumberTasks(taskList);
  return {
    merged: {
      session,
      groups: groupList,
      tasks: taskList,
      notes: notes.value,
      changeLog: mergeIdList(base.changeLog, ours.changeLog, theirs.changeLog),
      extras: theirs.extras.map((e) => ({ anchor: e.anchor, lines: [...e.lines] })),
    },
    conflicts,
  };
};

const mergeSession = (
  base: SessionHeader,
  ours: SessionHeader,
  theirs: SessionHeader,
  conflicts: MergeConflict[],
): SessionHeader => {
  const merged: SessionHeader = { ...ours };
  for (const field of sessionFields) {
    const norm = (h: SessionHeader): FieldValue =>
      field === 'description' ? normalizeText(h.description) : h[field];
    const result = mergeValue(norm(base), norm(ours), norm(theirs));
    if (result.conflict) {
      conflicts.push(
        fieldConflict('session', ours.session_id, field, base[field], ours[field], theirs[field]),
      );
    }
    Object.assign(merged, { [field]: result.value });
  }
  return merged;
};

interface Sides {
  base: SessionDoc;
  ours: SessionDoc;
  theirs: SessionDoc;
}

/**
 * Brings back a deleted parent task or group that a kept row still needs (a child added or
 * edited on the other side), so nothing is lost; reported as a delete conflict.
 */
const restoreNeeded = (
  groups: Map<string, GroupDoc>,
  tasks: Map<string, TaskDoc>,
  sides: Sides,
  conflicts: MergeConflict[],
): void => {
  const reported = new Set(
    conflicts.flatMap((c) => (c.kind === 'delete' ? [`${c.entity}:${c.id}`] : [])),
  );
  const sideOrder = ['ours', 'theirs', 'base'] as const;
  const groupsBySide = sideOrder.map(
    (side) => new Map(sides[side].groups.map((g) => [g.group_id, g])),
  );
  const tasksBySide = sideOrder.map(
    (side) => new Map(sides[side].tasks.map((t) => [t.task_id, t])),
  );
  const find = <T>(bySide: ReadonlyArray<ReadonlyMap<string, T>>, id: string): T | undefined => {
    for (const rows of bySide) {
      const row = rows.get(id);
      if (row) return row;
    }
    return undefined;
  };
  const restore = <T extends GroupDoc | TaskDoc>(
    spec: EntitySpec<T>,
    into: Map<string, T>,
    bySide: ReadonlyArray<ReadonlyMap<string, T>>,
    id: string,
  ): boolean => {
    const row = find(bySide, id);
    if (!row) return false;
    into.set(id, cloneRow(row));
    if (!reported.has(`${spec.entity}:${id}`)) {
      reported.add(`${spec.entity}:${id}`);
      const deletedBy: Side = bySide[0]?.has(id) ? 'theirs' : 'ours';
      conflicts.push(deleteConflict(spec, id, deletedBy, bySide[2]?.get(id) ?? row, row));
    }
    return true;
  };
  // Walk until nothing is missing: a restored row may itself need its parent back.
  for (let changed = true; changed;) {
    changed = false;
    for (const g of [...groups.values()]) {
      const parent = g.parent_group_id;
      if (parent != null && !groups.has(parent)) {
        changed = restore(groupSpec, groups, groupsBySide, parent) || changed;
      }
    }
    for (const t of [...tasks.values()]) {
      const parent = t.parent_task_id;
      if (parent != null && !tasks.has(parent)) {
        changed = restore(taskSpec, tasks, tasksBySide, parent) || changed;
      }
      const group = t.task_group;
      if (parent == null && group != null && !groups.has(group)) {
        changed = restore(groupSpec, groups, groupsBySide, group) || changed;
      }
    }
  }
};

/** Sets positions in every merged sibling list from a three-way merge of the order. */
const mergeSiblingOrder = <T extends GroupDoc | TaskDoc>(
  spec: EntitySpec<T>,
  merged: Map<string, T>,
  sides: Sides,
  rows: (d: SessionDoc) => readonly T[],
  conflicts: MergeConflict[],
  containerOf: (row: T) => string,
): void => {
  const membersByContainer = new Map<string, Set<string>>();
  for (const row of merged.values()) {
    const key = containerOf(row);
    const set = membersByContainer.get(key) ?? new Set<string>();
    set.add(spec.id(row));
    membersByContainer.set(key, set);
  }
  const orderOf = (doc: SessionDoc): Map<string, string[]> => {
    const byContainer = new Map<string, T[]>();
    for (const row of rows(doc)) pushTo(byContainer, containerOf(row), row);
    const result = new Map<string, string[]>();
    for (const [key, list] of byContainer) {
      list.sort((a, b) => position(a) - position(b) || (spec.id(a) < spec.id(b) ? -1 : 1));
      result.set(key, list.map(spec.id));
    }
    return result;
  };
  const [baseOrder, oursOrder, theirsOrder] = [
    orderOf(sides.base),
    orderOf(sides.ours),
    orderOf(sides.theirs),
  ];
  for (const [key, members] of membersByContainer) {
    const base = baseOrder.get(key) ?? [];
    const ours = oursOrder.get(key) ?? [];
    const theirs = theirsOrder.get(key) ?? [];
    const result = mergeOrder(members, base, ours, theirs);
    if (result.conflict) {
      const filter = (seq: string[]) => seq.filter((id) => members.has(id));
      conflicts.push({
        kind: 'order',
        entity: spec.entity,
        container: key,
        base: filter(base),
        ours: filter(ours),
        theirs: filter(theirs),
      });
    }
    result.order.forEach((id, i) => {
      const row = merged.get(id);
      if (row) setPosition(row, i);
    });
  }
};

const position = (row: GroupDoc | TaskDoc): number =>
  'task_id' in row ? row.position_in_group : row.position_in_session;

const setPosition = (row: GroupDoc | TaskDoc, value: number): void => {
  if ('task_id' in row) row.position_in_group = value;
  else row.position_in_session = value;
};
