/** One task with its checkbox, its subtasks, and a form to add a subtask. */
import { For, Show, createSignal } from 'solid-js';
import type { AppError, Task } from '../../../workers/api';
import { useDb } from '../context';
import { ErrorMessage } from '../ErrorMessage';
import type { TaskTree } from './task-tree';

export function TaskItem(props: { task: Task; tree: TaskTree }) {
  const { api } = useDb();
  const [adding, setAdding] = createSignal(false);
  const [title, setTitle] = createSignal('');
  const [error, setError] = createSignal<AppError>();
  const children = () => props.tree.childrenByParent.get(props.task.task_id) ?? [];
  const done = () => props.task.status === 'completed';

  const toggle = async (event: Event & { currentTarget: HTMLInputElement }) => {
    const box = event.currentTarget;
    const result = await api.updateTask(props.task.task_id, {
      status: box.checked ? 'completed' : 'pending',
    });
    if (!result.ok) {
      box.checked = done(); // roll the optimistic tick back
      setError(result.error);
    } else setError(undefined);
  };

  const addSubtask = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await api.createTask({
      session_id: props.task.session_id,
      parent_task_id: props.task.task_id,
      title: title(),
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setTitle('');
    setAdding(false);
  };

  const remove = async () => {
    const result = await api.deleteTask(props.task.task_id);
    if (!result.ok) setError(result.error);
  };

  return (
    <li class="task" classList={{ done: done() }}>
      <div class="task-row">
        <input
          type="checkbox"
          id={`done-${props.task.task_id}`}
          checked={done()}
          onChange={(e) => void toggle(e)}
        />
        <label for={`done-${props.task.task_id}`} class="task-title">
          {props.task.title}
        </label>
        <Show when={props.task.status !== 'pending' && !done()}>
          <span class={`badge status-${props.task.status}`}>
            {props.task.status.replace('_', ' ')}
          </span>
        </Show>
        <span class="task-actions">
          <button
            type="button"
            class="link"
            aria-label={`Add subtask to “${props.task.title}”`}
            aria-expanded={adding()}
            onClick={() => setAdding(!adding())}
          >
            + Subtask
          </button>
          <button
            type="button"
            class="link danger"
            aria-label={`Delete “${props.task.title}”`}
            onClick={() => void remove()}
          >
            Delete
          </button>
        </span>
      </div>
      <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
      <Show when={adding()}>
        <form class="inline-form subtask-form" onSubmit={addSubtask}>
          <input
            aria-label={`New subtask of “${props.task.title}”`}
            placeholder="Subtask title"
            value={title()}
            onInput={(e) => setTitle(e.currentTarget.value)}
            ref={(el) => queueMicrotask(() => el.focus())}
          />
          <button type="submit">Add subtask</button>
        </form>
      </Show>
      <Show when={children().length > 0}>
        <ul class="task-list">
          <For each={children()}>{(child) => <TaskItem task={child} tree={props.tree} />}</For>
        </ul>
      </Show>
    </li>
  );
}
