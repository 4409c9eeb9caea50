/**
 * The always-visible sync status for the header: no folder, synced, syncing, conflict or
 * permission needed. Clicking it opens the project folder view.
 */
import { useDb } from '../context';
import { createFolderState, indicatorLabels, indicatorState } from './folder-state';
import './sync.css';

/** The view id of the project folder view (see views.tsx). */
export const folderViewId = 'folder';

export function SyncIndicator(props: { onNavigate: (viewId: string) => void }) {
  const db = useDb();
  const folder = createFolderState(db);
  const state = () => indicatorState(folder.status.data(), folder.syncStates.data(), folder.busy());
  const title = () => {
    const status = folder.status.data();
    if (!status) return 'Project folder';
    if (status.attached) return `Project folder “${status.name ?? ''}”. Open the folder view.`;
    return 'Open the project folder view.';
  };

  return (
    <button
      type="button"
      class={`sync-indicator sync-${state()}`}
      title={title()}
      aria-label={`Sync: ${indicatorLabels[state()]}. Show the project folder`}
      onClick={() => props.onNavigate(folderViewId)}
    >
      <span class="sync-dot" aria-hidden="true" />
      <span aria-live="polite">{indicatorLabels[state()]}</span>
    </button>
  );
}
