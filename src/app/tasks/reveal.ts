/**
 * Asking the task tree to show a task or group (from search, the dashboard, …): the tree
 * expands what hides it, scrolls to it and focuses it, as soon as it has the row — even in a
 * large session where the row is far outside the rendered window.
 */
import { createSignal } from 'solid-js';

const [revealRequest, setRevealRequest] = createSignal<string | null>(null);

/** Shows and focuses the tree row of this task or group id. */
export function requestReveal(id: string): void {
  setRevealRequest(id);
}

export { revealRequest };

/** Called by the tree once it has shown the row. */
export function revealDone(id: string): void {
  if (revealRequest() === id) setRevealRequest(null);
}
