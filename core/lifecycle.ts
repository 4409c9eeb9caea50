/**
 * The session lifecycle of PRODUCT.md ("Sessions"): which status may follow which. The worker
 * enforces it (workers/domain/sessions.ts) and the UI offers only these actions
 * (src/app/sessions/lifecycle.ts); both read this one table.
 */
import type { SessionStatus } from './model';

/** The only allowed transitions, by current status; anything else is refused. */
export const sessionTransitions: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  creating: ['active', 'cancelled'],
  active: ['paused', 'completed', 'cancelled'],
  paused: ['active', 'archived', 'cancelled'],
  completed: ['archived'],
  archived: ['active'],
  cancelled: ['archived'],
  error: ['active', 'cancelled'],
};

/** The statuses a session in `from` may move to. */
export function allowedTransitions(from: SessionStatus): readonly SessionStatus[] {
  return sessionTransitions[from];
}
