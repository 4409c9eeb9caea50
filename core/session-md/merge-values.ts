/**
 * Three-way merge of single values and of id lists, and the conflict type the merge
 * reports. Kept apart from the entity walk in merge.ts so each piece reads on its own.
 */
import type { GroupDoc, TaskDoc } from './session-doc';

/** A field value as shown in a conflict: plain data, so it crosses the worker boundary. */
export type FieldValue = string | number | null | readonly string[];

export type Side = 'ours' | 'theirs';

/**
 * What the merge could not decide. The merged doc holds "ours" for each of them (except
 * that a deleted task or group some kept child still needs stays, so nothing is lost).
 * - `field`: the same field changed differently on both sides (base is null when both
 *   sides added the same id). `placement` is the container (`task:<parent>` or
 *   `group:<group>` for tasks, the parent group id for groups).
 * - `delete`: one side deleted what the other edited; `edited` is the edited version.
 * - `order`: both sides reordered the same sibling list differently (`container` is a
 *   task container key, or `parent:<group id>` for groups).
 */
export type MergeConflict =
  | {
      kind: 'field';
      entity: 'session' | 'group' | 'task';
      id: string;
      field: string;
      base: FieldValue;
      ours: FieldValue;
      theirs: FieldValue;
    }
  | {
      kind: 'delete';
      entity: 'task';
      id: string;
      deletedBy: Side;
      base: TaskDoc;
      edited: TaskDoc;
    }
  | {
      kind: 'delete';
      entity: 'group';
      id: string;
      deletedBy: Side;
      base: GroupDoc;
      edited: GroupDoc;
    }
  | {
      kind: 'order';
      entity: 'group' | 'task';
      container: string;
      base: string[];
      ours: string[];
      theirs: string[];
    };

/** A stable key for a conflict, e.g. for UI lists and per-conflict choices. */
export const conflictKey = (conflict: MergeConflict): string =>
  conflict.kind === 'order'
    ? `order:${conflict.entity}:${conflict.container}`
    : conflict.kind === 'delete'
      ? `delete:${conflict.entity}:${conflict.id}`
      : `field:${conflict.entity}:${conflict.id}:${conflict.field}`;

export const valuesEqual = (a: FieldValue, b: FieldValue): boolean => {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return false;
};

/** Result of merging one value: the chosen value, and whether the sides disagree. */
export interface ValueMerge<T> {
  value: T;
  conflict: boolean;
}

/** Classic three-way choice: a side that changed wins; both changed differently conflicts. */
export const mergeValue = <T extends FieldValue>(base: T, ours: T, theirs: T): ValueMerge<T> => {
  if (valuesEqual(ours, theirs) || valuesEqual(base, theirs))
    return { value: ours, conflict: false };
  if (valuesEqual(base, ours)) return { value: theirs, conflict: false };
  return { value: ours, conflict: true };
};

/**
 * Merges id lists as sets: keeps ours in its order, drops what theirs removed, appends what
 * theirs added. Never conflicts: adding and removing different ids is always compatible.
 */
export const mergeIdList = (
  base: readonly string[] | null,
  ours: readonly string[],
  theirs: readonly string[],
): string[] => {
  // Fast path for the common case of an untouched list (10,000 tasks, two lists each).
  if (valuesEqual(ours, theirs) || (base != null && valuesEqual(base, theirs))) return [...ours];
  if (base != null && valuesEqual(base, ours)) return [...theirs];
  const inBase = new Set(base ?? []);
  const inOurs = new Set(ours);
  const inTheirs = new Set(theirs);
  const kept = ours.filter((id) => !(inBase.has(id) && !inTheirs.has(id)));
  const added = theirs.filter((id) => !inBase.has(id) && !inOurs.has(id));
  return [...kept, ...added];
};
