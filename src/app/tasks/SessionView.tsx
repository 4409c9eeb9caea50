/** The selected session: its progress, a form to add tasks, and its groups and task tree. */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { AppError } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { ProgressBar } from '../ProgressBar';
import { TaskItem } from './TaskItem';
import { taskTreeFromList } from './task-tree';

export function SessionView(props: { sessionId: string }) {
  const db = useDb();
  const { api } = db;
  const id = () => props.sessionId;
  const session = createLiveQuery(db, id, (sid) => api.getSession(sid), ['sessions']);
  const groups = createLiveQuery(db, id, (sid) => api.listGroups(sid), ['task_groups']);
  const tasks = createLiveQuery(db, id, (sid) => api.listTasks(sid), ['tasks']);
  const tree = createMemo(() => taskTreeFromList(tasks.data() ?? []));
  const [title, setTitle] = createSignal('');
  const [groupName, setGroupName] = createSignal('');
  const [groupId, setGroupId] = createSignal('');
  const [error, setError] = createSignal<AppError>();

  const addTask = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await api.createTask({
      session_id: id(),
      title: title(),
      task_group: groupId() || null,
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setTitle('');
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

  const roots = (key: string) => tree().rootsByGroup.get(key) ?? [];

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
          <ProgressBar
            label="Session progress"
            completed={s().completed_tasks}
            total={s().total_tasks}
            percentage={s().progress_percentage}
          />
          <div class="forms">
            <form class="inline-form" onSubmit={addTask}>
              <label class="visually-hidden" for="new-task-title">
                New task title
              </label>
              <input
                id="new-task-title"
                placeholder="What needs doing?"
                value={title()}
                onInput={(e) => setTitle(e.currentTarget.value)}
              />
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
                  <For each={groups.data()}>
                    {(g) => <option value={g.group_id}>{g.group_name}</option>}
                  </For>
                </select>
              </Show>
              <button type="submit">Add task</button>
            </form>
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
          <ErrorMessage error={error() ?? tasks.error()} onDismiss={() => setError(undefined)} />
          <Show when={roots('').length > 0}>
            <ul class="task-list" aria-label="Ungrouped tasks">
              <For each={roots('')}>{(task) => <TaskItem task={task} tree={tree()} />}</For>
            </ul>
          </Show>
          <For each={groups.data()}>
            {(group) => (
              <section
                class="group"
                aria-label={`Group ${group.group_name}`}
                style={{ 'margin-left': `${group.group_level * 1.25}rem` }}
              >
                <h3>
                  {group.group_name}{' '}
                  <span class="muted small">
                    {group.completed_tasks}/{group.total_tasks}
                  </span>
                </h3>
                <ul class="task-list">
                  <For each={roots(group.group_id)}>
                    {(task) => <TaskItem task={task} tree={tree()} />}
                  </For>
                </ul>
              </section>
            )}
          </For>
          <Show when={tasks.data()?.length === 0}>
            <p class="muted">No tasks yet. Add the first one above.</p>
          </Show>
        </section>
      )}
    </Show>
  );
}
