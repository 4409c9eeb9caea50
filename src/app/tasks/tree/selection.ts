/**
 * The tree's multi-selection: click selects one task, Ctrl/⌘+click adds or removes one,
 * Shift+click (or Shift+arrows) selects the range from the anchor. Only tasks are selected.
 */
import { type Accessor, createSignal } from 'solid-js';
import type { VisibleRow } from './tree-model';

export interface Modifiers {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export interface TreeSelection {
  selected: Accessor<ReadonlySet<string>>;
  /** Applies a click (or a Shift+arrow move) on `row`. */
  select(row: VisibleRow, modifiers: Modifiers): void;
  /** Every task row shown. */
  selectAll(): void;
  clear(): void;
}

/** The task ids between two positions of `rows`, both included. */
export function rangeOfTasks(rows: readonly VisibleRow[], a: number, b: number): string[] {
  const [from, to] = a <= b ? [a, b] : [b, a];
  return rows
    .slice(from, to + 1)
    .filter((r) => r.kind === 'task')
    .map((r) => r.id);
}

export function createTreeSelection(
  rows: Accessor<readonly VisibleRow[]>,
  positionOf: Accessor<ReadonlyMap<string, number>>,
): TreeSelection {
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [anchorId, setAnchorId] = createSignal<string>();

  return {
    selected,
    select(row, modifiers) {
      if (row.kind !== 'task') {
        setSelected(new Set<string>());
        return;
      }
      const anchor = anchorId();
      if (modifiers.shiftKey && anchor) {
        const from = positionOf().get(anchor) ?? 0;
        setSelected(new Set(rangeOfTasks(rows(), from, positionOf().get(row.id) ?? 0)));
        return;
      }
      setAnchorId(row.id);
      if (modifiers.ctrlKey || modifiers.metaKey) {
        const next = new Set(selected());
        if (next.has(row.id)) next.delete(row.id);
        else next.add(row.id);
        setSelected(next);
      } else setSelected(new Set([row.id]));
    },
    selectAll: () => setSelected(new Set(rangeOfTasks(rows(), 0, rows().length - 1))),
    clear: () => setSelected(new Set<string>()),
  };
}
