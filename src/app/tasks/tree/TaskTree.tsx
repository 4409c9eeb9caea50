/**
 * The group and task tree: collapsible, virtualized (virtual-window.ts), an ARIA tree with one
 * tab stop and the keyboard model of keymap.ts, drag and drop (drag-drop.ts), and
 * multi-select (selection.ts) to move or delete several tasks at once. A tick is drawn at once
 * and rolled back when the worker refuses it; moves and deletes show when the worker has
 * committed them (the change notice reloads the tree).
 */
import { Index, Show, createEffect, createMemo, createSignal } from 'solid-js';
import { revealDone, revealRequest } from '../reveal';
import type { AppError, TaskGroup, TaskStatus } from '../../../../workers/api';
import { useDb } from '../../context';
import { ErrorMessage } from '../../ErrorMessage';
import type { TaskTreeStore } from './tree-store';
import {
  type GroupTotals,
  type MoveTarget,
  descendantCount,
  groupTotals,
  dropTarget,
  indexTree,
  outermostTasks,
  visibleRows,
} from './tree-model';
import { type NewTaskPlace, type TreeAction, keyAction } from './keymap';
import { createTreeSelection } from './selection';
import { createVirtualWindow, rowHeight } from './virtual-window';
import { createDragDrop } from './drag-drop';
import { TreeRow } from './TreeRow';
import { BulkBar } from './BulkBar';
import { deleteQuestion, plural } from './wording';
import './tree.css';

export interface TaskTreeProps {
  store: TaskTreeStore;
  groups: readonly TaskGroup[];
  label: string;
  readOnly: boolean;
  /** Said when there are no rows (by default: add the first task above). */
  emptyText?: string | undefined;
  /** Opens the task editor. */
  onEdit: (taskId: string) => void;
  /** Opens the group editor. */
  onEditGroup: (groupId: string) => void;
  /** Asks for a new task after / inside the focused one (the N shortcut). */
  onNewTask: (place: NewTaskPlace) => void;
}

export function TaskTree(props: TaskTreeProps) {
  const { api } = useDb();
  const [collapsed, setCollapsed] = createSignal<ReadonlySet<string>>(new Set());
  const [focusedId, setFocusedId] = createSignal<string>();
  const [error, setError] = createSignal<AppError>();

  // The shape of the groups: counters change with every tick and must not rebuild the tree.
  const groupShape = createMemo(() => props.groups, [], {
    equals: (a, b) =>
      a.length === b.length &&
      a.every(
        (g, i) =>
          g.group_id === b[i]!.group_id &&
          g.parent_group_id === b[i]!.parent_group_id &&
          g.position_in_session === b[i]!.position_in_session,
      ),
  });
  const index = createMemo(() => indexTree(groupShape(), props.store.structure().values()));
  /** A task's or group's current fields (the index holds the shape only). */
  const liveTask = (id: string) => props.store.task(id);
  const liveGroup = (id: string) => props.groups.find((g) => g.group_id === id);
  const rows = createMemo(() => visibleRows(index(), collapsed()));
  const totals = createMemo(() => groupTotals(props.groups));
  /** A parent's direct subtasks, done and all: read by its row only, from the tasks' signals. */
  const subtasksOf = (id: string): GroupTotals => {
    const children = index().childrenByTask.get(id) ?? [];
    const completed = children.filter((c) => liveTask(c.id)?.status === 'completed').length;
    return { completed, total: children.length };
  };
  const positionOf = createMemo(() => new Map(rows().map((row, i) => [row.id, i])));
  const view = createVirtualWindow(rows);
  const selection = createTreeSelection(rows, positionOf);
  const focused = () => {
    const id = focusedId();
    const at = id === undefined ? undefined : positionOf().get(id);
    return at === undefined ? rows()[0] : rows()[at];
  };
  const selectedTaskIds = () =>
    [...selection.selected()].filter((id) => liveTask(id) !== undefined);

  const report = (result: { ok: boolean; error?: AppError }) => {
    if (!result.ok && result.error) setError(result.error);
    else setError(undefined);
    return result.ok;
  };

  function focusRow(id: string) {
    setFocusedId(id);
    const at = positionOf().get(id);
    if (at !== undefined) view.scrollIntoView(at);
    queueMicrotask(() => document.getElementById(`tree-row-${id}`)?.focus());
  }

  // Browser focus follows the focused row when rows are re-drawn under it: <Index> keeps each
  // element in its slot and shows another row in it after a move, so the element that had
  // focus may now show a neighbour while the keys act on the moved task.
  let viewport: HTMLElement | undefined;
  createEffect(() => {
    view.windowed();
    const id = focused()?.id;
    const active = document.activeElement;
    if (!id || !viewport?.contains(active) || active?.id === `tree-row-${id}`) return;
    document.getElementById(`tree-row-${id}`)?.focus();
  });

  // Reveal requests: expand what hides the row (parent tasks, then the groups holding the
  // root task or the group itself), then scroll to it and focus it.
  createEffect(() => {
    const id = revealRequest();
    if (!id) return;
    const groupParent = (g: string | null) =>
      props.groups.find((x) => x.group_id === g)?.parent_group_id ?? null;
    const isGroup = props.groups.some((g) => g.group_id === id);
    if (!liveTask(id) && !isGroup) return; // not loaded yet (or another session): wait
    const open = new Set(collapsed());
    let group: string | null = isGroup ? groupParent(id) : null;
    for (
      let node = liveTask(id);
      node;
      node = node.parentId ? liveTask(node.parentId) : undefined
    ) {
      if (node.id !== id) open.delete(node.id);
      if (!node.parentId) group = node.groupId;
    }
    for (; group; group = groupParent(group)) open.delete(group);
    setCollapsed(open);
    revealDone(id);
    queueMicrotask(() => focusRow(id));
  });

  function setExpanded(id: string, open?: boolean) {
    const next = new Set(collapsed());
    if (open ?? next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  }

  async function toggleDone(taskId: string) {
    const task = liveTask(taskId);
    if (!task || props.readOnly) return;
    const status = task.status === 'completed' ? 'pending' : 'completed';
    // The worker starts on the change first; the tick is drawn while it commits.
    const saved = api.updateTask(taskId, { status });
    const undo = props.store.patch(taskId, { status });
    if (!report(await saved)) undo();
  }

  /** Moves tasks (a selection, or one) in one worker call: all of them or, refused, none. */
  async function move(taskIds: readonly string[], target: MoveTarget) {
    if (props.readOnly || taskIds.length === 0) return false;
    return report(await api.moveTasks([...taskIds], target));
  }

  /** The selection, or else the focused task. */
  const actedOn = () => {
    const row = focused();
    const ids = selectedTaskIds();
    return ids.length ? ids : row?.kind === 'task' ? [row.id] : [];
  };

  async function removeSelected() {
    const tree = index();
    const ids = outermostTasks(tree, actedOn());
    if (!ids.length || props.readOnly) return;
    const subtasks = ids.reduce((n, id) => n + descendantCount(tree, id), 0);
    const titles = ids.map((id) => liveTask(id)?.title ?? '');
    if (!window.confirm(deleteQuestion(titles, subtasks))) return;
    if (report(await api.deleteTasks(ids))) selection.clear();
  }

  async function setStatusOfSelected(status: TaskStatus) {
    const ids = selectedTaskIds();
    if (!ids.length || props.readOnly) return;
    report(await api.updateTasks(ids, { status }));
  }

  async function moveAndFocus(taskId: string, target: MoveTarget) {
    await move([taskId], target);
    focusRow(taskId);
  }

  function perform(action: TreeAction, shiftKey: boolean) {
    const go = (to: number) => {
      const target = rows()[Math.max(0, Math.min(rows().length - 1, to))];
      if (!target) return;
      focusRow(target.id);
      if (shiftKey) selection.select(target, { shiftKey: true, ctrlKey: false, metaKey: false });
    };
    switch (action.type) {
      case 'none':
        return;
      case 'focus':
        return go(action.to);
      case 'focusId':
        if (positionOf().has(action.id)) focusRow(action.id);
        return;
      case 'expand':
        return setExpanded(action.id, true);
      case 'collapse':
        return setExpanded(action.id, false);
      case 'toggleExpanded':
        return setExpanded(action.id);
      case 'toggleDone':
        return void toggleDone(action.id);
      case 'edit':
        return props.onEdit(action.id);
      case 'editGroup':
        return props.onEditGroup(action.id);
      case 'move':
        return void moveAndFocus(action.id, action.target);
      case 'delete':
        return void removeSelected();
      case 'clearSelection':
        return selection.clear();
      case 'selectAll':
        return selection.selectAll();
      case 'newTask':
        return props.onNewTask(action.place);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    const row = focused();
    if (!row) return;
    const action = keyAction(event, {
      rows: rows(),
      at: positionOf().get(row.id) ?? 0,
      index: index(),
      pageRows: view.pageRows(),
      readOnly: props.readOnly,
    });
    if (!action) return;
    event.preventDefault();
    perform(action, event.shiftKey);
  }

  const dragDrop = createDragDrop({
    draggedIds: (row) => (selection.selected().has(row.id) ? selectedTaskIds() : [row.id]),
    onDrop: (ids, row, place) => void move(ids, dropTarget(index(), row, place)),
  });

  async function moveSelectedToGroup(groupId: string | null) {
    const ids = selectedTaskIds();
    const count = (index().rootsByGroup.get(groupId ?? '') ?? []).length;
    if (await move(ids, { parent_task_id: null, task_group: groupId, position: count }))
      selection.clear();
  }

  const collapseAll = () =>
    setCollapsed(
      new Set(
        rows()
          .filter((r) => r.hasChildren)
          .map((r) => r.id),
      ),
    );

  return (
    <div class="tree-wrap">
      <div class="tree-toolbar" role="toolbar" aria-label="Tree actions">
        <button type="button" class="link" onClick={() => setCollapsed(new Set<string>())}>
          Expand all
        </button>
        <button type="button" class="link" onClick={collapseAll}>
          Collapse all
        </button>
        <span class="muted small" aria-live="polite">
          {plural(props.store.count(), 'task')}
          <Show when={selectedTaskIds().length > 0}> · {selectedTaskIds().length} selected</Show>
        </span>
        <Show when={selectedTaskIds().length > 0 && !props.readOnly}>
          <BulkBar
            groups={props.groups}
            onSetStatus={(status) => void setStatusOfSelected(status)}
            onMoveToGroup={(groupId) => void moveSelectedToGroup(groupId)}
            onDelete={() => void removeSelected()}
            onClear={() => selection.clear()}
          />
        </Show>
      </div>
      <ErrorMessage error={error() ?? props.store.error()} onDismiss={() => setError(undefined)} />
      <div
        class="tree-viewport"
        role="tree"
        aria-label={props.label}
        aria-multiselectable="true"
        // Layout the virtualization depends on is inline, not left to the stylesheet.
        style={{
          height: `min(70vh, ${Math.max(rows().length, 3) * rowHeight + 2}px)`,
          overflow: 'auto',
          position: 'relative',
        }}
        ref={(el) => {
          viewport = el;
          view.attach(el);
        }}
        onScroll={() => view.onScroll()}
        onKeyDown={onKeyDown}
      >
        <div
          class="tree-canvas"
          style={{ height: `${view.canvasHeight()}px`, position: 'relative' }}
        >
          {/* Index recycles the row elements while scrolling; each slot shows a new row. */}
          <Index each={view.windowed()}>
            {(placed) => {
              const row = () => placed().item;
              return (
                <TreeRow
                  row={row()}
                  top={placed().top}
                  task={row().kind === 'task' ? liveTask(row().id) : undefined}
                  group={row().kind === 'group' ? liveGroup(row().id) : undefined}
                  groupTotals={row().kind === 'group' ? totals().get(row().id) : undefined}
                  subtasks={
                    row().kind === 'task' && row().hasChildren ? subtasksOf(row().id) : undefined
                  }
                  focused={(focused()?.id ?? null) === row().id}
                  selected={selection.selected().has(row().id)}
                  dropPlace={dragDrop.placeOver(row().id)}
                  readOnly={props.readOnly}
                  onToggleDone={(id) => void toggleDone(id)}
                  onToggleExpanded={(id) => setExpanded(id)}
                  onClick={(e) => {
                    setFocusedId(row().id);
                    selection.select(row(), e);
                  }}
                  onFocus={() => setFocusedId(row().id)}
                  onDblClick={() =>
                    row().kind === 'task'
                      ? props.onEdit(row().id)
                      : !props.readOnly && props.onEditGroup(row().id)
                  }
                  onDragStart={(e) => dragDrop.start(e, row())}
                  onDragOver={(e) => dragDrop.over(e, row())}
                  onDragLeave={() => dragDrop.leave(row())}
                  onDrop={(e) => dragDrop.drop(e, row())}
                />
              );
            }}
          </Index>
        </div>
      </div>
      <Show when={props.store.loaded() && rows().length === 0}>
        <p class="muted">{props.emptyText ?? 'No tasks yet. Add the first one above.'}</p>
      </Show>
    </div>
  );
}
