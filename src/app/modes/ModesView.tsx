/**
 * The modes (role configurations): every mode the app knows, valid or not, with its file, hash,
 * roles, problems and the sessions using it; and, for the selected session, the mode it uses
 * (with the reason when it fell back to the built-in default) and "Use this mode".
 */
import { For, Index, Show, createSignal } from 'solid-js';
import type { AppError, ModeListItem, StoredModeIssue } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { ModeRoles } from './ModeRoles';
import './modes.css';

const modeTables = ['session_modes', 'session_mode_bindings', 'sessions'];

const statusText: Record<ModeListItem['status'], string> = {
  builtin: 'built-in',
  valid: 'valid',
  invalid: 'invalid',
  missing: 'missing',
};

function issuePlace(issue: StoredModeIssue): string {
  const parts: string[] = [];
  if (issue.line !== null) {
    parts.push(
      issue.column !== null ? `line ${issue.line}, column ${issue.column}` : `line ${issue.line}`,
    );
  }
  if (issue.role !== null) parts.push(`role ${issue.role}`);
  if (issue.key !== null) parts.push(`key ${issue.key}`);
  return parts.join(', ');
}

export function ModesView(props: { sessionId: string | undefined }) {
  const db = useDb();
  const { api } = db;
  const modes = createLiveQuery(
    db,
    () => true,
    () => api.listModes(),
    modeTables,
  );
  const session = createLiveQuery(
    db,
    () => props.sessionId,
    (id) => api.getSession(id),
    ['sessions'],
  );
  const effective = createLiveQuery(
    db,
    () => props.sessionId,
    (id) => api.effectiveMode(id),
    modeTables,
  );

  return (
    <section class="modes-view" aria-labelledby="modes-title">
      <header class="view-header">
        <h2 id="modes-title">Modes</h2>
        <p class="muted small">
          Role files from <code>.task_orchestrator/roles/</code>, and the built-in default.
        </p>
      </header>
      <Show when={session.data()}>
        {(s) => (
          <div class="effective-mode" aria-live="polite">
            <p>
              Session <strong>{s().name}</strong> uses the mode{' '}
              <strong>{effective.data()?.mode.mode_name ?? '…'}</strong>
              <Show when={effective.data()?.bound && !effective.data()?.fallback}> (bound)</Show>.
            </p>
            <Show when={effective.data()?.fallback}>
              {(fallback) => <p class="warning-text">{fallback().message}</p>}
            </Show>
            <ErrorMessage error={effective.error()} />
          </div>
        )}
      </Show>
      <ErrorMessage error={modes.error()} />
      <ul class="mode-list">
        {/* Index, not For: every notice brings new objects, and re-creating the cards would
            close the roles the user opened. */}
        <Index each={modes.data()}>
          {(mode) => (
            <li>
              <ModeCard
                mode={mode()}
                sessionId={props.sessionId}
                sessionName={session.data()?.name}
                boundModeId={effective.data()?.binding?.mode_id ?? effective.data()?.bound?.mode_id}
              />
            </li>
          )}
        </Index>
      </ul>
    </section>
  );
}

function ModeCard(props: {
  mode: ModeListItem;
  sessionId: string | undefined;
  sessionName: string | undefined;
  boundModeId: string | undefined;
}) {
  const { api } = useDb();
  const [error, setError] = createSignal<AppError>();
  const [busy, setBusy] = createSignal(false);
  const headingId = () => `mode-${props.mode.mode_id}`;
  const issues = (severity: StoredModeIssue['severity']) =>
    props.mode.validation_errors.filter((issue) => issue.severity === severity);
  const inUse = () => props.boundModeId === props.mode.mode_id;

  const use = async () => {
    const id = props.sessionId;
    if (!id) return;
    setBusy(true);
    const result = await api.bindSessionMode(id, props.mode.mode_id);
    setBusy(false);
    setError(result.ok ? undefined : result.error);
  };

  return (
    <article class="mode-card" aria-labelledby={headingId()}>
      <header class="mode-header">
        <h3 id={headingId()}>{props.mode.mode_name}</h3>
        <span class={`badge mode-${props.mode.status}`}>{statusText[props.mode.status]}</span>
        <Show when={props.sessionId}>
          <span class="mode-use">
            <Show
              when={!inUse()}
              fallback={<span class="badge status-active">used by this session</span>}
            >
              <button
                type="button"
                disabled={busy()}
                aria-label={`Use this mode: “${props.mode.mode_name}” for “${props.sessionName ?? 'this session'}”`}
                onClick={() => void use()}
              >
                Use this mode
              </button>
            </Show>
          </span>
        </Show>
      </header>
      <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
      <dl class="info-list">
        <dt>File</dt>
        <dd>
          <code>{props.mode.yaml_file_path}</code>
        </dd>
        <dt>Hash</dt>
        <dd>
          <Show when={props.mode.yaml_content_hash} fallback="—">
            {(hash) => <code title={hash()}>{hash().slice(0, 12)}</code>}
          </Show>
        </dd>
        <Show when={props.mode.description}>
          <dt>Description</dt>
          <dd>{props.mode.description}</dd>
        </Show>
        <dt>Used by</dt>
        <dd>
          <Show
            when={props.mode.sessions.length > 0}
            fallback={<span class="muted">no session</span>}
          >
            {props.mode.sessions.map((s) => s.name).join(', ')}
          </Show>
        </dd>
      </dl>
      <Show when={props.mode.validation_errors.length > 0}>
        <div class="mode-issues">
          <IssueList title="Errors" kind="error" issues={issues('error')} />
          <IssueList title="Warnings" kind="warning" issues={issues('warning')} />
        </div>
      </Show>
      <ModeRoles mode={props.mode} />
    </article>
  );
}

function IssueList(props: { title: string; kind: string; issues: StoredModeIssue[] }) {
  return (
    <Show when={props.issues.length > 0}>
      <h4>{props.title}</h4>
      <ul class={`issue-list issue-${props.kind}`} aria-label={props.title}>
        <For each={props.issues}>
          {(issue) => (
            <li>
              <Show when={issuePlace(issue)}>
                {(place) => <span class="issue-place">{place()}: </span>}
              </Show>
              {issue.message}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
