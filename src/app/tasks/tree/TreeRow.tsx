/**
 * One row of the tree (a group or a task) at its place in the virtual window: its ARIA
 * treeitem state, the twisty, and its content from the task's or group's current fields.
 * A row reads only its own task, so a tick re-runs that row alone.
 */
import { Show } from 'solid-js';
import type { TaskGroup } from '../../../../workers/api';
import type { DropPlace, GroupTotals, TaskNode, VisibleRow } from './tree-model';
import { rowHeight } from './virtual-window';
import { isOverdue } from '../../../../core/dates';
import { formatDay, formatDayFull } from '../../format-day';
import { today } from '../../today';

export interface TreeRowProps {
  row: VisibleRow;
  top: number;
  task: TaskNode | undefined;
  group: TaskGroup | undefined;
  /** A group's counts with its nested groups'. */
  groupTotals: GroupTotals | undefined;
  /** A parent task's direct subtasks: how many are done, of how many. */
  subtasks: GroupTotals | undefined;
  focused: boolean;
  selected: boolean;
  dropPlace: DropPlace | undefined;
  readOnly: boolean;
  onToggleDone: (id: string) => void;
  onToggleExpanded: (id: string) => void;
  onClick: (event: MouseEvent) => void;
  onFocus: () => void;
  onDblClick: () => void;
  onDragStart: (event: DragEvent) => void;
  onDragOver: (event: DragEvent) => void;
  onDragLeave: () => void;
  onDrop: (event: DragEvent) => void;
}

export function TreeRow(props: TreeRowProps) {
  const id = () => props.row.id;
  return (
    <div
      id={`tree-row-${id()}`}
      role="treeitem"
      class={`tree-row ${props.row.kind}`}
      classList={{
        done: props.task?.status === 'completed',
        focused: props.focused,
        selected: props.selected,
        [`drop-${props.dropPlace}`]: props.dropPlace !== undefined,
      }}
      // Layout the virtualization depends on is inline, not left to the stylesheet.
      style={{
        position: 'absolute',
        left: 0,
        right: 0,
        height: `${rowHeight}px`,
        transform: `translateY(${props.top}px)`,
        'padding-left': `${0.5 + props.row.depth * 1.25}rem`,
      }}
      aria-level={props.row.depth + 1}
      aria-expanded={props.row.hasChildren ? props.row.expanded : undefined}
      aria-selected={props.selected}
      // Named by its visible parts (title and badges), so speech matches the screen.
      aria-labelledby={`tree-name-${id()} tree-info-${id()}`}
      tabindex={props.focused ? 0 : -1}
      draggable={props.row.kind === 'task' && !props.readOnly}
      onClick={(e) => props.onClick(e)}
      onFocus={() => props.onFocus()}
      onDblClick={() => props.onDblClick()}
      onDragStart={(e) => props.onDragStart(e)}
      onDragOver={(e) => props.onDragOver(e)}
      onDragLeave={() => props.onDragLeave()}
      onDrop={(e) => props.onDrop(e)}
    >
      <button
        type="button"
        class="twisty"
        tabindex={-1}
        aria-hidden="true"
        style={{ visibility: props.row.hasChildren ? 'visible' : 'hidden' }}
        onClick={(e) => {
          e.stopPropagation();
          props.onToggleExpanded(id());
        }}
      >
        {props.row.expanded ? '▾' : '▸'}
      </button>
      <Show when={props.group}>
        {(group) => (
          <GroupLabel
            id={id()}
            group={group()}
            totals={props.groupTotals ?? { completed: 0, total: 0 }}
          />
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
                props.onToggleDone(id());
              }}
            />
            <span class="task-title" id={`tree-name-${id()}`}>
              {task().title}
            </span>
            <TaskBadges id={id()} task={task()} subtasks={props.subtasks} />
          </>
        )}
      </Show>
    </div>
  );
}

function GroupLabel(props: { id: string; group: TaskGroup; totals: GroupTotals }) {
  const percent = () =>
    props.totals.total === 0 ? 0 : (100 * props.totals.completed) / props.totals.total;
  return (
    <span class="group-label">
      <strong id={`tree-name-${props.id}`}>{props.group.group_name}</strong>
      <span class="muted small" id={`tree-info-${props.id}`}>
        {' '}
        {props.totals.completed}/{props.totals.total}
      </span>
      <span class="mini-progress" aria-hidden="true">
        <span style={{ width: `${percent()}%` }} />
      </span>
    </span>
  );
}

/**
 * The badges after a task's title: status, subtasks done, dates, specialist, estimate,
 * prerequisites. (A new badge goes here, in this order of importance.)
 */
function TaskBadges(props: { id: string; task: TaskNode; subtasks: GroupTotals | undefined }) {
  const overdue = () => isOverdue(props.task.due, props.task.status, today());
  return (
    <span class="task-badges" id={`tree-info-${props.id}`}>
      <Show when={props.task.status !== 'pending' && props.task.status !== 'completed'}>
        <span class={`badge status-${props.task.status}`}>
          {props.task.status.replace('_', ' ')}
        </span>
      </Show>
      <Show when={props.subtasks}>
        {(subtasks) => (
          <span class="badge subtasks" title="Subtasks done">
            {subtasks().completed} of {subtasks().total}
            <span class="visually-hidden"> subtasks done</span>
          </span>
        )}
      </Show>
      <Show when={props.task.scheduled}>
        {(scheduled) => (
          <span class="badge scheduled" title={`Scheduled ${formatDayFull(scheduled())}`}>
            from {formatDay(scheduled(), today())}
          </span>
        )}
      </Show>
      <Show when={props.task.due}>
        {(due) => (
          <span
            class="badge due"
            classList={{ overdue: overdue() }}
            title={`Due ${formatDayFull(due())}${overdue() ? ' (overdue)' : ''}`}
          >
            {overdue() ? 'overdue ' : 'due '}
            {formatDay(due(), today())}
          </span>
        )}
      </Show>
      <Show when={props.task.specialist}>
        <span class="badge">@{props.task.specialist}</span>
      </Show>
      <Show when={props.task.estimate !== null}>
        <span class="badge">{props.task.estimate}h</span>
      </Show>
      <Show when={props.task.dependencies > 0}>
        <span class="badge prerequisites" title="Prerequisites">
          <HourglassIcon />
          {props.task.dependencies}
          <span class="visually-hidden">
            {props.task.dependencies === 1 ? ' prerequisite' : ' prerequisites'}
          </span>
        </span>
      </Show>
    </span>
  );
}

/** An hourglass drawn as SVG: the ⧗ character has no glyph in many fonts (an empty box). */
function HourglassIcon() {
  return (
    <svg class="icon" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <path
        d="M2.5 1h7M2.5 11h7M3.5 1c0 3 5 3 5 5s-5 2-5 5M8.5 1c0 3-5 3-5 5s5 2 5 5"
        fill="none"
        stroke="currentColor"
        stroke-width="1.2"
        stroke-linecap="round"
      />
    </svg>
  );
}
