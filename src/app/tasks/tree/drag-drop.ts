/**
 * Drag and drop in the tree: a dragged task carries its ids (the whole selection when it is
 * part of it); the row under the pointer shows where it would land — before, after or
 * inside — and the drop asks for the move.
 */
import { createSignal } from 'solid-js';
import type { DropPlace, VisibleRow } from './tree-model';

const mimeType = 'application/x-task-ids';

/** Where on a row a drop lands, from the pointer's height in it (0 top … 1 bottom). */
export function dropPlaceAt(row: VisibleRow, fraction: number): DropPlace {
  if (row.kind === 'group') return 'inside';
  return fraction < 0.25 ? 'before' : fraction > 0.75 ? 'after' : 'inside';
}

function placeFor(event: DragEvent, row: VisibleRow): DropPlace {
  const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
  return dropPlaceAt(row, (event.clientY - box.top) / box.height);
}

export interface DragDropOptions {
  /** The task ids a drag of this row carries. */
  draggedIds(row: VisibleRow): string[];
  onDrop(ids: string[], row: VisibleRow, place: DropPlace): void;
}

export function createDragDrop(options: DragDropOptions) {
  const [drop, setDrop] = createSignal<{ id: string; place: DropPlace }>();
  return {
    /** The place a drop on this row would land, while something is dragged over it. */
    placeOver: (id: string) => (drop()?.id === id ? drop()?.place : undefined),
    start(event: DragEvent, row: VisibleRow) {
      event.dataTransfer?.setData(mimeType, JSON.stringify(options.draggedIds(row)));
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    },
    over(event: DragEvent, row: VisibleRow) {
      event.preventDefault();
      setDrop({ id: row.id, place: placeFor(event, row) });
    },
    leave(row: VisibleRow) {
      if (drop()?.id === row.id) setDrop(undefined);
    },
    drop(event: DragEvent, row: VisibleRow) {
      event.preventDefault();
      setDrop(undefined);
      const dragged = event.dataTransfer?.getData(mimeType);
      if (dragged) options.onDrop(JSON.parse(dragged) as string[], row, placeFor(event, row));
    },
  };
}
