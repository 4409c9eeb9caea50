/**
 * What opening a search hit does: select its session, show the task view, and for a task or
 * group hit, have the tree reveal and focus its row. Shared by the header's search box
 * (through the shell) and the Search view.
 */
import type { SearchHit } from '../../../workers/api';
import { requestReveal } from '../tasks/reveal';

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
  // Tasks and groups have a row in the tree; sessions and notes do not.
  if (hit.kind === 'task' || hit.kind === 'group') requestReveal(hit.id);
}
