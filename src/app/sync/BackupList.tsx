/**
 * The backups of one session's session.md (kept before every sync that changed the file),
 * each restorable after an inline confirmation.
 */
import { For, Show, createSignal } from 'solid-js';
import type { AppError, Backup } from '../../../workers/api';
import { useDb } from '../context';
import { createLiveQuery } from '../../data/live';
import { ErrorMessage } from '../ErrorMessage';
import { whileSyncing } from './folder-state';
import { formatBytes, formatTime, outcomeText, shortHash } from './format';

export function BackupList(props: { sessionId: string; sessionName: string }) {
  const db = useDb();
  const { api } = db;
  const backups = createLiveQuery(
    db,
    () => props.sessionId,
    (sid) => api.listBackups(sid),
    ['markdown_backups'],
  );
  const [confirming, setConfirming] = createSignal<string>();
  const [error, setError] = createSignal<AppError>();
  const [restored, setRestored] = createSignal<string>();

  const restore = async (backup: Backup) => {
    setConfirming(undefined);
    const result = await whileSyncing(() => api.restoreBackup(backup.backup_id));
    setError(result.ok ? undefined : result.error);
    setRestored(
      result.ok
        ? `Restored the backup from ${formatTime(backup.created_at)}. ${outcomeText(result.value)}`
        : undefined,
    );
  };

  return (
    <div class="backups">
      <ErrorMessage error={backups.error()} />
      <Show when={backups.data()?.length === 0}>
        <p class="muted small">
          No backups yet: one is kept before every sync that changes the file.
        </p>
      </Show>
      <ul class="backup-list">
        <For each={backups.data()}>
          {(backup) => (
            <li class="backup">
              <span>
                <time datetime={backup.created_at}>{formatTime(backup.created_at)}</time>{' '}
                <span class="muted small">
                  {backup.reason} · {formatBytes(backup.size)} · {shortHash(backup.content_hash)}
                </span>
              </span>
              <Show
                when={confirming() === backup.backup_id}
                fallback={
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`Restore the backup of ${props.sessionName} from ${formatTime(backup.created_at)}`}
                    onClick={() => setConfirming(backup.backup_id)}
                  >
                    Restore
                  </button>
                }
              >
                <span class="confirm" role="group" aria-label="Confirm restore">
                  <span class="small">
                    Replace session.md with this backup? The current file is backed up first.
                  </span>
                  <button type="button" onClick={() => void restore(backup)}>
                    Yes, restore
                  </button>
                  <button type="button" class="secondary" onClick={() => setConfirming(undefined)}>
                    Cancel
                  </button>
                </span>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={restored()}>
        <p class="muted small" role="status">
          {restored()}
        </p>
      </Show>
      <ErrorMessage error={error()} onDismiss={() => setError(undefined)} />
    </div>
  );
}
