/** The modes API: the modes found in the folder, and which mode a session uses. */
import { ok } from '../result';
import { type ModeListItem, listModes } from '../modes/store';
import {
  type EffectiveMode,
  bindSessionMode,
  effectiveMode,
  specialistRolesFor,
  unbindSessionMode,
} from '../modes/bindings';
import type { ApiContext, MethodList, Reply } from './context';

export interface ModesApi {
  /** Every mode (the built-in default first), valid or not, with the sessions using it. */
  listModes(): Reply<ModeListItem[]>;
  /** Binds a session to a mode (replacing its binding); `context` is stored as JSON. */
  bindSessionMode(sessionId: string, modeId: string, context?: unknown): Reply<EffectiveMode>;
  unbindSessionMode(sessionId: string): Reply<EffectiveMode>;
  /** The mode a session uses, and why it fell back to the default if it did. */
  effectiveMode(sessionId: string): Reply<EffectiveMode>;
  /** Specialist roles the task editor offers for this session. */
  specialistRoles(sessionId: string): Reply<string[]>;
}

export const modesMethods = {
  listModes: true,
  bindSessionMode: true,
  unbindSessionMode: true,
  effectiveMode: true,
  specialistRoles: true,
} satisfies MethodList<ModesApi>;

export function modesApi({ db }: ApiContext): ModesApi {
  return {
    listModes: async () => ok(await listModes(db)),
    bindSessionMode: (sessionId, modeId, context) =>
      bindSessionMode(db, sessionId, modeId, context),
    unbindSessionMode: (sessionId) => unbindSessionMode(db, sessionId),
    effectiveMode: (sessionId) => effectiveMode(db, sessionId),
    specialistRoles: (sessionId) => specialistRolesFor(db, sessionId),
  };
}
