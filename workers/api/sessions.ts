/** The sessions API: list, read, create, edit, move through the lifecycle, delete. */
import type { Session, SessionStatus } from '../../core/model';
import { ok } from '../result';
import * as sessions from '../domain/sessions';
import type { NewSession, SessionFilter, SessionPatch } from '../domain/sessions';
import type { ApiContext, MethodList, Reply } from './context';

export interface SessionsApi {
  /** Sessions by priority, then latest activity; archived ones only when asked for. */
  listSessions(filter?: SessionFilter): Reply<Session[]>;
  getSession(sessionId: string): Reply<Session>;
  /** The one active session, or null when none is. */
  getActiveSession(): Reply<Session | null>;
  /** Creates a session; by default it becomes the active one (pausing the current one). */
  createSession(input: NewSession): Reply<Session>;
  /** Edits name, description, priority and other fields; refused for archived sessions. */
  updateSession(sessionId: string, patch: SessionPatch): Reply<Session>;
  /** A lifecycle change the state machine allows; anything else is `InvalidTransition`. */
  transitionSession(sessionId: string, to: SessionStatus): Reply<Session>;
  /** Deletes the session with its groups, tasks, bindings and sync state. */
  deleteSession(sessionId: string): Reply<null>;
}

export const sessionsMethods = {
  listSessions: true,
  getSession: true,
  getActiveSession: true,
  createSession: true,
  updateSession: true,
  transitionSession: true,
  deleteSession: true,
} satisfies MethodList<SessionsApi>;

export function sessionsApi({ db }: ApiContext): SessionsApi {
  return {
    listSessions: async (filter) => ok(await sessions.listSessions(db, filter)),
    getSession: (id) => sessions.getSession(db, id),
    getActiveSession: async () => ok(await sessions.getActiveSession(db)),
    createSession: (input) => sessions.createSession(db, input),
    updateSession: (id, patch) => sessions.updateSession(db, id, patch),
    transitionSession: (id, to) => sessions.transitionSession(db, id, to),
    deleteSession: (id) => sessions.deleteSession(db, id),
  };
}
