/**
 * Folder and sync state shared by the folder view and the sync indicator: the folder's
 * status and every session's sync state. They are re-read on change notices, after the
 * user's own folder actions (which change no table the worker could announce, e.g. closing
 * the folder), and when the page regains focus or becomes visible — after asking the worker
 * once to look for outside edits, however many views are listening.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import type { AppError, FolderStatus, SyncState } from '../../../workers/api';
import type { DbClient } from '../../data/client';
import { type LiveQuery, createLiveQuery } from '../../data/live';

export type FolderInfo = FolderStatus & { remembered: boolean };

// Module-level on purpose: every view that shows folder state sees the same bumps.
const [version, setVersion] = createSignal(0);
const [busyCount, setBusyCount] = createSignal(0);
const [checkError, setCheckError] = createSignal<AppError>();

/** Makes every folder view re-read the folder status (after open, close, reconnect…). */
export function notifyFolderChanged(): void {
  setVersion((v) => v + 1);
}

/** Runs a folder call, showing "Syncing…" while it is in flight. */
export async function whileSyncing<R extends Promise<unknown>>(run: () => R): Promise<Awaited<R>> {
  setBusyCount((n) => n + 1);
  try {
    return await run();
  } finally {
    setBusyCount((n) => n - 1);
    notifyFolderChanged();
  }
}

let watchers = 0;
let stopWatching: (() => void) | null = null;

/** Checks the folder for outside edits on focus and visibility, once for all listeners. */
function watchFocus(db: DbClient): void {
  if (watchers++ === 0) {
    let checking = false;
    const check = () => {
      if (document.visibilityState !== 'visible' || checking) return;
      checking = true;
      void db.api.checkFolder().then((result) => {
        checking = false;
        setCheckError(result.ok ? undefined : result.error);
        notifyFolderChanged();
      });
    };
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', check);
    stopWatching = () => {
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', check);
    };
  }
  onCleanup(() => {
    if (--watchers === 0) {
      stopWatching?.();
      stopWatching = null;
    }
  });
}

export interface FolderState {
  status: LiveQuery<FolderInfo>;
  syncStates: LiveQuery<SyncState[]>;
  /** The last failed focus check, if any. */
  checkError: Accessor<AppError | undefined>;
  busy: Accessor<boolean>;
}

/** Live folder status and sync states; call inside a component. */
export function createFolderState(db: DbClient): FolderState {
  watchFocus(db);
  const tables = ['markdown_sync_state', 'folder_status'];
  return {
    status: createLiveQuery(db, version, () => db.api.folderStatus(), tables),
    syncStates: createLiveQuery(db, version, () => db.api.listSyncStates(), tables),
    checkError,
    busy: () => busyCount() > 0,
  };
}

export type IndicatorState =
  'loading' | 'no-folder' | 'permission' | 'conflict' | 'syncing' | 'error' | 'synced';

/** What the sync indicator says, from the folder status and the sessions' sync states. */
export function indicatorState(
  status: FolderInfo | undefined,
  states: readonly SyncState[] | undefined,
  busy: boolean,
): IndicatorState {
  if (!status) return 'loading';
  if (!status.attached) return status.remembered ? 'permission' : 'no-folder';
  if (status.permission === 'missing') return 'permission';
  if (states?.some((s) => s.sync_status === 'conflict')) return 'conflict';
  if (busy || states?.some((s) => s.sync_status === 'db_newer' || s.sync_status === 'md_newer'))
    return 'syncing';
  if (status.lastError) return 'error';
  return 'synced';
}

export const indicatorLabels: Record<IndicatorState, string> = {
  loading: 'Checking folder…',
  'no-folder': 'No folder',
  permission: 'Permission needed',
  conflict: 'Conflict',
  syncing: 'Syncing…',
  error: 'Sync problem',
  synced: 'Synced',
};

/** A sync status in words. */
export const syncStatusLabels: Record<SyncState['sync_status'], string> = {
  synchronized: 'Synced',
  db_newer: 'App changes pending',
  md_newer: 'File changes pending',
  conflict: 'Conflict',
};
