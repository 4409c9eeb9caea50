/**
 * A list of tasks linked to the task being edited (prerequisites, related tasks) with a remove
 * button each, and a searchable select to add another task of the session. The worker's refusal
 * (a cycle, a task of another session…) is shown right under the picker.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { AppError, Task } from '../../../workers/api';
import { ErrorMessage } from '../ErrorMessage';

export interface TaskPickerProps {
  /** Heading of the picker, e.g. "Prerequisites"; also names its controls. */
  label: string;
  /** Singular noun for the buttons, e.g. "prerequisite". */
  noun: string;
  /** A unique prefix for element ids. */
  idPrefix: string;
  selected: readonly string[];
  /** Tasks that may be added (the caller leaves out the task itself and the selected ones). */
  candidates: readonly Task[];
  titleOf: (taskId: string) => string;
  emptyText: string;
  onAdd: (taskId: string) => Promise<AppError | undefined>;
  onRemove: (taskId: string) => Promise<AppError | undefined>;
}

export function TaskPicker(props: TaskPickerProps) {
  const [query, setQuery] = createSignal('');
  const [choice, setChoice] = createSignal('');
  const [error, setError] = createSignal<AppError>();
  const [busy, setBusy] = createSignal(false);

  const matches = createMemo(() => {
    const words = query().trim().toLowerCase();
    return props.candidates.filter(
      (task) => words === '' || task.title.toLowerCase().includes(words),
    );
  });
  // The chosen task, or the first match when the choice is filtered away.
  const chosen = () => {
    const list = matches();
    return list.find((task) => task.task_id === choice())?.task_id ?? list[0]?.task_id;
  };

  const run = async (action: () => Promise<AppError | undefined>) => {
    setBusy(true);
    try {
      setError(await action());
    } finally {
      setBusy(false);
    }
  };

  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const id = chosen();
    if (!id) return;
    const onAdd = props.onAdd;
    void run(async () => {
      const refusal = await onAdd(id);
      if (!refusal) setQuery('');
      return refusal;
    });
  };

  return (
    <fieldset class="task-picker">
      <legend>{props.label}</legend>
      <Show
        when={props.selected.length > 0}
        fallback={<p class="muted small">{props.emptyText}</p>}
      >
        <ul class="picked-list" aria-label={props.label}>
          <For each={props.selected}>
            {(id) => (
              <li>
                <span class="picked-title">{props.titleOf(id)}</span>
                <button
                  type="button"
                  class="link danger"
                  disabled={busy()}
                  aria-label={`Remove ${props.noun} “${props.titleOf(id)}”`}
                  onClick={() => void run(() => props.onRemove(id))}
                >
                  Remove
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="inline-form picker-form" onSubmit={add}>
        <label class="visually-hidden" for={`${props.idPrefix}-search`}>
          Search tasks to add as {props.noun}
        </label>
        {/* A text box, not type="search": there the first Esc only clears the box, and the
            dialog around it should close. Enter on an empty search chooses nothing. */}
        <input
          id={`${props.idPrefix}-search`}
          type="text"
          role="searchbox"
          placeholder="Search tasks…"
          value={query()}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && query().trim() === '') e.preventDefault();
          }}
        />
        <label class="visually-hidden" for={`${props.idPrefix}-choice`}>
          Task to add as {props.noun}
        </label>
        <select
          id={`${props.idPrefix}-choice`}
          disabled={matches().length === 0}
          onChange={(e) => setChoice(e.currentTarget.value)}
        >
          <Show when={matches().length > 0} fallback={<option value="">No matching tasks</option>}>
            <For each={matches()}>
              {(task) => (
                <option value={task.task_id} selected={task.task_id === chosen()}>
                  {task.title}
                </option>
              )}
            </For>
          </Show>
        </select>
        <button type="submit" disabled={busy() || chosen() === undefined}>
          Add {props.noun}
        </button>
      </form>
      <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
    </fieldset>
  );
}
