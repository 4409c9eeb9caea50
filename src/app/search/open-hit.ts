/**
 * What opening a search hit does: select its session, show the task view, and for a task or
 * group hit, have the tree reveal and focus its row. Shared by the header's search box
 * (through the shell) and the Search view.
 */
import type { SearchHit } from '../../../workers/api';
import { requestReveal } from '../tasks/reveal';

/** The id of the tree row a hit lives in, when it has one (sessions and notes do not). */
export function treeRowIdOfHit(hit: SearchHit): string | null {
  return hit.kind === 'task' || hit.kind === 'group' ? `tree-row-${hit.id}` : null;
}

/**
 * Selects the hit's session, switches to the task view and asks the tree to reveal the hit's
 * row (expanding and scrolling to it, however large the session).
 */
export function openSearchHit(
  hit: SearchHit,
  nav: { onSelectSession: (sessionId: string) => void; onNavigate: (viewId: string) => void },
): void {
  nav.onSelectSession(hit.session_id);
  nav.onNavigate('tasks');
  if (treeRowIdOfHit(hit)) requestReveal(hit.id);
}
