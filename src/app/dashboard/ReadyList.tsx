/**
 * The dashboard's "Ready to start" list: the first few tasks, and a button for all of them
 * (a big session has thousands, and a page of every one is hundreds of thousands of pixels).
 */
import { For, Show, createSignal } from 'solid-js';
import type { Task } from '../../../workers/api';
import { complexityLabels, taskStatusLabels } from '../tasks/task-fields';

/** How many ready tasks show before "Show all". */
export const readyShown = 10;

const hours = (n: number) => `${Math.round(n * 10) / 10} h`;

export function ReadyList(props: { tasks: readonly Task[]; onOpen: (taskId: string) => void }) {
  const [all, setAll] = createSignal(false);
  const shown = () => (all() ? props.tasks : props.tasks.slice(0, readyShown));
  return (
    <>
      <ul class="ready-list" aria-label="Ready tasks">
        <For each={shown()}>
          {(task) => (
            <li>
              <button
                type="button"
                class="link ready-task"
                id={`ready-${task.task_id}`}
                onClick={() => props.onOpen(task.task_id)}
              >
                {task.title}
              </button>
              <span class="muted small">
                {[
                  taskStatusLabels[task.status],
                  complexityLabels[task.complexity_level],
                  task.specialist_type,
                  task.estimated_effort !== null ? hours(task.estimated_effort) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.tasks.length > readyShown}>
        <button type="button" class="link" aria-expanded={all()} onClick={() => setAll(!all())}>
          {all()
            ? `Show the first ${readyShown}`
            : `Show all ${props.tasks.length.toLocaleString('en')}`}
        </button>
      </Show>
    </>
  );
}
