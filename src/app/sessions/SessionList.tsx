/**
 * The session switcher: every session with its status, priority, progress and last activity,
 * filtered by status (archived ones only when asked for), a form to create one, and each
 * session's lifecycle actions — only those the state machine allows. Picking a session shows
 * it; making it the active one is an explicit action.
 */
import { For, Show, createComputed, createSignal } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { AppError, Session, SessionStatus } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { patchSessionList } from '../../data/notice-rows';
import { ErrorMessage } from '../ErrorMessage';
import { LifecycleActions } from './LifecycleActions';
import { priorityLabels } from './lifecycle';
import './sessions.css';

const statusFilters: Array<{ value: '' | SessionStatus; label: string }> = [
  { value: '', label: 'All statuses' },
  { value: 'active', label: 'Active' },
  { value: 'paused', label: 'Paused' },
  { value: 'creating', label: 'Being set up' },
  { value: 'completed', label: 'Completed' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'archived', label: 'Archived' },
  { value: 'error', label: 'Error' },
];

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date. */
export function relativeTime(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (!Number.isFinite(minutes)) return '';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days < 14 ? `${days} day${days === 1 ? '' : 's'} ago` : iso.slice(0, 10);
}

export function SessionList(props: {
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const db = useDb();
  const api = db.api;
  const [status, setStatus] = createSignal<'' | SessionStatus>('');
  const [includeArchived, setIncludeArchived] = createSignal(false);
  const [expanded, setExpanded] = createSignal<string>();
  const filter = () => ({ status: status(), includeArchived: includeArchived() });
  const sessions = createLiveQuery(
    db,
    filter,
    (f) =>
      api.listSessions(
        f.status ? { statuses: [f.status] } : { includeArchived: f.includeArchived },
      ),
    ['sessions', 'active_session'],
    patchSessionList,
  );
  // Each session keeps its object, so its list item (and the focus in it) survives an edit:
  // only the fields that changed are written to the page.
  const [list, setList] = createStore<Session[]>([]);
  createComputed(() => setList(reconcile(sessions.data() ?? [], { key: 'session_id' })));
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

  return (
    <nav id="session-list" class="sessions" aria-label="Sessions">
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
      <div class="session-filters">
        <label class="visually-hidden" for="session-status-filter">
          Show sessions with status
        </label>
        <select
          id="session-status-filter"
          value={status()}
          onChange={(e) => setStatus(e.currentTarget.value as '' | SessionStatus)}
        >
          <For each={statusFilters}>{(f) => <option value={f.value}>{f.label}</option>}</For>
        </select>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={includeArchived()}
            disabled={status() !== ''}
            onChange={(e) => setIncludeArchived(e.currentTarget.checked)}
          />
          Include archived
        </label>
      </div>
      <Show when={sessions.data()?.length === 0}>
        <p class="muted">
          {status()
            ? 'No sessions with that status.'
            : 'No sessions yet. Create one to start planning.'}
        </p>
      </Show>
      <ul class="session-list">
        <For each={list}>
          {(session) => (
            <li>
              <button
                type="button"
                class="session-item"
                aria-current={props.selectedId === session.session_id ? 'true' : undefined}
                onClick={() => props.onSelect(session.session_id)}
              >
                <span class="session-name">{session.name}</span>
                <span class={`badge status-${session.status}`}>{session.status}</span>
                <span class="mini-progress" aria-hidden="true">
                  <span style={{ width: `${session.progress_percentage}%` }} />
                </span>
                <span class="muted small session-meta">
                  {session.completed_tasks}/{session.total_tasks} · P{session.priority_level}{' '}
                  {priorityLabels[session.priority_level]} ·{' '}
                  {relativeTime(session.last_activity_at)}
                </span>
              </button>
              <button
                type="button"
                class="link small"
                aria-expanded={expanded() === session.session_id}
                aria-label={`Actions for “${session.name}”`}
                onClick={() =>
                  setExpanded(expanded() === session.session_id ? undefined : session.session_id)
                }
              >
                Actions
              </button>
              <Show when={expanded() === session.session_id}>
                <LifecycleActions session={session} />
              </Show>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
