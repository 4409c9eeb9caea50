/** The session list with a form to create a session; picking one activates it. */
import { For, Show, createSignal } from 'solid-js';
import type { AppError, Session } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';

export function SessionList(props: {
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const db = useDb();
  const api = db.api;
  const sessions = createLiveQuery(
    db,
    () => true,
    () => api.listSessions({}),
    ['sessions'],
  );
  const [name, setName] = createSignal('');
  const [error, setError] = createSignal<AppError>();

  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const result = await api.createSession({ name: name() });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setName('');
    props.onSelect(result.value.session_id);
  };

  const activate = async (session: Session) => {
    props.onSelect(session.session_id);
    if (session.status === 'active') return;
    const result = await api.transitionSession(session.session_id, 'active');
    setError(result.ok ? undefined : result.error);
  };

  return (
    <nav class="sessions" aria-label="Sessions">
      <h2>Sessions</h2>
      <form class="inline-form" onSubmit={create}>
        <label class="visually-hidden" for="new-session-name">
          New session name
        </label>
        <input
          id="new-session-name"
          placeholder="New session name"
          value={name()}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit">Create session</button>
      </form>
      <ErrorMessage error={error() ?? sessions.error()} onDismiss={() => setError(undefined)} />
      <Show when={sessions.data()?.length === 0}>
        <p class="muted">No sessions yet. Create one to start planning.</p>
      </Show>
      <ul class="session-list">
        <For each={sessions.data()}>
          {(session) => (
            <li>
              <button
                type="button"
                class="session-item"
                aria-current={props.selectedId === session.session_id ? 'true' : undefined}
                onClick={() => void activate(session)}
              >
                <span class="session-name">{session.name}</span>
                <span class={`badge status-${session.status}`}>{session.status}</span>
                <span class="muted small">
                  {session.completed_tasks}/{session.total_tasks} · P{session.priority_level}
                </span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
