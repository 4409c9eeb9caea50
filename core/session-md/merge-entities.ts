/**
 * Three-way merge of task and group rows by id: which fields are merged and how, adds,
 * deletes, and delete-against-edit. Sibling order and missing parents are settled
 * afterwards in merge.ts.
 */
import { mergeIdList, mergeValue, valuesEqual } from './merge-values';
import type { FieldValue, MergeConflict, Side } from './merge-values';
import { normalizeText, placeTask, taskContainerKey } from './session-doc';
import type { GroupDoc, TaskDoc } from './session-doc';

/** How the merge reads and writes one kind of entity. */
export interface EntitySpec<T> {
  entity: 'group' | 'task';
  id: (row: T) => string;
  /** Scalar fields merged one by one (text fields are compared normalized). */
  fields: ReadonlyArray<keyof T & string>;
  /** Id-list fields merged as sets. */
  lists: ReadonlyArray<keyof T & string>;
  /** Where the row sits: its sibling list. */
  placement: (row: T) => string | null;
  place: (row: T, placement: string | null) => void;
}

export const groupSpec: EntitySpec<GroupDoc> = {
  entity: 'group',
  id: (g) => g.group_id,
  fields: ['group_name', 'description', 'specialist_focus'],
  lists: [],
  placement: (g) => g.parent_group_id,
  place: (g, parent) => (g.parent_group_id = parent),
};

export const taskSpec: EntitySpec<TaskDoc> = {
  entity: 'task',
  id: (t) => t.task_id,
  fields: [
    'title',
    'status',
    'specialist_type',
    'estimated_effort',
    'actual_effort',
    'due_date',
    'scheduled_date',
    'complexity_level',
    'description',
  ],
  lists: ['depends_on', 'related_tasks'],
  // A subtask's group follows its root, so only the parent says where it is.
  placement: (t) => taskContainerKey(t),
  place: (t, placement) => placeTask(t, placement),
};

/** Rows are flat apart from their id lists; a spread is much faster than structuredClone. */
export const cloneRow = <T extends GroupDoc | TaskDoc>(row: T): T =>
  'task_id' in row
    ? { ...row, depends_on: [...row.depends_on], related_tasks: [...row.related_tasks] }
    : { ...row };

export const fieldConflict = (
  entity: 'session' | 'group' | 'task',
  id: string,
  field: string,
  base: FieldValue,
  ours: FieldValue,
  theirs: FieldValue,
): MergeConflict => ({ kind: 'field', entity, id, field, base, ours, theirs });

/** The value of a field as the merge compares it. */
const readField = <T>(row: T, field: keyof T & string): FieldValue => {
  const value = row[field] as FieldValue;
  return field === 'description' && typeof value !== 'object'
    ? normalizeText(value as string)
    : value;
};

/** Whether a row differs from its base in any merged field or in where it sits. */
const changedFrom = <T>(spec: EntitySpec<T>, base: T, row: T): boolean =>
  spec.placement(base) !== spec.placement(row) ||
  [...spec.fields, ...spec.lists].some((f) => !valuesEqual(readField(base, f), readField(row, f)));

/**
 * Merges rows by id. Returns the merged rows by id, in a deterministic order (ours, then
 * rows only theirs has); positions are fixed later by the order merge.
 */
export const mergeEntities = <T extends GroupDoc | TaskDoc>(
  spec: EntitySpec<T>,
  baseRows: readonly T[],
  oursRows: readonly T[],
  theirsRows: readonly T[],
  conflicts: MergeConflict[],
): Map<string, T> => {
  const baseById = new Map(baseRows.map((r) => [spec.id(r), r]));
  const oursById = new Map(oursRows.map((r) => [spec.id(r), r]));
  const theirsById = new Map(theirsRows.map((r) => [spec.id(r), r]));
  const ids = [...oursById.keys(), ...[...theirsById.keys()].filter((id) => !oursById.has(id))];
  for (const id of baseById.keys()) if (!oursById.has(id) && !theirsById.has(id)) ids.push(id);
  const merged = new Map<string, T>();
  for (const id of ids) {
    const b = baseById.get(id);
    const o = oursById.get(id);
    const t = theirsById.get(id);
    if (o && t) merged.set(id, mergeRow(spec, b ?? null, o, t, conflicts));
    else if (!b) merged.set(id, cloneRow((o ?? t)!));
    else if (o || t) {
      // Present in base and on one side only: the other side deleted it.
      const kept = (o ?? t)!;
      if (changedFrom(spec, b, kept)) {
        const deletedBy: Side = o ? 'theirs' : 'ours';
        conflicts.push(deleteConflict(spec, id, deletedBy, b, kept));
        if (o) merged.set(id, cloneRow(o));
      }
    }
  }
  return merged;
};

export const deleteConflict = <T extends GroupDoc | TaskDoc>(
  spec: EntitySpec<T>,
  id: string,
  deletedBy: Side,
  base: T,
  edited: T,
): MergeConflict =>
  spec.entity === 'task'
    ? {
        kind: 'delete',
        entity: 'task',
        id,
        deletedBy,
        base: base as TaskDoc,
        edited: edited as TaskDoc,
      }
    : {
        kind: 'delete',
        entity: 'group',
        id,
        deletedBy,
        base: base as GroupDoc,
        edited: edited as GroupDoc,
      };

const mergeRow = <T extends GroupDoc | TaskDoc>(
  spec: EntitySpec<T>,
  base: T | null,
  ours: T,
  theirs: T,
  conflicts: MergeConflict[],
): T => {
  const row = cloneRow(ours);
  const id = spec.id(ours);
  for (const field of spec.fields) {
    const b = base ? readField(base, field) : null;
    const result = mergeValue(b, readField(ours, field), readField(theirs, field));
    if (result.conflict) {
      conflicts.push(
        fieldConflict(
          spec.entity,
          id,
          field,
          base ? (base[field] as FieldValue) : null,
          ours[field] as FieldValue,
          theirs[field] as FieldValue,
        ),
      );
    }
    Object.assign(row, { [field]: result.value });
  }
  for (const field of spec.lists) {
    const list = (r: T): readonly string[] => r[field] as readonly string[];
    Object.assign(row, {
      [field]: mergeIdList(base ? list(base) : null, list(ours), list(theirs)),
    });
  }
  const placement = mergeValue(
    base ? spec.placement(base) : null,
    spec.placement(ours),
    spec.placement(theirs),
  );
  if (placement.conflict) {
    conflicts.push(
      fieldConflict(
        spec.entity,
        id,
        'placement',
        base ? spec.placement(base) : null,
        spec.placement(ours),
        spec.placement(theirs),
      ),
    );
  }
  spec.place(row, placement.value);
  return row;
};
