/**
 * The session lifecycle as the UI offers it: the words for each action of the lifecycle table
 * (core/lifecycle.ts, the table the worker enforces). Views offer only the allowed actions;
 * the worker still has the last word and refuses anything else.
 */
import type { SessionStatus } from '../../../workers/api';

export { allowedTransitions } from '../../../core/lifecycle';

/** The button text for moving a session from `from` to `to`, e.g. "Pause session". */
export function transitionLabel(from: SessionStatus, to: SessionStatus): string {
  switch (to) {
    case 'active':
      return from === 'archived' ? 'Reactivate session' : 'Activate session';
    case 'paused':
      return 'Pause session';
    case 'completed':
      return 'Complete session';
    case 'archived':
      return 'Archive session';
    case 'cancelled':
      return 'Cancel session';
    default:
      return `Move session to ${to}`;
  }
}

/**
 * Transitions that cannot be taken back to `active` (a completed or cancelled session can only
 * be archived), so the UI asks before taking them.
 */
export function isOneWay(to: SessionStatus): boolean {
  return to === 'completed' || to === 'cancelled';
}

/** People's words for the 1…5 priority scale. */
export const priorityLabels: Readonly<Record<number, string>> = {
  1: 'urgent',
  2: 'high',
  3: 'medium',
  4: 'low',
  5: 'someday',
};
