/**
 * The group and task tree: collapsible, virtualized (only rows in view are in the DOM, so
 * 10,000 tasks stay smooth), an ARIA tree with one tab stop, full keyboard use, drag and
 * drop, and multi-select to move tasks between groups. Edits are optimistic and roll back
 * when the worker refuses them.
 */
import { Index, Show, createEffect, createMemo, createSignal, onCleanup } from 'solid-js';
import { revealDone, revealRequest } from './reveal';
import type { AppError, TaskGroup } from '../../../workers/api';
import { useDb } from '../context';
import { ErrorMessage } from '../ErrorMessage';
import type { TaskTreeStore } from './tree-store';
import {
  type DropPlace,
  type TaskNode,
  type MoveTarget,
  type VisibleRow,
  dropTarget,
  indentTarget,
  indexTree,
  isInSubtree,
  outdentTarget,
  shiftTarget,
  visibleRows,
} from './tree-model';

const rowHeight = 34;
const overscan = 8;

export interface TaskTreeProps {
  store: TaskTreeStore;
  groups: readonly TaskGroup[];
  label: string;
  readOnly: boolean;
  /** Opens the task editor. */
  onEdit: (taskId: string) => void;
  /** Opens the group editor. */
  onEditGroup: (groupId: string) => void;
  /** Asks for a new task after / inside the focused one (the N shortcut). */
  onNewTask: (place: { parentId: string | null; groupId: string | null; position: number }) => void;
}

export function TaskTree(props: TaskTreeProps) {
  const { api } = useDb();
  const [collapsed, setCollapsed] = createSignal<ReadonlySet<string>>(new Set());
  const [focusedId, setFocusedId] = createSignal<string>();
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [anchorId, setAnchorId] = createSignal<string>();
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewportHeight, setViewportHeight] = createSignal(600);
  const [drop, setDrop] = createSignal<{ id: string; place: DropPlace }>();
  const [moveGroup, setMoveGroup] = createSignal('');
  const [error, setError] = createSignal<AppError>();
  let viewport: HTMLDivElement | undefined;

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
  const positionOf = createMemo(() => new Map(rows().map((row, i) => [row.id, i])));
  const windowed = createMemo(() => {
    const first = Math.max(0, Math.floor(scrollTop() / rowHeight) - overscan);
    const last = Math.min(
      rows().length,
      Math.ceil((scrollTop() + viewportHeight()) / rowHeight) + overscan,
    );
    return rows()
      .slice(first, last)
      .map((row, i) => ({ row, top: (first + i) * rowHeight }));
  });
  const focused = () => {
    const id = focusedId();
    const at = id === undefined ? undefined : positionOf().get(id);
    return at === undefined ? rows()[0] : rows()[at];
  };

  const report = (result: { ok: boolean; error?: AppError }) => {
    if (!result.ok && result.error) setError(result.error);
    else setError(undefined);
    return result.ok;
  };

  function focusRow(id: string) {
    setFocusedId(id);
    const at = positionOf().get(id);
    if (at !== undefined && viewport) {
      const top = at * rowHeight;
      if (top < viewport.scrollTop) viewport.scrollTop = top;
      else if (top + rowHeight > viewport.scrollTop + viewport.clientHeight) {
        viewport.scrollTop = top + rowHeight - viewport.clientHeight;
      }
      setScrollTop(viewport.scrollTop);
    }
    queueMicrotask(() => document.getElementById(`tree-row-${id}`)?.focus());
  }

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

  function toggleCollapsed(id: string, open?: boolean) {
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

  async function move(taskIds: readonly string[], target: MoveTarget) {
    if (props.readOnly) return;
    let position = target.position;
    for (const id of taskIds) {
      const task = liveTask(id);
      if (!task || isInSubtree(index(), task, target.parent_task_id)) {
        setError({
          type: 'Validation',
          field: 'parent_task_id',
          message: 'A task cannot move into its own subtasks.',
        });
        return;
      }
      const ok = report(await api.moveTask(id, { ...target, position: position++ }));
      if (!ok) return;
    }
  }

  const selectedTaskIds = () => [...selected()].filter((id) => liveTask(id) !== undefined);

  async function removeSelected() {
    const ids = selectedTaskIds().length
      ? selectedTaskIds()
      : focused()?.kind === 'task'
        ? [focused()!.id]
        : [];
    if (!ids.length || props.readOnly) return;
    const titles = ids.map((id) => `“${liveTask(id)?.title}”`).join(', ');
    if (!window.confirm(`Delete ${titles} and their subtasks?`)) return;
    for (const id of ids) if (liveTask(id) && !report(await api.deleteTask(id))) return;
    setSelected(new Set<string>());
  }

  function select(
    row: VisibleRow,
    event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean },
  ): void {
    if (row.kind !== 'task') {
      setSelected(new Set<string>());
      return;
    }
    if (event.shiftKey && anchorId()) {
      const [a, b] = [positionOf().get(anchorId()!) ?? 0, positionOf().get(row.id) ?? 0].sort(
        (x, y) => x - y,
      );
      setSelected(
        new Set(
          rows()
            .slice(a!, b! + 1)
            .filter((r) => r.kind === 'task')
            .map((r) => r.id),
        ),
      );
      return;
    }
    setAnchorId(row.id);
    if (event.ctrlKey || event.metaKey) {
      const next = new Set(selected());
      if (next.has(row.id)) next.delete(row.id);
      else next.add(row.id);
      setSelected(next);
    } else setSelected(new Set([row.id]));
  }

  function onKeyDown(event: KeyboardEvent) {
    const row = focused();
    if (!row) return;
    // Alt+Up/Down reorders the focused task among its siblings.
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      const target =
        row.kind === 'task' && shiftTarget(index(), row.task, event.key === 'ArrowUp' ? -1 : 1);
      if (target) void moveAndFocus(row.id, target);
      return;
    }
    const at = positionOf().get(row.id) ?? 0;
    const go = (to: number) => {
      const target = rows()[Math.max(0, Math.min(rows().length - 1, to))];
      if (!target) return;
      focusRow(target.id);
      if (event.shiftKey) select(target, { shiftKey: true, ctrlKey: false, metaKey: false });
    };
    const task = row.kind === 'task' ? row.task : undefined;
    const handled = () => event.preventDefault();
    switch (event.key) {
      case 'ArrowDown':
        return (handled(), go(at + 1));
      case 'ArrowUp':
        return (handled(), go(at - 1));
      case 'Home':
        return (handled(), go(0));
      case 'End':
        return (handled(), go(rows().length - 1));
      case 'PageDown':
        return (handled(), go(at + Math.floor(viewportHeight() / rowHeight)));
      case 'PageUp':
        return (handled(), go(at - Math.floor(viewportHeight() / rowHeight)));
      case 'ArrowRight':
        handled();
        if (row.hasChildren && !row.expanded) toggleCollapsed(row.id, true);
        else if (row.hasChildren) go(at + 1);
        return;
      case 'ArrowLeft': {
        handled();
        if (row.hasChildren && row.expanded) return toggleCollapsed(row.id, false);
        const parent = task
          ? (task.parentId ?? task.groupId)
          : row.kind === 'group'
            ? row.group.parent_group_id
            : null;
        if (parent && positionOf().has(parent)) focusRow(parent);
        return;
      }
      case ' ':
      case 'x':
        if (task) return (handled(), void toggleDone(task.id));
        return;
      case 'Enter':
        if (task) return (handled(), props.onEdit(task.id));
        return (handled(), props.readOnly ? toggleCollapsed(row.id) : props.onEditGroup(row.id));
      case 'Tab': {
        if (!task || props.readOnly) return;
        const target = event.shiftKey ? outdentTarget(index(), task) : indentTarget(index(), task);
        handled();
        if (target) void moveAndFocus(task.id, target);
        return;
      }
      case 'Delete':
        return (handled(), void removeSelected());
      case 'n':
      case 'N': {
        if (props.readOnly) return;
        handled();
        if (task && event.shiftKey) {
          props.onNewTask({
            parentId: task.id,
            groupId: task.groupId,
            position: (index().childrenByTask.get(task.id) ?? []).length,
          });
        } else if (task) {
          const place = shiftTarget(index(), task, 1);
          props.onNewTask({
            parentId: task.parentId,
            groupId: task.groupId,
            position: place ? place.position : Number.MAX_SAFE_INTEGER,
          });
        } else {
          props.onNewTask({ parentId: null, groupId: row.id, position: Number.MAX_SAFE_INTEGER });
        }
        return;
      }
    }
  }

  async function moveAndFocus(taskId: string, target: MoveTarget) {
    await move([taskId], target);
    focusRow(taskId);
  }

  function placeFor(event: DragEvent, row: VisibleRow): DropPlace {
    if (row.kind === 'group') return 'inside';
    const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const y = (event.clientY - box.top) / box.height;
    return y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside';
  }

  function onDrop(event: DragEvent, row: VisibleRow) {
    event.preventDefault();
    setDrop(undefined);
    const dragged = event.dataTransfer?.getData('application/x-task-ids');
    if (!dragged) return;
    const ids = JSON.parse(dragged) as string[];
    void move(ids, dropTarget(index(), row, placeFor(event, row)));
  }

  async function moveSelectedToGroup() {
    const ids = selectedTaskIds();
    if (!ids.length) return;
    const groupId = moveGroup() || null;
    const count = (index().rootsByGroup.get(groupId ?? '') ?? []).length;
    await move(ids, { parent_task_id: null, task_group: groupId, position: count });
    setSelected(new Set<string>());
  }

  return (
    <div class="tree-wrap">
      <div class="tree-toolbar" role="toolbar" aria-label="Tree actions">
        <button type="button" class="link" onClick={() => setCollapsed(new Set<string>())}>
          Expand all
        </button>
        <button
          type="button"
          class="link"
          onClick={() =>
            setCollapsed(
              new Set(
                rows()
                  .filter((r) => r.hasChildren)
                  .map((r) => r.id),
              ),
            )
          }
        >
          Collapse all
        </button>
        <span class="muted small" aria-live="polite">
          {props.store.count()} tasks
          <Show when={selectedTaskIds().length > 0}> · {selectedTaskIds().length} selected</Show>
        </span>
        <Show when={selectedTaskIds().length > 0 && !props.readOnly}>
          <label class="visually-hidden" for="move-to-group">
            Group to move the selected tasks to
          </label>
          <select
            id="move-to-group"
            value={moveGroup()}
            onChange={(e) => setMoveGroup(e.currentTarget.value)}
          >
            <option value="">Ungrouped</option>
            <Index each={props.groups}>
              {(g) => <option value={g().group_id}>{g().group_name}</option>}
            </Index>
          </select>
          <button type="button" onClick={() => void moveSelectedToGroup()}>
            Move selected
          </button>
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
          const observer = new ResizeObserver(() => setViewportHeight(el.clientHeight || 600));
          observer.observe(el);
          onCleanup(() => observer.disconnect());
        }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div
          class="tree-canvas"
          style={{ height: `${rows().length * rowHeight}px`, position: 'relative' }}
        >
          {/* Index recycles the row elements while scrolling; each slot shows a new row. */}
          <Index each={windowed()}>
            {(item) => {
              const row = () => item().row;
              const isFocused = () => (focused()?.id ?? null) === row().id;
              return (
                <div
                  id={`tree-row-${row().id}`}
                  role="treeitem"
                  class={`tree-row ${row().kind}`}
                  classList={{
                    done: row().kind === 'task' && liveTask(row().id)?.status === 'completed',
                    focused: isFocused(),
                    selected: selected().has(row().id),
                    [`drop-${drop()?.place}`]: drop()?.id === row().id,
                  }}
                  style={{
                    position: 'absolute',
                    left: 0,
                    right: 0,
                    height: `${rowHeight}px`,
                    transform: `translateY(${item().top}px)`,
                    'padding-left': `${0.5 + row().depth * 1.25}rem`,
                  }}
                  aria-level={row().depth + 1}
                  aria-expanded={row().hasChildren ? row().expanded : undefined}
                  aria-selected={selected().has(row().id)}
                  // Named by its visible parts (title and badges), so speech matches the screen.
                  aria-labelledby={`tree-name-${row().id} tree-info-${row().id}`}
                  tabindex={isFocused() ? 0 : -1}
                  draggable={row().kind === 'task' && !props.readOnly}
                  onClick={(e) => {
                    setFocusedId(row().id);
                    select(row(), e);
                  }}
                  onFocus={() => setFocusedId(row().id)}
                  onDblClick={() =>
                    row().kind === 'task'
                      ? props.onEdit(row().id)
                      : !props.readOnly && props.onEditGroup(row().id)
                  }
                  onDragStart={(e) => {
                    const ids = selected().has(row().id) ? selectedTaskIds() : [row().id];
                    e.dataTransfer?.setData('application/x-task-ids', JSON.stringify(ids));
                    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
                  }}
                  onDragOver={(e) => {
                    e.preventDefault();
                    setDrop({ id: row().id, place: placeFor(e, row()) });
                  }}
                  onDragLeave={() => drop()?.id === row().id && setDrop(undefined)}
                  onDrop={(e) => onDrop(e, row())}
                >
                  <button
                    type="button"
                    class="twisty"
                    tabindex={-1}
                    aria-hidden="true"
                    style={{ visibility: row().hasChildren ? 'visible' : 'hidden' }}
                    onClick={(e) => {
                      e.stopPropagation();
                      toggleCollapsed(row().id);
                    }}
                  >
                    {row().expanded ? '▾' : '▸'}
                  </button>
                  <TreeRowBody
                    id={row().id}
                    task={row().kind === 'task' ? liveTask(row().id) : undefined}
                    group={row().kind === 'group' ? liveGroup(row().id) : undefined}
                    readOnly={props.readOnly}
                    onToggle={(id) => void toggleDone(id)}
                  />
                </div>
              );
            }}
          </Index>
        </div>
      </div>
      <Show when={props.store.loaded() && rows().length === 0}>
        <p class="muted">No tasks yet. Add the first one above.</p>
      </Show>
    </div>
  );
}

/** A row's content, from the task's or group's current fields. */
function TreeRowBody(props: {
  id: string;
  task: TaskNode | undefined;
  group: TaskGroup | undefined;
  readOnly: boolean;
  onToggle: (id: string) => void;
}) {
  return (
    <>
      <Show when={props.group}>
        {(group) => (
          <span class="group-label">
            <strong id={`tree-name-${props.id}`}>{group().group_name}</strong>
            <span class="muted small" id={`tree-info-${props.id}`}>
              {' '}
              {group().completed_tasks}/{group().total_tasks}
            </span>
            <span class="mini-progress" aria-hidden="true">
              <span style={{ width: `${group().progress_percentage}%` }} />
            </span>
          </span>
        )}
      </Show>
      <Show when={props.task}>
        {(task) => (
          <>
            <input
              type="checkbox"
              tabindex={-1}
              aria-label={`Done: ${task().title}`}
              checked={task().status === 'completed'}
              disabled={props.readOnly}
              onClick={(e) => {
                e.stopPropagation();
                e.preventDefault();
                props.onToggle(props.id);
              }}
            />
            <span class="task-title" id={`tree-name-${props.id}`}>
              {task().title}
            </span>
            <span class="task-badges" id={`tree-info-${props.id}`}>
              <Show when={task().status !== 'pending' && task().status !== 'completed'}>
                <span class={`badge status-${task().status}`}>
                  {task().status.replace('_', ' ')}
                </span>
              </Show>
              <Show when={task().specialist}>
                <span class="badge">@{task().specialist}</span>
              </Show>
              <Show when={task().estimate !== null}>
                <span class="badge">{task().estimate}h</span>
              </Show>
              <Show when={task().dependencies > 0}>
                <span class="badge" title="Prerequisites">
                  ⧗ {task().dependencies}
                </span>
              </Show>
            </span>
          </>
        )}
      </Show>
    </>
  );
}
