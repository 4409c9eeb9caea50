/**
 * session.md by hand, for browsers that cannot open a folder (Firefox, Safari): "Open
 * session.md…" (a file input, or a file dropped here) merges the file into its session the
 * way the folder sync does, or imports it as a new session when its id is unknown; "Save
 * session.md" downloads the session as it is now. A clash is shown with both values, and
 * the user keeps the app's or takes the file's.
 */
import { For, Show, createSignal } from 'solid-js';
import type { AppError, TakeOutcome } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { downloadBytes } from '../data/download';

const encoder = new TextEncoder();

export function FileExchange() {
  const db = useDb();
  const { api } = db;
  const sessions = createLiveQuery(
    db,
    () => true,
    () => api.listSessions({ includeArchived: true }),
    ['sessions'],
  );
  const [chosen, setChosen] = createSignal('');
  const [error, setError] = createSignal<AppError>();
  const [note, setNote] = createSignal('');
  const [held, setHeld] = createSignal<{
    text: string;
    outcome: TakeOutcome & { kind: 'conflict' };
  }>();
  const [dragging, setDragging] = createSignal(false);
  const [fileInput, setFileInput] = createSignal<HTMLInputElement>();
  const nameOf = (sid: string) => sessions.data()?.find((s) => s.session_id === sid)?.name ?? sid;
  const selected = () => chosen() || sessions.data()?.[0]?.session_id || '';

  const take = async (text: string, resolution?: 'ours' | 'theirs') => {
    setError(undefined);
    setNote('');
    const result = await api.takeSessionFile(text, resolution);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const outcome = result.value;
    setHeld(undefined);
    switch (outcome.kind) {
      case 'imported':
        setNote(`Imported “${outcome.name}” as a new session.`);
        break;
      case 'unchanged':
        setNote(`“${nameOf(outcome.session_id)}” already matches this file.`);
        break;
      case 'merged':
        setNote(
          `Merged into “${nameOf(outcome.session_id)}”: ${outcome.applied} change(s) taken.` +
            (outcome.refused.length > 0 ? ` Not taken: ${outcome.refused.join('; ')}` : '') +
            ' Save session.md to get the file with the app’s ids.',
        );
        break;
      case 'conflict':
        setHeld({ text, outcome });
        break;
    }
    if (outcome.kind !== 'conflict') setChosen(outcome.session_id);
  };

  const takeFile = async (file: File | undefined) => {
    if (!file) return;
    await take(await file.text());
  };

  const save = async () => {
    setError(undefined);
    const sid = selected();
    const result = await api.saveSessionFile(sid);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    downloadBytes(encoder.encode(result.value.text), result.value.file_name, 'text/markdown');
    setNote(`Saved session.md of “${nameOf(sid)}”.`);
  };

  return (
    <section
      class="file-exchange"
      classList={{ dragging: dragging() }}
      aria-labelledby="file-exchange-title"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void takeFile(e.dataTransfer?.files[0]);
      }}
    >
      <h3 id="file-exchange-title">session.md by hand</h3>
      <p>
        Take a session’s session.md in and out yourself. Opening a file merges it into its session
        just like folder sync would: what changed in the file since you last saved or opened it is
        combined with what changed in the app, and both sides of a clash are shown to you. A
        session.md of a session this browser does not know becomes a new session. You can also drop
        a file here.
      </p>
      <div class="actions">
        <button type="button" onClick={() => fileInput()?.click()}>
          Open session.md…
        </button>
        <input
          id="file-exchange-open"
          ref={setFileInput}
          aria-label="session.md to open"
          tabindex={-1}
          class="visually-hidden"
          type="file"
          accept=".md,text/markdown,text/plain"
          onChange={(e) => {
            const input = e.currentTarget;
            void takeFile(input.files?.[0]).finally(() => (input.value = ''));
          }}
        />
        <label for="file-exchange-session" class="visually-hidden">
          Session to save
        </label>
        <select
          id="file-exchange-session"
          value={selected()}
          onChange={(e) => setChosen(e.currentTarget.value)}
        >
          <For each={sessions.data()}>{(s) => <option value={s.session_id}>{s.name}</option>}</For>
        </select>
        <button type="button" disabled={selected() === ''} onClick={() => void save()}>
          Save session.md
        </button>
      </div>
      <ErrorMessage error={error() ?? sessions.error()} />
      <p class="muted small" role="status">
        {note()}
      </p>
      <Show when={held()}>
        {(h) => (
          <div class="file-conflicts" role="group" aria-label="Conflicts with the opened file">
            <p>
              {h().outcome.message} Nothing has changed yet in “{nameOf(h().outcome.session_id)}”.
            </p>
            <ul>
              <For each={h().outcome.conflicts}>
                {(c) => (
                  <li>
                    <Show when={c.kind === 'field' && c} fallback={<>{c.kind}</>}>
                      {(f) => (
                        <>
                          {f().entity} {f().field.replaceAll('_', ' ')}: app “{String(f().ours)}” ·
                          file “{String(f().theirs)}”
                        </>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <div class="actions">
              <button type="button" onClick={() => void take(h().text, 'ours')}>
                Keep the app’s values
              </button>
              <button type="button" class="secondary" onClick={() => void take(h().text, 'theirs')}>
                Take the file’s values
              </button>
            </div>
          </div>
        )}
      </Show>
    </section>
  );
}
