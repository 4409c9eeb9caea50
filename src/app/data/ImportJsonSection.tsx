/**
 * Import a session's JSON export as a new session. The worker checks the whole document before
 * writing anything; ids already taken here are replaced, and this section lists which.
 */
import { For, Show, createSignal } from 'solid-js';
import type { AppError, ImportReport } from '../../../workers/api';
import { useDb } from '../context';
import { ErrorMessage } from '../ErrorMessage';
import { fileError, messageOf, settle } from './settle';

interface IdChange {
  kind: string;
  from: string;
  to: string;
}

const kindNames: Readonly<Record<keyof ImportReport['idMap'], string>> = {
  session: 'session',
  groups: 'group',
  tasks: 'task',
  sync_state: 'sync state',
};

/** The ids the import had to replace because they were taken in this database. */
export function idChanges(report: ImportReport): IdChange[] {
  const changes: IdChange[] = [];
  for (const key of Object.keys(kindNames) as (keyof ImportReport['idMap'])[]) {
    for (const [from, to] of Object.entries(report.idMap[key])) {
      if (from !== to) changes.push({ kind: kindNames[key], from, to });
    }
  }
  return changes;
}

export function ImportJsonSection(props: {
  onSelectSession: (sessionId: string) => void;
  onNavigate: (viewId: string) => void;
}) {
  const db = useDb();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<AppError>();
  const [imported, setImported] = createSignal<{ fileName: string; report: ImportReport }>();

  async function importFile(file: File | undefined) {
    if (!file) return;
    setError(undefined);
    setImported(undefined);
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch (thrown) {
      {
        setError(fileError(file.name, `not a JSON file (${messageOf(thrown)}).`));
        return;
      }
    }
    setBusy(true);
    const result = await settle(db.api.importSessionJson(data));
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setImported({ fileName: file.name, report: result.value });
    props.onSelectSession(result.value.session_id);
  }

  return (
    <section class="data-section" aria-labelledby="data-import-title">
      <h3 id="data-import-title">Import a JSON export</h3>
      <p class="muted">
        A session exported as JSON (from this app, on any device) comes in as a new session; nothing
        already here is changed.
      </p>
      <label class="file-button">
        <span>Choose a JSON export…</span>
        <input
          type="file"
          class="visually-hidden"
          accept=".json,application/json"
          aria-label="Choose a JSON export to import"
          disabled={busy()}
          onChange={(e) => {
            void importFile(e.currentTarget.files?.[0]);
            // Picking the same file again should import it again.
            e.currentTarget.value = '';
          }}
        />
      </label>
      <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
      <div role="status" class="data-report">
        <Show when={imported()}>
          {(done) => {
            const changes = () => idChanges(done().report);
            return (
              <>
                <p>
                  Imported “{done().report.name}” from {done().fileName} as a new session.{' '}
                  <button
                    type="button"
                    class="link"
                    onClick={() => {
                      props.onSelectSession(done().report.session_id);
                      props.onNavigate('tasks');
                    }}
                  >
                    Show its tasks
                  </button>
                </p>
                <Show
                  when={changes().length > 0}
                  fallback={<p class="muted small">Every id was free here and was kept.</p>}
                >
                  <details class="id-changes">
                    <summary>
                      {changes().length === 1
                        ? '1 id was taken here and was replaced'
                        : `${changes().length} ids were taken here and were replaced`}
                    </summary>
                    <ul>
                      <For each={changes()}>
                        {(change) => (
                          <li>
                            {change.kind} <code>{change.from}</code> → <code>{change.to}</code>
                          </li>
                        )}
                      </For>
                    </ul>
                  </details>
                </Show>
                <Show when={done().report.skipped_mode_ids.length > 0}>
                  <p class="warning-text small">
                    Left out the bindings to modes this database does not know:{' '}
                    {done().report.skipped_mode_ids.join(', ')}.
                  </p>
                </Show>
              </>
            );
          }}
        </Show>
      </div>
    </section>
  );
}
