/**
 * Export and archive the selected session. With a project folder open the worker writes the
 * file into `.task_orchestrator/exports/` (or `archives/`) and says where; without one it
 * returns the bytes and the browser downloads them.
 */
import { For, Show, createEffect, createSignal, on } from 'solid-js';
import type { AppError, ExportFormat, ExportResult } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { downloadBytes } from './download';
import { settle } from './settle';

const formats: readonly { format: ExportFormat; label: string }[] = [
  { format: 'markdown', label: 'Markdown' },
  { format: 'json', label: 'JSON' },
  { format: 'zip', label: 'Zip' },
  { format: 'todotxt', label: 'todo.txt' },
];

/** Saves or downloads an export; returns what happened, for people. */
function deliver(result: ExportResult): string {
  if (result.savedTo) return `Saved to ${result.savedTo}.`;
  if (result.download) {
    downloadBytes(result.download.bytes, result.fileName, result.download.mimeType);
    return `Downloaded as ${result.fileName}.`;
  }
  return `${result.fileName} was made, but there was nothing to save.`;
}

export function ExportSection(props: { sessionId: string | undefined }) {
  const db = useDb();
  const session = createLiveQuery(
    db,
    () => props.sessionId,
    (id) => db.api.getSession(id),
    ['sessions'],
  );
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<AppError>();
  const [outcome, setOutcome] = createSignal<string>();
  const [confirming, setConfirming] = createSignal(false);

  // What was said about one session does not apply to the next one.
  createEffect(
    on(
      () => props.sessionId,
      () => {
        setError(undefined);
        setOutcome(undefined);
        setConfirming(false);
      },
      { defer: true },
    ),
  );

  async function exportAs(format: ExportFormat, label: string) {
    const id = props.sessionId;
    if (!id) return;
    setBusy(true);
    setError(undefined);
    setOutcome(undefined);
    const result = await settle(db.api.exportSession(id, format));
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setOutcome(`${label} export: ${deliver(result.value)}`);
  }

  async function archive() {
    const id = props.sessionId;
    if (!id) return;
    setConfirming(false);
    setBusy(true);
    setError(undefined);
    setOutcome(undefined);
    const result = await settle(db.api.archiveSession(id));
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setOutcome(
      `“${result.value.session.name}” is archived (read-only until reactivated). Its archive: ${deliver(result.value)}`,
    );
  }

  return (
    <section class="data-section" aria-labelledby="data-export-title">
      <h3 id="data-export-title">Export and archive</h3>
      <Show
        when={props.sessionId ? session.data() : undefined}
        fallback={
          <>
            <p class="muted">Select a session in the list to export or archive it.</p>
            <ErrorMessage error={props.sessionId ? session.error() : undefined} />
          </>
        }
      >
        {(s) => (
          <>
            <p>
              <strong>{s().name}</strong>{' '}
              <span class={`badge status-${s().status}`}>{s().status}</span>
            </p>
            <div class="data-actions" role="group" aria-label={`Export ${s().name}`}>
              <For each={formats}>
                {(entry) => (
                  <button
                    type="button"
                    class="secondary"
                    disabled={busy()}
                    onClick={() => void exportAs(entry.format, entry.label)}
                  >
                    Export as {entry.label}
                  </button>
                )}
              </For>
              <button
                type="button"
                class="secondary danger"
                disabled={busy() || s().status === 'archived'}
                aria-expanded={confirming()}
                onClick={() => setConfirming(true)}
              >
                Archive session…
              </button>
            </div>
            <Show when={confirming()}>
              <div class="confirm-panel" role="group" aria-label="Confirm archiving">
                <p>
                  Archive “{s().name}”? A zip export of it is saved to{' '}
                  <code>.task_orchestrator/archives/</code> (or downloaded when no folder is open),
                  and the session becomes read-only until it is reactivated.
                </p>
                <div class="data-actions">
                  <button type="button" class="danger" onClick={() => void archive()}>
                    Archive “{s().name}”
                  </button>
                  <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                    Cancel
                  </button>
                </div>
              </div>
            </Show>
            <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
            <p class="data-outcome" role="status">
              {outcome()}
            </p>
          </>
        )}
      </Show>
    </section>
  );
}
