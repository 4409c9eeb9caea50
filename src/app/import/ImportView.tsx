/**
 * Import a plan as a new session: pick files or a folder, drop them, or paste the text; see
 * which format was recognised, what each of its conventions became, and what would be
 * created (counts, the group and task tree, the notes); then import. Files are only read,
 * never written.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { AppError, PlanFile, TaskStatus } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { formatBytes } from '../sync/format';
import type { ViewProps } from '../views';
import { planRows } from './plan-rows';
import { readDropped, readPickedFiles } from './read-files';
import './import.css';

interface Source {
  files: PlanFile[];
  /** How the preview names what was picked. */
  label: string;
}

const statusWords: Readonly<Record<TaskStatus, string>> = {
  pending: 'open',
  in_progress: 'in progress',
  blocked: 'blocked',
  completed: 'done',
  cancelled: 'cancelled',
};

function labelOf(files: readonly PlanFile[]): string {
  const first = files[0]?.path ?? '';
  if (files.length <= 1) return first;
  const folder = first.includes('/') ? first.slice(0, first.indexOf('/')) : '';
  return folder !== '' ? `${folder}/ (${files.length} files)` : `${files.length} files`;
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
  const preview = createLiveQuery(db, source, (s) => api.previewPlanFiles(s.files), []);
  const plan = () => (preview.error() ? undefined : preview.data());
  const rows = createMemo(() => {
    const p = plan();
    return p ? planRows(p) : [];
  });
  const notesBytes = createMemo(() => new TextEncoder().encode(plan()?.notes ?? '').length);

  const useFiles = async (read: () => Promise<PlanFile[]>, what: string) => {
    setImportError(undefined);
    try {
      setReadError(undefined);
      const files = await read();
      if (files.length === 0) {
        setReadError({
          type: 'Validation',
          field: 'file',
          message: `${what} holds no file a plan can be in (.md, .txt or .json).`,
        });
        return;
      }
      setSource({ files, label: labelOf(files) });
    } catch (error) {
      setReadError({
        type: 'Validation',
        field: 'file',
        message: `${what} could not be read: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const transfer = event.dataTransfer;
    if (!transfer) return;
    if (transfer.files.length > 0)
      return void useFiles(() => readDropped(transfer), 'What was dropped');
    const text = transfer.getData('text/plain');
    if (text) setSource({ files: [{ path: 'Dropped plan', text }], label: 'Dropped plan' });
  };

  const previewPasted = (event: SubmitEvent) => {
    event.preventDefault();
    setImportError(undefined);
    setReadError(undefined);
    setSource({ files: [{ path: 'Pasted plan', text: pasted() }], label: 'Pasted plan' });
  };

  const runImport = async () => {
    const s = source();
    if (!s) return;
    setImporting(true);
    const result = await api.importPlanFiles(s.files);
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
      <h2 id="import-title">Import a plan</h2>
      <p class="muted">
        Any markdown file with task lists (<code>- [ ]</code> and <code>- [x]</code>) becomes a new
        session: headings become groups, nested items become subtasks, and the prose stays with its
        section. Kiro and Spec Kit <code>tasks.md</code>, Obsidian Tasks, <code>todo.txt</code>, a
        Backlog.md folder and Task Master's <code>tasks.json</code> are recognised, with their
        conventions. Your files are only read, never changed.
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
          <strong>Choose plan files</strong> or drop files or a folder here
        </span>
        <input
          type="file"
          class="file-input"
          multiple
          accept=".md,.markdown,.txt,.json,text/markdown,text/plain,application/json"
          aria-label="Choose plan files"
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            if (files.length > 0) void useFiles(() => readPickedFiles(files), 'The chosen files');
            // Picking the same file again after an edit should preview it again.
            e.currentTarget.value = '';
          }}
        />
      </label>
      <label class="folder-pick">
        <span class="button-like">Choose a folder…</span>
        <span class="muted small">
          {' '}
          a Backlog.md <code>backlog/</code>, a <code>.taskmaster/</code> or a spec folder
        </span>
        <input
          type="file"
          class="visually-hidden"
          {...{ webkitdirectory: true }}
          aria-label="Choose a plan folder"
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            if (files.length > 0) void useFiles(() => readPickedFiles(files), 'The chosen folder');
            e.currentTarget.value = '';
          }}
        />
      </label>

      <details class="paste">
        <summary>Or paste the text</summary>
        <form class="paste-form" onSubmit={previewPasted}>
          <label for="import-paste">Plan text (markdown or todo.txt)</label>
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
                {p().name} <span class="muted small">from {source()?.label}</span>
              </h3>
            </header>
            <p class="plan-format">
              Recognised as <strong>{p().formatName}</strong>
            </p>
            <Show when={p().conventions.length > 0}>
              <table class="plan-conventions">
                <caption>What the file's conventions became</caption>
                <thead>
                  <tr>
                    <th scope="col">In the file</th>
                    <th scope="col">Became</th>
                    <th scope="col">Times</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={p().conventions}>
                    {(c) => (
                      <tr>
                        <td>
                          <code>{c.found}</code>
                        </td>
                        <td>{c.became}</td>
                        <td>{c.count}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
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
                        <Show when={row.ref !== null && !row.title.includes(row.ref)}>
                          <span class="plan-ref muted small">{row.ref}</span>{' '}
                        </Show>
                        <span classList={{ 'plan-done': row.done }}>{row.title}</span>
                        <Show
                          when={
                            row.checkbox !== null ||
                            (row.status !== 'pending' && row.status !== 'completed')
                          }
                        >
                          {' '}
                          <span class={`plan-status plan-status-${row.status}`}>
                            {row.checkbox ? `${row.checkbox} → ` : ''}
                            {statusWords[row.status]}
                          </span>
                        </Show>
                        <Show when={row.dependencies > 0}>
                          {' '}
                          <span class="muted small">
                            after {row.dependencies} {row.dependencies === 1 ? 'task' : 'tasks'}
                          </span>
                        </Show>
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
