/**
 * The app shell: the active session always in view, the session list, navigation between
 * views, and the selected view. Alt+1…9 switch views (listed in the help dialog).
 */
import { For, Show, createEffect, createSignal, onCleanup, onMount } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { useDb } from './context';
import { createLiveQuery } from '../data/live';
import { patchActiveSession } from '../data/notice-rows';
import { SessionList } from './sessions/SessionList';
import { views } from './views';
import { UpdatePrompt } from '../pwa/UpdatePrompt';
import { ShortcutsHelp } from './ShortcutsHelp';
import { SyncIndicator } from './sync/SyncIndicator';
import { SearchBox } from './search/SearchBox';
import { openSearchHit } from './search/open-hit';
import './app.css';

export function App() {
  const db = useDb();
  const active = createLiveQuery(
    db,
    () => true,
    () => db.api.getActiveSession(),
    ['sessions', 'active_session'],
    patchActiveSession,
  );
  const [picked, setPicked] = createSignal<string>();
  const [viewId, setViewId] = createSignal(views[0]!.id);
  // On a narrow window the session list folds away behind a button, so the view comes first.
  const [sessionsOpen, setSessionsOpen] = createSignal(false);
  const selectSession = (id: string) => {
    setPicked(id);
    setSessionsOpen(false);
  };
  // Until the user picks a session, the active one is shown, and stays shown when it stops
  // being active (paused from the dashboard, say).
  createEffect(() => {
    const id = active.data()?.session_id;
    if (id && picked() === undefined) setPicked(id);
  });
  const selectedId = () => picked() ?? active.data()?.session_id;
  const view = () => views.find((v) => v.id === viewId()) ?? views[0]!;

  const onKey = (event: KeyboardEvent) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const target = views.find((v) => v.key === event.key);
    if (target) {
      event.preventDefault();
      setViewId(target.id);
    }
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  return (
    <div class="app">
      <UpdatePrompt />
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
        <div class="header-tools">
          <Show when={selectedId()}>
            <button
              type="button"
              class="sessions-toggle secondary"
              aria-expanded={sessionsOpen()}
              aria-controls="session-list"
              onClick={() => setSessionsOpen(!sessionsOpen())}
            >
              Sessions
            </button>
          </Show>
          {/* The Search view has its own box; one search box on screen at a time. */}
          <Show when={viewId() !== 'search'}>
            <SearchBox
              onOpen={(hit) =>
                openSearchHit(hit, { onSelectSession: selectSession, onNavigate: setViewId })
              }
            />
          </Show>
          <SyncIndicator onNavigate={setViewId} />
          <ShortcutsHelp />
        </div>
      </header>
      <div class="layout" classList={{ 'sessions-folded': !!selectedId() && !sessionsOpen() }}>
        <SessionList selectedId={selectedId()} onSelect={selectSession} />
        <main>
          <nav class="view-tabs" aria-label="Views">
            <For each={views}>
              {(entry) => (
                <button
                  type="button"
                  class="tab"
                  aria-current={entry.id === viewId() ? 'page' : undefined}
                  aria-keyshortcuts={`Alt+${entry.key}`}
                  onClick={() => setViewId(entry.id)}
                >
                  {entry.label}
                </button>
              )}
            </For>
          </nav>
          <Show
            when={view().scope === 'global' || selectedId()}
            fallback={<p class="muted">Create a session to begin, or import a plan.</p>}
          >
            <Dynamic
              component={view().component}
              sessionId={selectedId()}
              onSelectSession={selectSession}
              onNavigate={setViewId}
            />
          </Show>
        </main>
      </div>
    </div>
  );
}
