/**
 * The task tree's keyboard model (a pure function of the key and the focused row): the ARIA
 * tree pattern's keys, Tab left to the browser (it leaves the tree), Alt + arrows moving the
 * focused task, and nothing that edits in a read-only session.
 */
import { describe, expect, it } from 'vitest';
import type { TaskGroup } from '../../workers/api';
import { type KeyInput, keyAction } from '../../src/app/tasks/tree/keymap';
import { type TaskNode, indexTree, visibleRows } from '../../src/app/tasks/tree/tree-model';

const group = (id: string, position: number, parent: string | null = null): TaskGroup =>
  ({
    group_id: id,
    group_name: id,
    parent_group_id: parent,
    position_in_session: position,
  }) as TaskGroup;

const task = (
  id: string,
  position: number,
  parentId: string | null,
  groupId: string | null,
): TaskNode => ({
  id,
  parentId,
  groupId,
  title: id,
  status: 'pending',
  position,
  level: 0,
  estimate: null,
  dependencies: 0,
  specialist: null,
  due: null,
  scheduled: null,
});

// Ungrouped: a, b (b has b1, b2); group G: g1.
const index = indexTree(
  [group('G', 0)],
  [
    task('a', 0, null, null),
    task('b', 1, null, null),
    task('b1', 0, 'b', null),
    task('b2', 1, 'b', null),
    task('g1', 0, null, 'G'),
  ],
);
const rows = visibleRows(index, new Set());
const at = (id: string) => rows.findIndex((r) => r.id === id);

const press = (key: string, mods: Partial<KeyInput> = {}) => ({
  key,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});
const on = (id: string, input: KeyInput, readOnly = false) =>
  keyAction(input, { rows, at: at(id), index, pageRows: 3, readOnly });

describe('tree keymap', () => {
  it('lays the rows out as expected', () => {
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'b1', 'b2', 'G', 'g1']);
  });

  it('leaves Tab and Shift+Tab to the browser, so focus can leave the tree', () => {
    expect(on('b1', press('Tab'))).toBeNull();
    expect(on('b1', press('Tab', { shiftKey: true }))).toBeNull();
    expect(on('G', press('Tab'))).toBeNull();
  });

  it('moves the focus with arrows, Home, End and pages, extending the selection with Shift', () => {
    expect(on('a', press('ArrowDown'))).toEqual({ type: 'focus', to: 1, extend: false });
    expect(on('b', press('ArrowUp', { shiftKey: true }))).toEqual({
      type: 'focus',
      to: 0,
      extend: true,
    });
    expect(on('b', press('End'))).toEqual({ type: 'focus', to: 5, extend: false });
    expect(on('b', press('Home'))).toEqual({ type: 'focus', to: 0, extend: false });
    expect(on('a', press('PageDown'))).toEqual({ type: 'focus', to: 3, extend: false });
  });

  it('expands and collapses with → and ←, and ← on a child goes to its parent', () => {
    expect(on('b', press('ArrowLeft'))).toEqual({ type: 'collapse', id: 'b' });
    expect(on('b', press('ArrowRight'))).toEqual({ type: 'focus', to: 2, extend: false });
    expect(on('b1', press('ArrowLeft'))).toEqual({ type: 'focusId', id: 'b' });
    expect(on('g1', press('ArrowLeft'))).toEqual({ type: 'focusId', id: 'G' });
    expect(on('a', press('ArrowRight'))).toEqual({ type: 'none' });
    const closed = visibleRows(index, new Set(['b']));
    expect(
      keyAction(press('ArrowRight'), { rows: closed, at: 1, index, pageRows: 3, readOnly: false }),
    ).toEqual({ type: 'expand', id: 'b' });
  });

  it('indents with Alt+→, outdents with Alt+←, reorders with Alt+↑/↓', () => {
    expect(on('b', press('ArrowRight', { altKey: true }))).toEqual({
      type: 'move',
      id: 'b',
      target: { parent_task_id: 'a', position: 0 },
    });
    expect(on('b2', press('ArrowLeft', { altKey: true }))).toEqual({
      type: 'move',
      id: 'b2',
      target: { parent_task_id: null, task_group: null, position: 2 },
    });
    expect(on('b2', press('ArrowUp', { altKey: true }))).toEqual({
      type: 'move',
      id: 'b2',
      target: { parent_task_id: 'b', task_group: null, position: 0 },
    });
    // Nothing to move to: the key is still the tree's (no browser Back on Alt+←).
    expect(on('a', press('ArrowUp', { altKey: true }))).toEqual({ type: 'none' });
    expect(on('a', press('ArrowLeft', { altKey: true }))).toEqual({ type: 'none' });
    expect(on('G', press('ArrowDown', { altKey: true }))).toEqual({ type: 'none' });
  });

  it('ticks, edits, deletes, adds and clears the selection', () => {
    expect(on('a', press(' '))).toEqual({ type: 'toggleDone', id: 'a' });
    expect(on('a', press('Enter'))).toEqual({ type: 'edit', id: 'a' });
    expect(on('G', press('Enter'))).toEqual({ type: 'editGroup', id: 'G' });
    expect(on('a', press('Delete'))).toEqual({ type: 'delete' });
    expect(on('a', press('Escape'))).toEqual({ type: 'clearSelection' });
    expect(on('a', press('a', { ctrlKey: true }))).toEqual({ type: 'selectAll' });
    expect(on('a', press('n'))).toEqual({
      type: 'newTask',
      place: { parentId: null, groupId: null, position: 1 },
    });
    expect(on('b', press('N', { shiftKey: true }))).toEqual({
      type: 'newTask',
      place: { parentId: 'b', groupId: null, position: 2 },
    });
    expect(on('G', press('n'))).toEqual({
      type: 'newTask',
      place: { parentId: null, groupId: 'G', position: Number.MAX_SAFE_INTEGER },
    });
  });

  it('changes nothing in a read-only session', () => {
    for (const input of [
      press(' '),
      press('Delete'),
      press('ArrowUp', { altKey: true }),
      press('ArrowRight', { altKey: true }),
    ]) {
      const action = on('b2', input, true);
      expect(action === null || action.type === 'none').toBe(true);
    }
    expect(on('b2', press('n'), true)).toBeNull();
    expect(on('G', press('Enter'), true)).toEqual({ type: 'toggleExpanded', id: 'G' });
    expect(on('b2', press('ArrowDown'), true)).toEqual({ type: 'focus', to: 4, extend: false });
  });
});
