/**
 * Three-way merge of sibling order. Positions are not merged one by one: inserting a task
 * shifts the positions of all its later siblings, which would look like edits everywhere.
 * Instead each sibling list is merged as a sequence: a side that reordered the items both
 * sides still have wins; items only one side placed there are inserted after the item that
 * precedes them on that side.
 */
import type { Side } from './merge-values';

export interface OrderMerge {
  order: string[];
  /** Both sides reordered the shared items, differently. The order then follows ours. */
  conflict: boolean;
}

/**
 * Merges one sibling list. `members` is the merged set of ids in the list; the three
 * sequences may hold other ids (they are ignored) and may lack some members.
 */
export const mergeOrder = (
  members: ReadonlySet<string>,
  base: readonly string[],
  ours: readonly string[],
  theirs: readonly string[],
): OrderMerge => {
  const oursSeq = ours.filter((id) => members.has(id));
  const theirsSeq = theirs.filter((id) => members.has(id));
  const inOurs = new Set(oursSeq);
  const inTheirs = new Set(theirsSeq);
  const common = (seq: readonly string[]): string[] =>
    seq.filter((id) => members.has(id) && inOurs.has(id) && inTheirs.has(id));
  const baseCommon = common(base);
  const oursCommon = common(oursSeq);
  const theirsCommon = common(theirsSeq);
  // Items new to the list on both sides have no base position; only compare shared ones.
  const inBaseCommon = new Set(baseCommon);
  const restrict = (seq: string[]): string[] => seq.filter((id) => inBaseCommon.has(id));
  const oursMoved = !sameSequence(restrict(oursCommon), baseCommon);
  const theirsMoved = !sameSequence(restrict(theirsCommon), baseCommon);
  const conflict = oursMoved && theirsMoved && !sameSequence(oursCommon, theirsCommon);
  const primary: Side = theirsMoved && !oursMoved ? 'theirs' : 'ours';
  const [first, second] = primary === 'ours' ? [oursSeq, theirsSeq] : [theirsSeq, oursSeq];
  const order = weave(first, second);
  // Members neither side lists here (should not happen): keep them, at the end, by id.
  if (order.length < members.size) {
    const placed = new Set(order);
    order.push(...[...members].filter((id) => !placed.has(id)).sort());
  }
  return { order, conflict };
};

const sameSequence = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * `first` in its order, plus the items only `second` has, each placed right after the item
 * before it in `second` (or at the start). One pass, no splicing: lists may be long.
 */
const weave = (first: readonly string[], second: readonly string[]): string[] => {
  const inFirst = new Set(first);
  const insertsAfter = new Map<string | null, string[]>();
  let anchor: string | null = null;
  for (const id of second) {
    if (inFirst.has(id)) {
      anchor = id;
      continue;
    }
    const list = insertsAfter.get(anchor);
    if (list) list.push(id);
    else insertsAfter.set(anchor, [id]);
  }
  const order: string[] = [...(insertsAfter.get(null) ?? [])];
  for (const id of first) {
    order.push(id);
    const after = insertsAfter.get(id);
    if (after) order.push(...after);
  }
  return order;
};
