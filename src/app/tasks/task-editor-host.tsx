/**
 * Opening the task editor from anywhere: `useTaskEditor()` returns `open(taskId)`. The editor
 * lives in its own root on `document.body`, not inside the list item that opened it, because
 * list items are re-created when the task list is re-read (every save), and the editor must
 * survive that. Focus returns to the opener when the editor closes (see TaskEditor).
 */
import { Show, createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import type { DbClient } from '../../data/client';
import { DbContext, useDb } from '../context';
import { TaskEditor } from './TaskEditor';

const [editing, setEditing] = createSignal<string>();
let mounted: DbClient | undefined;

function mountHost(client: DbClient) {
  if (mounted === client) return;
  mounted = client;
  const host = document.createElement('div');
  host.className = 'task-editor-host';
  document.body.append(host);
  render(
    () => (
      <DbContext.Provider value={client}>
        <Show when={editing()} keyed>
          {(taskId) => <TaskEditor taskId={taskId} onClose={() => setEditing(undefined)} />}
        </Show>
      </DbContext.Provider>
    ),
    host,
  );
}

/** Returns a function that opens the task editor on a task (call it from an event handler). */
export function useTaskEditor(): (taskId: string) => void {
  const client = useDb();
  return (taskId) => {
    mountHost(client);
    setEditing(taskId);
  };
}
