/**
 * The whole database as a file: download a backup, and restore one. A restore replaces all
 * data, so it asks first; the worker checks the file before changing anything and hands back
 * the database as it was, which can be downloaded in case the wrong file was picked.
 */
import { Show, createSignal } from 'solid-js';
import * as Comlink from 'comlink';
import type { AppError, RestoreReport } from '../../../workers/api';
import { useDb } from '../context';
import { ErrorMessage } from '../ErrorMessage';
import { formatBytes } from '../sync/format';
import { downloadBytes } from './download';
import { fileError, messageOf, settle } from './settle';

const sqliteMime = 'application/vnd.sqlite3';

interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/** A file name for the pre-restore copy: the time it was replaced. */
function previousFileName(): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  return `session-orchestrator-before-restore-${stamp}.sqlite`;
}

export function BackupSection(props: { onRestored: () => void }) {
  const db = useDb();
  const [busy, setBusy] = createSignal(false);
  const [backupError, setBackupError] = createSignal<AppError>();
  const [backupOutcome, setBackupOutcome] = createSignal<string>();
  const [picked, setPicked] = createSignal<PickedFile>();
  const [restoreError, setRestoreError] = createSignal<AppError>();
  const [restored, setRestored] = createSignal<
    RestoreReport & { fileName: string; previous: Uint8Array }
  >();
  let cancelButton: HTMLButtonElement | undefined;

  async function backup() {
    setBusy(true);
    setBackupError(undefined);
    setBackupOutcome(undefined);
    const result = await settle(db.api.backupDatabase());
    setBusy(false);
    if (!result.ok) {
      setBackupError(result.error);
      return;
    }
    const { bytes, fileName } = result.value;
    downloadBytes(bytes, fileName, sqliteMime);
    setBackupOutcome(`Downloaded ${fileName} (${formatBytes(bytes.byteLength)}).`);
  }

  async function pick(file: File | undefined) {
    if (!file) return;
    setRestoreError(undefined);
    setRestored(undefined);
    try {
      setPicked({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      // The question is the next thing to answer: put the keyboard there, on the safe choice.
      queueMicrotask(() => cancelButton?.focus());
    } catch (thrown) {
      setRestoreError(fileError(file.name, `could not be read (${messageOf(thrown)}).`));
    }
  }

  async function restore() {
    const file = picked();
    if (!file) return;
    setPicked(undefined);
    setBusy(true);
    // The bytes move to the worker instead of being copied; this page no longer needs them.
    const result = await settle(
      db.api.restoreDatabase(Comlink.transfer(file.bytes, [file.bytes.buffer])),
    );
    setBusy(false);
    if (!result.ok) {
      setRestoreError(result.error);
      return;
    }
    setRestored({ ...result.value, fileName: file.name });
    props.onRestored();
  }

  return (
    <section class="data-section" aria-labelledby="data-backup-title">
      <h3 id="data-backup-title">Database backup</h3>
      <p class="muted">
        One file with every session, task, note and setting. Keep it somewhere safe; restoring it
        here (or on another device) brings all of it back.
      </p>
      <div class="data-actions">
        <button type="button" disabled={busy()} onClick={() => void backup()}>
          Download database backup
        </button>
        <label class="file-button" classList={{ disabled: busy() }}>
          <span>Restore from a backup…</span>
          <input
            type="file"
            class="visually-hidden"
            accept=".sqlite,.sqlite3,.db,application/vnd.sqlite3,application/x-sqlite3"
            aria-label="Restore from a backup file"
            disabled={busy()}
            onChange={(e) => {
              void pick(e.currentTarget.files?.[0]);
              e.currentTarget.value = '';
            }}
          />
        </label>
      </div>
      <ErrorMessage error={backupError()} onDismiss={() => setBackupError(undefined)} />
      <p class="data-outcome" role="status">
        {backupOutcome()}
      </p>

      <Show when={picked()}>
        {(file) => (
          <div class="confirm-panel danger" role="group" aria-labelledby="data-restore-question">
            <p id="data-restore-question">
              <strong>Replace all current data?</strong> Restoring “{file().name}” (
              {formatBytes(file().bytes.byteLength)}) replaces every session, task and note in this
              app with the backup’s. You can download the current data afterwards.
            </p>
            <div class="data-actions">
              <button type="button" class="danger" onClick={() => void restore()}>
                Replace all data with this backup
              </button>
              <button
                type="button"
                class="secondary"
                ref={(el) => (cancelButton = el)}
                onClick={() => setPicked(undefined)}
              >
                Cancel
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={restoreError()}>
        <ErrorMessage error={restoreError()} onDismiss={() => setRestoreError(undefined)} />
        <p class="muted small">The restore was refused: nothing was changed.</p>
      </Show>
      <div role="status" class="data-report">
        <Show when={restored()}>
          {(report) => (
            <>
              <p>
                Restored from {report().fileName}: {report().sessions}{' '}
                {report().sessions === 1 ? 'session' : 'sessions'} and {report().tasks}{' '}
                {report().tasks === 1 ? 'task' : 'tasks'}
                {report().legacy
                  ? ' (an older task-only database, moved into the current format)'
                  : ''}
                .
              </p>
              <button
                type="button"
                class="secondary"
                onClick={() => downloadBytes(report().previous, previousFileName(), sqliteMime)}
              >
                Download the database as it was before the restore
              </button>
            </>
          )}
        </Show>
      </div>
    </section>
  );
}
