/** The selected session: its progress, forms to add tasks and groups, and the task tree. */
import { Index, Show, createSignal } from 'solid-js';
import type { AppError } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { patchGroups, patchSession } from '../../data/notice-rows';
import { ErrorMessage } from '../ErrorMessage';
import { ProgressBar } from '../ProgressBar';
import { TaskTree } from './tree/TaskTree';
import { GroupEditor } from './GroupEditor';
import { requestReveal } from './reveal';
import { createTaskTreeStore } from './tree/tree-store';
import './tasks.css';

interface Placement {
  parentId: string | null;
  groupId: string | null;
  position: number;
  label: string;
}

export function SessionView(props: { sessionId: string; onEdit?: (taskId: string) => void }) {
  const db = useDb();
  const { api } = db;
  const id = () => props.sessionId;
  const session = createLiveQuery(db, id, (sid) => api.getSession(sid), ['sessions'], patchSession);
  const groups = createLiveQuery(
    db,
    id,
    (sid) => api.listGroups(sid),
    ['task_groups'],
    patchGroups,
  );
  const store = createTaskTreeStore(db, id);
  const [title, setTitle] = createSignal('');
  const [groupName, setGroupName] = createSignal('');
  const [groupId, setGroupId] = createSignal('');
  const [placement, setPlacement] = createSignal<Placement>();
  const [error, setError] = createSignal<AppError>();
  const [editingGroup, setEditingGroup] = createSignal<string>();
  let titleInput: HTMLInputElement | undefined;
  const readOnly = () => session.data()?.status === 'archived';
  // A completed session keeps its tasks editable but takes no new ones (the worker's rule).
  const takesTasks = () => !readOnly() && session.data()?.status !== 'completed';

  const addTask = async (event: SubmitEvent) => {
    event.preventDefault();
    const place = placement();
    const result = await api.createTask({
      session_id: id(),
      title: title(),
      ...(place
        ? {
            parent_task_id: place.parentId,
            task_group: place.groupId,
            ...(place.position < Number.MAX_SAFE_INTEGER ? { position: place.position } : {}),
          }
        : { task_group: groupId() || null }),
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setTitle('');
    setPlacement(undefined);
    // Focus moves to the new task's row as soon as the tree has it (then N adds the next).
    requestReveal(result.value.task_id);
  };

  const addGroup = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await api.createGroup({ session_id: id(), group_name: groupName() });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setGroupName('');
  };

  const newTaskAt = (place: Omit<Placement, 'label'>) => {
    const parent = place.parentId ? store.task(place.parentId)?.title : undefined;
    const group = groups.data()?.find((g) => g.group_id === place.groupId)?.group_name;
    setPlacement({
      ...place,
      label: parent ? `inside “${parent}”` : group ? `in ${group}` : 'ungrouped',
    });
    titleInput?.focus();
  };

  return (
    <Show when={session.data()} fallback={<ErrorMessage error={session.error()} />}>
      {(s) => (
        <section class="session-view" aria-labelledby="session-title">
          <header class="session-header">
            <h2 id="session-title">{s().name}</h2>
            <span class={`badge status-${s().status}`}>{s().status}</span>
          </header>
          <Show when={s().description}>
            <p class="muted">{s().description}</p>
          </Show>
          <Show when={readOnly()}>
            <p class="notice" role="status">
              This session is archived and read-only. Reactivate it to make changes.
            </p>
          </Show>
          <ProgressBar
            label="Session progress"
            completed={s().completed_tasks}
            total={s().total_tasks}
            percentage={s().progress_percentage}
          />
          <Show when={session.data()?.status === 'completed'}>
            <p class="notice" role="status">
              This session is completed and takes no new tasks. Its tasks can still be edited.
            </p>
          </Show>
          <Show when={!readOnly()}>
            <div class="forms">
              <Show when={takesTasks()}>
                <form class="inline-form" onSubmit={addTask}>
                  <label class="visually-hidden" for="new-task-title">
                    New task title
                  </label>
                  <input
                    id="new-task-title"
                    ref={(el) => (titleInput = el)}
                    placeholder="What needs doing?"
                    aria-keyshortcuts="N"
                    value={title()}
                    onInput={(e) => setTitle(e.currentTarget.value)}
                    onKeyDown={(e) => e.key === 'Escape' && setPlacement(undefined)}
                  />
                  <Show
                    when={placement()}
                    fallback={
                      <Show when={(groups.data()?.length ?? 0) > 0}>
                        <label class="visually-hidden" for="new-task-group">
                          Group of the new task
                        </label>
                        <select
                          id="new-task-group"
                          value={groupId()}
                          onChange={(e) => setGroupId(e.currentTarget.value)}
                        >
                          <option value="">Ungrouped</option>
                          {/* By position: a group's counters change with every tick, and a
                            re-created option would drop the select's choice. */}
                          <Index each={groups.data()}>
                            {(g) => <option value={g().group_id}>{g().group_name}</option>}
                          </Index>
                        </select>
                      </Show>
                    }
                  >
                    {(place) => (
                      <span class="placement muted small">
                        {place().label}{' '}
                        <button
                          type="button"
                          class="link"
                          aria-label="Add at the default place instead"
                          onClick={() => setPlacement(undefined)}
                        >
                          ×
                        </button>
                      </span>
                    )}
                  </Show>
                  <button type="submit">Add task</button>
                </form>
              </Show>
              <form class="inline-form" onSubmit={addGroup}>
                <label class="visually-hidden" for="new-group-name">
                  New group name
                </label>
                <input
                  id="new-group-name"
                  placeholder="New group"
                  value={groupName()}
                  onInput={(e) => setGroupName(e.currentTarget.value)}
                />
                <button type="submit">Add group</button>
              </form>
            </div>
          </Show>
          <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
          <TaskTree
            store={store}
            groups={groups.data() ?? []}
            label={`Tasks of ${s().name}`}
            readOnly={readOnly()}
            emptyText={takesTasks() ? undefined : 'This session has no tasks.'}
            onEdit={(taskId) => props.onEdit?.(taskId)}
            onEditGroup={setEditingGroup}
            onNewTask={newTaskAt}
          />
          <Show when={groups.data()?.find((g) => g.group_id === editingGroup())} keyed>
            {(group) => (
              <GroupEditor
                group={group}
                groups={groups.data() ?? []}
                onClose={() => {
                  setEditingGroup(undefined);
                  queueMicrotask(() =>
                    document.getElementById(`tree-row-${group.group_id}`)?.focus(),
                  );
                }}
              />
            )}
          </Show>
        </section>
      )}
    </Show>
  );
}
