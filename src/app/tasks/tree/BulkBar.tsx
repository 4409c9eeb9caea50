/**
 * Actions on the tasks selected in the tree: mark done, set a status, move to a group,
 * delete. Each is one worker call, one transaction.
 */
import { For, Index, createSignal } from 'solid-js';
import type { TaskGroup, TaskStatus } from '../../../../workers/api';
import { options, taskStatusLabels } from '../task-fields';

export interface BulkBarProps {
  groups: readonly TaskGroup[];
  onSetStatus: (status: TaskStatus) => void;
  /** Moves the selection to the top level of a group (null: ungrouped). */
  onMoveToGroup: (groupId: string | null) => void;
  onDelete: () => void;
  onClear: () => void;
}

export function BulkBar(props: BulkBarProps) {
  const [status, setStatus] = createSignal<TaskStatus>('in_progress');
  const [group, setGroup] = createSignal('');
  return (
    <div class="bulk-bar" role="group" aria-label="Selected tasks">
      <button type="button" onClick={() => props.onSetStatus('completed')}>
        Mark done
      </button>
      <label class="visually-hidden" for="bulk-status">
        Status for the selected tasks
      </label>
      <select
        id="bulk-status"
        value={status()}
        onChange={(e) => setStatus(e.currentTarget.value as TaskStatus)}
      >
        <For each={options(taskStatusLabels)}>
          {([value, label]) => <option value={value}>{label}</option>}
        </For>
      </select>
      <button type="button" onClick={() => props.onSetStatus(status())}>
        Set status
      </button>
      <label class="visually-hidden" for="move-to-group">
        Group to move the selected tasks to
      </label>
      <select id="move-to-group" value={group()} onChange={(e) => setGroup(e.currentTarget.value)}>
        <option value="">Ungrouped</option>
        {/* By position: a group's counters change with every tick. */}
        <Index each={props.groups}>
          {(g) => <option value={g().group_id}>{g().group_name}</option>}
        </Index>
      </select>
      <button type="button" onClick={() => props.onMoveToGroup(group() || null)}>
        Move selected
      </button>
      <button type="button" class="danger" onClick={() => props.onDelete()}>
        Delete selected
      </button>
      <button type="button" class="link" onClick={() => props.onClear()}>
        Clear selection
      </button>
    </div>
  );
}
