/**
 * Storage: how much the origin uses of its quota, whether the browser has promised to keep the
 * data (and a button to ask), and the database engine's facts and integrity check.
 */
import { Show, createSignal, onMount } from 'solid-js';
import type { AppError, Diagnostics } from '../../../workers/api';
import { useDb } from '../context';
import { ErrorMessage } from '../ErrorMessage';
import { messageOf, settle } from './settle';

interface StorageFacts {
  usage: number | undefined;
  quota: number | undefined;
  persisted: boolean;
}

const unsupported: AppError = {
  type: 'Validation',
  field: 'storage',
  message: 'This browser does not report its storage (the Storage API is missing).',
};

/** Sizes up to gigabytes (quotas are often hundreds of them). */
function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

async function readStorage(): Promise<StorageFacts> {
  const [estimate, persisted] = await Promise.all([
    navigator.storage.estimate(),
    navigator.storage.persisted(),
  ]);
  return { usage: estimate.usage, quota: estimate.quota, persisted };
}

export function StorageSection() {
  const db = useDb();
  const [storage, setStorage] = createSignal<StorageFacts>();
  const [storageError, setStorageError] = createSignal<AppError>();
  const [persistAnswer, setPersistAnswer] = createSignal<string>();
  const [diagnostics, setDiagnostics] = createSignal<Diagnostics>();
  const [diagnosticsError, setDiagnosticsError] = createSignal<AppError>();
  const [integrity, setIntegrity] = createSignal<string>();
  const [checking, setChecking] = createSignal(false);
  const supported = () => typeof navigator !== 'undefined' && 'storage' in navigator;

  async function refresh() {
    if (!supported()) {
      setStorageError(unsupported);
      return;
    }
    try {
      setStorage(await readStorage());
      setStorageError(undefined);
    } catch (thrown) {
      setStorageError({ type: 'UnknownError', message: messageOf(thrown) });
    }
  }

  async function persist() {
    if (!supported()) {
      setStorageError(unsupported);
      return;
    }
    try {
      const granted = await navigator.storage.persist();
      setPersistAnswer(
        granted
          ? 'The browser will keep this app’s data unless you clear it yourself.'
          : 'The browser declined for now; it may agree once the app is installed or used more. Keep backups meanwhile.',
      );
      await refresh();
    } catch (thrown) {
      setStorageError({ type: 'UnknownError', message: messageOf(thrown) });
    }
  }

  async function checkIntegrity() {
    setChecking(true);
    setIntegrity(undefined);
    setDiagnosticsError(undefined);
    const result = await settle(db.api.integrityCheck());
    setChecking(false);
    if (!result.ok) {
      setDiagnosticsError(result.error);
      return;
    }
    setIntegrity(result.value);
  }

  onMount(() => {
    void refresh();
    void settle(db.api.diagnostics()).then((result) => {
      if (result.ok) setDiagnostics(result.value);
      else setDiagnosticsError(result.error);
    });
  });

  const percent = (facts: StorageFacts) =>
    facts.usage !== undefined && facts.quota
      ? ` (${((facts.usage / facts.quota) * 100).toFixed(facts.usage / facts.quota < 0.01 ? 2 : 1)}%)`
      : '';

  return (
    <section class="data-section" aria-labelledby="data-storage-title">
      <h3 id="data-storage-title">Storage</h3>
      <Show when={storage()}>
        {(facts) => (
          <dl class="info-list">
            <dt>Used</dt>
            <dd>
              {facts().usage === undefined ? 'unknown' : formatSize(facts().usage ?? 0)}
              <Show when={facts().quota !== undefined}>
                {' '}
                of {formatSize(facts().quota ?? 0)} available to this app{percent(facts())}
              </Show>
            </dd>
            <dt>Kept on this device</dt>
            <dd>
              {facts().persisted
                ? 'Yes: the browser will not clear it to free space.'
                : 'Not promised: the browser may clear it when space runs low.'}
            </dd>
          </dl>
        )}
      </Show>
      <div class="data-actions">
        <button
          type="button"
          class="secondary"
          disabled={storage()?.persisted === true}
          onClick={() => void persist()}
        >
          Keep data on this device
        </button>
        <button type="button" class="secondary" onClick={() => void refresh()}>
          Refresh storage use
        </button>
      </div>
      <ErrorMessage error={storageError()} onDismiss={() => setStorageError(undefined)} />
      <p class="data-outcome" role="status">
        {persistAnswer()}
      </p>

      <h4>Database engine</h4>
      <Show when={diagnostics()}>
        {(facts) => (
          <dl class="info-list">
            <dt>SQLite version</dt>
            <dd>{facts().sqlite_version}</dd>
            <dt>Journal mode</dt>
            <dd>{facts().journal_mode}</dd>
            <dt>Locking mode</dt>
            <dd>{facts().locking_mode}</dd>
            <dt>Page size</dt>
            <dd>{formatSize(facts().page_size)}</dd>
          </dl>
        )}
      </Show>
      <div class="data-actions">
        <button
          type="button"
          class="secondary"
          disabled={checking()}
          onClick={() => void checkIntegrity()}
        >
          Check database integrity
        </button>
      </div>
      <ErrorMessage error={diagnosticsError()} onDismiss={() => setDiagnosticsError(undefined)} />
      <p class="data-outcome" role="status">
        <Show when={integrity()}>
          {(verdict) =>
            verdict() === 'ok' ? (
              <span class="data-ok">Integrity check: ok — the database is sound.</span>
            ) : (
              <span class="warning-text">Integrity check found problems: {verdict()}</span>
            )
          }
        </Show>
      </p>
    </section>
  );
}
