/**
 * Import a markdown plan as a new session: pick a file, drop one, or paste the text; see
 * what would be created (counts, the group and task tree, the notes); then import. The file
 * is only read, never written.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { AppError } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { formatBytes } from '../sync/format';
import type { ViewProps } from '../views';
import { planRows } from './plan-rows';
import './import.css';

interface Source {
  text: string;
  fileName: string;
}

/** How much of the notes the preview shows. */
const notesShown = 4000;

export function ImportView(props: ViewProps) {
  const db = useDb();
  const { api } = db;
  const [source, setSource] = createSignal<Source>();
  const [readError, setReadError] = createSignal<AppError>();
  const [importError, setImportError] = createSignal<AppError>();
  const [importing, setImporting] = createSignal(false);
  const [dragging, setDragging] = createSignal(false);
  const [pasted, setPasted] = createSignal('');
  // Not a database read, but the same stale-reply guard: only the latest source's preview shows.
  const preview = createLiveQuery(db, source, (s) => api.previewPlan(s.text, s.fileName), []);
  const plan = () => (preview.error() ? undefined : preview.data());
  const rows = createMemo(() => {
    const p = plan();
    return p ? planRows(p) : [];
  });
  const notesBytes = createMemo(() => new TextEncoder().encode(plan()?.notes ?? '').length);

  const useFile = async (file: File | undefined) => {
    setImportError(undefined);
    if (!file) return;
    try {
      setReadError(undefined);
      setSource({ text: await file.text(), fileName: file.name });
    } catch (error) {
      setReadError({
        type: 'Validation',
        field: 'file',
        message: `“${file.name}” could not be read: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer?.files[0];
    if (file) return void useFile(file);
    const text = event.dataTransfer?.getData('text/plain');
    if (text) setSource({ text, fileName: 'Dropped plan' });
  };

  const previewPasted = (event: SubmitEvent) => {
    event.preventDefault();
    setImportError(undefined);
    setReadError(undefined);
    setSource({ text: pasted(), fileName: 'Pasted plan' });
  };

  const runImport = async () => {
    const s = source();
    if (!s) return;
    setImporting(true);
    const result = await api.importPlan(s.text, s.fileName);
    setImporting(false);
    if (!result.ok) {
      setImportError(result.error);
      return;
    }
    setImportError(undefined);
    setSource(undefined);
    props.onSelectSession(result.value.session_id);
    props.onNavigate('tasks');
  };

  return (
    <section class="import-view" aria-labelledby="import-title">
      <h2 id="import-title">Import a markdown plan</h2>
      <p class="muted">
        Any markdown file with task lists (<code>- [ ]</code> and <code>- [x]</code>) becomes a new
        session: headings become groups, nested items become subtasks, and the rest is kept as
        notes. Your file is only read, never changed.
      </p>

      <label
        class="drop-zone"
        classList={{ dragging: dragging() }}
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => e.preventDefault()}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span class="drop-zone-text">
          <strong>Choose a markdown file</strong> or drop it here
        </span>
        <input
          type="file"
          class="file-input"
          accept=".md,.markdown,.txt,text/markdown,text/plain"
          aria-label="Choose a markdown plan file"
          onChange={(e) => {
            void useFile(e.currentTarget.files?.[0]);
            // Picking the same file again after an edit should preview it again.
            e.currentTarget.value = '';
          }}
        />
      </label>

      <details class="paste">
        <summary>Or paste the markdown</summary>
        <form class="paste-form" onSubmit={previewPasted}>
          <label for="import-paste">Markdown plan text</label>
          <textarea
            id="import-paste"
            rows={8}
            value={pasted()}
            onInput={(e) => setPasted(e.currentTarget.value)}
          />
          <button type="submit" disabled={pasted().trim() === ''}>
            Preview pasted text
          </button>
        </form>
      </details>

      <ErrorMessage error={readError() ?? preview.error()} />

      <Show when={plan()}>
        {(p) => (
          <section class="plan-preview" aria-label="Preview of the new session">
            <header class="view-header">
              <h3>
                {p().name} <span class="muted small">from {source()?.fileName}</span>
              </h3>
            </header>
            <dl class="counts">
              <div>
                <dt>Groups</dt>
                <dd>{p().counts.groups}</dd>
              </div>
              <div>
                <dt>Tasks</dt>
                <dd>{p().counts.tasks}</dd>
              </div>
              <div>
                <dt>Done</dt>
                <dd>{p().counts.done}</dd>
              </div>
              <div>
                <dt>Depth</dt>
                <dd>
                  {p().counts.maxDepth} {p().counts.maxDepth === 1 ? 'level' : 'levels'}
                </dd>
              </div>
              <div>
                <dt>Notes</dt>
                <dd>{formatBytes(notesBytes())}</dd>
              </div>
            </dl>
            <div class="actions">
              <button type="button" disabled={importing()} onClick={() => void runImport()}>
                Import as new session
              </button>
            </div>
            <ErrorMessage error={importError()} onDismiss={() => setImportError(undefined)} />
            <ul class="plan-tree" aria-label="Groups and tasks to create">
              <For each={rows()}>
                {(row) => (
                  <li
                    class={`plan-row plan-${row.kind}`}
                    style={{ 'padding-left': `${row.depth * 1.25}rem` }}
                  >
                    {row.kind === 'group' ? (
                      <>
                        <strong>{row.name}</strong>{' '}
                        <span class="muted small">
                          {row.tasks} {row.tasks === 1 ? 'task' : 'tasks'}
                        </span>
                      </>
                    ) : row.kind === 'task' ? (
                      <>
                        <span class="plan-check" aria-hidden="true">
                          {row.done ? '☑' : '☐'}
                        </span>{' '}
                        <span class="visually-hidden">{row.done ? 'Done: ' : 'Open: '}</span>
                        <span classList={{ 'plan-done': row.done }}>{row.title}</span>
                      </>
                    ) : (
                      <span class="muted">
                        …and {row.count} more {row.what}
                      </span>
                    )}
                  </li>
                )}
              </For>
            </ul>
            <Show when={p().notes.trim() !== ''}>
              <details class="plan-notes">
                <summary>Notes kept with the session ({formatBytes(notesBytes())})</summary>
                <pre>
                  {p().notes.length > notesShown
                    ? `${p().notes.slice(0, notesShown)}\n…`
                    : p().notes}
                </pre>
              </details>
            </Show>
          </section>
        )}
      </Show>
    </section>
  );
}
