/**
 * The tree's keyboard model as a pure function: a key press and where the focus is give the
 * action to take, or null when the key is not the tree's (the browser's default runs: Tab and
 * Shift+Tab leave the tree, as the ARIA tree pattern has it). No Solid, no DOM: Node tests
 * call it directly.
 *
 * Moves of the focused task are Alt + arrows: ↑/↓ reorder among siblings, → indents (into the
 * sibling above), ← outdents (out of the parent).
 */
import {
  type MoveTarget,
  type TreeIndex,
  type VisibleRow,
  indentTarget,
  outdentTarget,
  shiftTarget,
} from './tree-model';

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export interface KeyContext {
  rows: readonly VisibleRow[];
  /** Position of the focused row in `rows`. */
  at: number;
  index: TreeIndex;
  /** Rows a page holds (PageUp / PageDown). */
  pageRows: number;
  readOnly: boolean;
}

export interface NewTaskPlace {
  parentId: string | null;
  groupId: string | null;
  /** Place among the siblings; Number.MAX_SAFE_INTEGER appends. */
  position: number;
}

export type TreeAction =
  /** The key is the tree's but there is nothing to do (e.g. reorder at the top). */
  | { type: 'none' }
  /** Focus the row at this position (clamped); `extend` also extends the selection to it. */
  | { type: 'focus'; to: number; extend: boolean }
  | { type: 'focusId'; id: string }
  | { type: 'expand'; id: string }
  | { type: 'collapse'; id: string }
  | { type: 'toggleExpanded'; id: string }
  | { type: 'toggleDone'; id: string }
  | { type: 'edit'; id: string }
  | { type: 'editGroup'; id: string }
  | { type: 'move'; id: string; target: MoveTarget }
  | { type: 'delete' }
  | { type: 'clearSelection' }
  | { type: 'selectAll' }
  | { type: 'newTask'; place: NewTaskPlace };

/** The keys above as the shortcuts dialog lists them (README's Keyboard section says the same). */
export const treeShortcuts: ReadonlyArray<readonly [keys: string, action: string]> = [
  ['↑ / ↓', 'Move between rows (Shift extends the selection)'],
  ['← / →', 'Collapse / expand, or go to the parent'],
  ['Home / End, Page Up / Page Down', 'Jump in the tree'],
  ['Space or X', 'Toggle done'],
  ['Enter (or double-click)', 'Edit the task'],
  ['N / Shift+N', 'New task after the focused one / inside it'],
  ['Alt+→ / Alt+←', 'Indent / outdent'],
  ['Alt+↑ / Alt+↓', 'Move up / down among siblings'],
  ['Delete', 'Delete the selected tasks (asks first)'],
  ['Ctrl+Click, Shift+Click, Ctrl+A', 'Select several tasks (then act on the selection)'],
  ['Escape', 'Clear the selection'],
  ['Tab / Shift+Tab', 'Leave the tree (it is one stop in the tab order)'],
];

const none: TreeAction = { type: 'none' };

/** What a key press on the focused row does; null: not the tree's key. */
export function keyAction(input: KeyInput, context: KeyContext): TreeAction | null {
  const { rows, at, index, readOnly } = context;
  const row = rows[at];
  if (!row) return null;
  const task = row.kind === 'task' ? row.task : undefined;
  const command = input.ctrlKey || input.metaKey;

  if (input.altKey && !command) {
    const moves: Record<string, () => MoveTarget | null> = {
      ArrowUp: () => (task ? shiftTarget(index, task, -1) : null),
      ArrowDown: () => (task ? shiftTarget(index, task, 1) : null),
      ArrowRight: () => (task ? indentTarget(index, task) : null),
      ArrowLeft: () => (task ? outdentTarget(index, task) : null),
    };
    const targetOf = moves[input.key];
    if (!targetOf) return null;
    const target = readOnly ? null : targetOf();
    return task && target ? { type: 'move', id: task.id, target } : none;
  }
  if (command) {
    if (input.key === 'a' || input.key === 'A') return { type: 'selectAll' };
    return null;
  }

  const focus = (to: number): TreeAction => ({ type: 'focus', to, extend: input.shiftKey });
  switch (input.key) {
    case 'ArrowDown':
      return focus(at + 1);
    case 'ArrowUp':
      return focus(at - 1);
    case 'Home':
      return focus(0);
    case 'End':
      return focus(rows.length - 1);
    case 'PageDown':
      return focus(at + context.pageRows);
    case 'PageUp':
      return focus(at - context.pageRows);
    case 'ArrowRight':
      if (row.hasChildren && !row.expanded) return { type: 'expand', id: row.id };
      return row.hasChildren ? focus(at + 1) : none;
    case 'ArrowLeft': {
      if (row.hasChildren && row.expanded) return { type: 'collapse', id: row.id };
      const parent = task
        ? (task.parentId ?? task.groupId)
        : row.kind === 'group'
          ? row.group.parent_group_id
          : null;
      return parent ? { type: 'focusId', id: parent } : none;
    }
    case ' ':
    case 'x':
      if (!task) return null;
      return readOnly ? none : { type: 'toggleDone', id: task.id };
    case 'Enter':
      if (task) return { type: 'edit', id: task.id };
      return readOnly ? { type: 'toggleExpanded', id: row.id } : { type: 'editGroup', id: row.id };
    case 'Delete':
      return readOnly ? none : { type: 'delete' };
    case 'Escape':
      return { type: 'clearSelection' };
    case 'n':
    case 'N':
      return readOnly ? null : { type: 'newTask', place: newTaskPlace(index, row, input.shiftKey) };
  }
  return null;
}

/** N: a task after the focused one; Shift+N: its last subtask; on a group: its last task. */
function newTaskPlace(index: TreeIndex, row: VisibleRow, inside: boolean): NewTaskPlace {
  if (row.kind === 'group') {
    return { parentId: null, groupId: row.id, position: Number.MAX_SAFE_INTEGER };
  }
  const task = row.task;
  if (inside) {
    return {
      parentId: task.id,
      groupId: task.groupId,
      position: (index.childrenByTask.get(task.id) ?? []).length,
    };
  }
  const place = shiftTarget(index, task, 1);
  return {
    parentId: task.parentId,
    groupId: task.groupId,
    position: place ? place.position : Number.MAX_SAFE_INTEGER,
  };
}
