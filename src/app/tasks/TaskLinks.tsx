/**
 * The task editor's links: prerequisites (`depends_on`, with the cycle refusal shown in place),
 * the tasks this one blocks (read-only: they are the inverse of their own prerequisites), and
 * related tasks.
 */
import { For, Show, createMemo } from 'solid-js';
import type { AppError, Result, Task } from '../../../workers/api';
import { useDb } from '../context';
import { TaskPicker } from './TaskPicker';

const refusal = (result: Result<unknown, AppError>): AppError | undefined =>
  result.ok ? undefined : result.error;

export function TaskLinks(props: {
  task: Task;
  /** Every task of the session (for titles and candidates). */
  sessionTasks: readonly Task[];
}) {
  const { api } = useDb();
  const titles = createMemo(() => new Map(props.sessionTasks.map((t) => [t.task_id, t.title])));
  const titleOf = (id: string) => titles().get(id) ?? id;
  const others = createMemo(() =>
    props.sessionTasks.filter((t) => t.task_id !== props.task.task_id),
  );
  const notIn = (ids: readonly string[]) => others().filter((t) => !ids.includes(t.task_id));

  const addPrerequisite = async (id: string) =>
    refusal(await api.addDependency(props.task.task_id, id));
  const removePrerequisite = async (id: string) =>
    refusal(await api.removeDependency(props.task.task_id, id));
  const addRelated = async (id: string) => {
    const task = props.task;
    return refusal(await api.setRelated(task.task_id, [...task.related_tasks, id]));
  };
  const removeRelated = async (id: string) => {
    const task = props.task;
    const rest = task.related_tasks.filter((other) => other !== id);
    return refusal(await api.setRelated(task.task_id, rest));
  };

  return (
    <div class="task-links">
      <TaskPicker
        label="Prerequisites (depends on)"
        noun="prerequisite"
        idPrefix="task-editor-deps"
        selected={props.task.depends_on}
        candidates={notIn(props.task.depends_on)}
        titleOf={titleOf}
        emptyText="No prerequisites: this task can start any time."
        onAdd={addPrerequisite}
        onRemove={removePrerequisite}
      />
      <section class="task-blocks" aria-labelledby="task-editor-blocks">
        <h3 id="task-editor-blocks">Blocks</h3>
        <Show
          when={props.task.blocks.length > 0}
          fallback={<p class="muted small">No other task waits for this one.</p>}
        >
          <ul class="picked-list" aria-labelledby="task-editor-blocks">
            <For each={props.task.blocks}>
              {(id) => (
                <li>
                  <span class="picked-title">{titleOf(id)}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <TaskPicker
        label="Related tasks"
        noun="related task"
        idPrefix="task-editor-related"
        selected={props.task.related_tasks}
        candidates={notIn(props.task.related_tasks)}
        titleOf={titleOf}
        emptyText="No related tasks."
        onAdd={addRelated}
        onRemove={removeRelated}
      />
    </div>
  );
}
