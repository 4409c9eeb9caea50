/**
 * The project folder view: open, reconnect or close the folder; its permission and watching
 * state; every session's sync status with "Sync now"; the conflicts to resolve; and the
 * backups of each session.md. Without the File System Access API it says so: the app keeps
 * working on its own database.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { AppError, SyncState } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { canPickFolders, pickFolder, requestWritePermission } from '../../folder/folder';
import { BackupList } from './BackupList';
import { ConflictView } from './ConflictView';
import { FileExchange } from './FileExchange';
import {
  createFolderState,
  indicatorLabels,
  indicatorState,
  notifyFolderChanged,
  syncStatusLabels,
  whileSyncing,
} from './folder-state';
import { formatTime, outcomeText, shortHash } from './format';
import './sync.css';

const watchingLabels = {
  observer: 'Watching for changes (file system observer)',
  polling: 'Checking for changes every second',
} as const;

export function FolderView() {
  const db = useDb();
  const { api } = db;
  const folder = createFolderState(db);
  const status = () => folder.status.data();
  const attached = () => status()?.attached === true;
  const needsReconnect = () => !attached() && status()?.remembered === true;
  const sessions = createLiveQuery(
    db,
    () => true,
    () => api.listSessions({ includeArchived: true }),
    ['sessions'],
  );
  // The remembered handle is fetched ahead, so the click only has to ask for permission.
  const remembered = createLiveQuery(
    db,
    () => (needsReconnect() ? true : null),
    () => api.rememberedFolder(),
    [],
  );
  const sessionById = createMemo(
    () => new Map((sessions.data() ?? []).map((session) => [session.session_id, session])),
  );
  const stateById = createMemo(
    () => new Map((folder.syncStates.data() ?? []).map((state) => [state.session_id, state])),
  );
  // Lists of ids (not row objects), so rows keep their DOM, focus and open state on updates.
  const sessionIds = createMemo(() => (sessions.data() ?? []).map((s) => s.session_id), [], {
    equals: sameIds,
  });
  const conflictIds = createMemo(
    () => sessionIds().filter((sid) => stateById().get(sid)?.sync_status === 'conflict'),
    [],
    { equals: sameIds },
  );
  const syncedIds = createMemo(() => sessionIds().filter((sid) => stateById().has(sid)), [], {
    equals: sameIds,
  });
  const nameOf = (sid: string) => sessionById().get(sid)?.name ?? sid;

  const [actionError, setActionError] = createSignal<AppError>();
  const [actionNote, setActionNote] = createSignal<string>();
  const [rowErrors, setRowErrors] = createSignal<Record<string, AppError | undefined>>({});
  const [rowNotes, setRowNotes] = createSignal<Record<string, string | undefined>>({});

  const attach = async (handle: FileSystemDirectoryHandle) => {
    const result = await whileSyncing(() => api.openFolder(handle));
    if (!result.ok) {
      setActionError(result.error);
      return;
    }
    const { imported, synced } = result.value;
    setActionNote(
      `Opened “${handle.name}”: ${synced} session(s) synced${
        imported.length ? `, ${imported.length} brought in from the folder` : ''
      }.`,
    );
  };

  const open = async () => {
    setActionError(undefined);
    setActionNote(undefined);
    const picked = await pickFolder();
    if (picked.kind === 'cancelled') return;
    if (picked.kind === 'failed') {
      setActionError(picked.error);
      return;
    }
    await attach(picked.handle);
  };

  const reconnect = async () => {
    setActionError(undefined);
    setActionNote(undefined);
    let handle = remembered.data() ?? null;
    if (!handle) {
      const fetched = await api.rememberedFolder();
      if (!fetched.ok) {
        setActionError(fetched.error);
        return;
      }
      handle = fetched.value;
    }
    if (!handle) {
      setActionError({
        type: 'Folder',
        reason: 'NoFolder',
        message: 'No folder is remembered any more. Use “Open project folder” to pick it again.',
      });
      notifyFolderChanged();
      return;
    }
    const permission = await requestWritePermission(handle);
    if (!permission.granted) {
      setActionError(permission.error);
      return;
    }
    await attach(handle);
  };

  const close = async () => {
    setActionError(undefined);
    setActionNote(undefined);
    const result = await api.closeFolder();
    if (!result.ok) setActionError(result.error);
    else setActionNote('Closed the folder. The app keeps working on its own database.');
    notifyFolderChanged();
  };

  const syncNow = async (sessionId: string) => {
    setRowErrors((all) => ({ ...all, [sessionId]: undefined }));
    setRowNotes((all) => ({ ...all, [sessionId]: undefined }));
    const result = await whileSyncing(() => api.syncSession(sessionId));
    if (result.ok) setRowNotes((all) => ({ ...all, [sessionId]: outcomeText(result.value) }));
    else setRowErrors((all) => ({ ...all, [sessionId]: result.error }));
  };

  const permissionText = () => {
    const s = status();
    if (!s) return '…';
    if (s.attached) return s.permission === 'granted' ? 'Read and write granted' : 'Missing';
    if (s.remembered) return 'Needed again: click “Reconnect folder” to grant it';
    return 'No folder open';
  };

  return (
    <section class="folder-view" aria-labelledby="folder-view-title">
      <header class="view-header">
        <h2 id="folder-view-title">Project folder</h2>
        <span
          class={`badge sync-${indicatorState(status(), folder.syncStates.data(), folder.busy())}`}
        >
          {indicatorLabels[indicatorState(status(), folder.syncStates.data(), folder.busy())]}
        </span>
      </header>
      <p class="muted">
        Sessions are mirrored into <code>.task_orchestrator/sessions/&lt;id&gt;/session.md</code> in
        your project folder, and edits made there come back into the app.
      </p>

      <Show when={!canPickFolders()}>
        <p class="sync-notice" role="note">
          This browser can’t open folders on your disk (it has no File System Access API; Chrome,
          Edge and other Chromium-based browsers do), so session.md is not mirrored by itself. The
          app works fully on its own database here, and you can take each session’s session.md in
          and out by hand below.
        </p>
        <FileExchange />
      </Show>

      <dl class="facts">
        <dt>Folder</dt>
        <dd>
          {status()?.name ?? (needsReconnect() ? (remembered.data()?.name ?? 'remembered') : '—')}
        </dd>
        <dt>Permission</dt>
        <dd classList={{ warn: needsReconnect() || status()?.permission === 'missing' }}>
          {permissionText()}
        </dd>
        <dt>Watching</dt>
        <dd>{status()?.watching ? watchingLabels[status()!.watching!] : 'Not watching'}</dd>
        <dt>Last problem</dt>
        <dd classList={{ warn: Boolean(status()?.lastError) }}>{status()?.lastError ?? 'None'}</dd>
      </dl>

      <Show when={needsReconnect()}>
        <p class="sync-notice">
          The app remembers your project folder, but the browser needs your permission again before
          the app may read and write it (browsers ask after a restart).
        </p>
      </Show>

      <div class="actions">
        <Show when={canPickFolders()}>
          <button type="button" onClick={() => void open()}>
            Open project folder
          </button>
        </Show>
        <Show when={needsReconnect()}>
          <button type="button" onClick={() => void reconnect()}>
            Reconnect folder
          </button>
        </Show>
        <Show when={attached() || needsReconnect()}>
          <button type="button" class="secondary" onClick={() => void close()}>
            Close folder
          </button>
        </Show>
      </div>
      <Show when={actionNote()}>
        <p class="muted small" role="status">
          {actionNote()}
        </p>
      </Show>
      <ErrorMessage error={actionError()} onDismiss={() => setActionError(undefined)} />
      <ErrorMessage
        error={folder.status.error() ?? folder.syncStates.error() ?? folder.checkError()}
      />

      <h3>Sessions</h3>
      <ErrorMessage error={sessions.error()} />
      <Show when={sessionIds().length > 0} fallback={<p class="muted">No sessions yet.</p>}>
        <div class="table-scroll">
          <table class="sync-table">
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Sync status</th>
                <th scope="col">App → file</th>
                <th scope="col">File → app</th>
                <th scope="col">
                  <abbr title="Content hashes: the app's last written version / the file's">
                    Hashes
                  </abbr>
                </th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={sessionIds()}>
                {(sid) => (
                  <SyncRow
                    name={nameOf(sid)}
                    state={stateById().get(sid)}
                    attached={attached()}
                    note={rowNotes()[sid]}
                    error={rowErrors()[sid]}
                    onSync={() => void syncNow(sid)}
                    onDismiss={() => setRowErrors((all) => ({ ...all, [sid]: undefined }))}
                  />
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>

      <h3>Conflicts</h3>
      <Show when={conflictIds().length > 0} fallback={<p class="muted">No conflicts.</p>}>
        <Show
          when={attached()}
          fallback={
            <p class="sync-notice">Open or reconnect the folder to resolve the conflicts.</p>
          }
        >
          <For each={conflictIds()}>
            {(sid) => <ConflictView sessionId={sid} sessionName={nameOf(sid)} />}
          </For>
        </Show>
      </Show>

      <h3>Backups</h3>
      <p class="muted small">
        A copy of session.md is kept in the app before every sync that changes the file.
      </p>
      <For each={syncedIds()}>
        {(sid) => <BackupsDisclosure sessionId={sid} name={nameOf(sid)} />}
      </For>
    </section>
  );
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/** One session's row in the sync table. */
function SyncRow(props: {
  name: string;
  state: SyncState | undefined;
  attached: boolean;
  note: string | undefined;
  error: AppError | undefined;
  onSync: () => void;
  onDismiss: () => void;
}) {
  return (
    <tr>
      <th scope="row">{props.name}</th>
      <td>
        <span class={`badge sync-status-${props.state?.sync_status ?? 'none'}`}>
          {props.state ? syncStatusLabels[props.state.sync_status] : 'Not synced yet'}
        </span>
      </td>
      <td>
        <time datetime={props.state?.last_db_to_md_sync ?? undefined}>
          {formatTime(props.state?.last_db_to_md_sync ?? null)}
        </time>
      </td>
      <td>
        <time datetime={props.state?.last_md_to_db_sync ?? undefined}>
          {formatTime(props.state?.last_md_to_db_sync ?? null)}
        </time>
      </td>
      <td>
        <code title="app">{shortHash(props.state?.db_content_hash ?? null)}</code>
        {' / '}
        <code title="file">{shortHash(props.state?.md_content_hash ?? null)}</code>
      </td>
      <td class="row-actions">
        <button
          type="button"
          class="secondary"
          disabled={!props.attached}
          aria-label={`Sync now: ${props.name}`}
          onClick={() => props.onSync()}
        >
          Sync now
        </button>
        <Show when={props.note}>
          <span class="muted small" role="status">
            {props.note}
          </span>
        </Show>
        <ErrorMessage error={props.error} onDismiss={() => props.onDismiss()} />
      </td>
    </tr>
  );
}

/** One session's backups, read only while the disclosure is open. */
function BackupsDisclosure(props: { sessionId: string; name: string }) {
  const [open, setOpen] = createSignal(false);
  return (
    <details class="backups-disclosure" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Backups of {props.name}</summary>
      <Show when={open()}>
        <BackupList sessionId={props.sessionId} sessionName={props.name} />
      </Show>
    </details>
  );
}
