/** The app shell: the active session always in view, the session list, the selected session. */
import { Show, createSignal } from 'solid-js';
import { useDb } from './context';
import { createLiveQuery } from '../data/live';
import { SessionList } from './sessions/SessionList';
import { SessionView } from './tasks/SessionView';

export function App() {
  const db = useDb();
  const active = createLiveQuery(
    db,
    () => true,
    () => db.api.getActiveSession(),
    ['sessions', 'active_session'],
  );
  const [picked, setPicked] = createSignal<string>();
  // Until the user picks a session, the active one is shown.
  const selectedId = () => picked() ?? active.data()?.session_id;

  return (
    <div class="app">
      <header class="app-header">
        <h1>Session Orchestrator</h1>
        <p class="active-session" aria-live="polite">
          <Show when={active.data()} fallback={<span class="muted">No active session</span>}>
            {(s) => (
              <>
                Active: <strong>{s().name}</strong>{' '}
                <span class="muted small">({Math.round(s().progress_percentage)}% done)</span>
              </>
            )}
          </Show>
        </p>
      </header>
      <div class="layout">
        <SessionList selectedId={selectedId()} onSelect={setPicked} />
        <main>
          <Show when={selectedId()} fallback={<p class="muted">Create a session to begin.</p>}>
            {(id) => <SessionView sessionId={id()} />}
          </Show>
        </main>
      </div>
    </div>
  );
}
