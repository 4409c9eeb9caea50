/** The groups API: a session's nested task groups. */
import type { TaskGroup } from '../../core/model';
import { ok } from '../result';
import * as groups from '../domain/groups';
import type { GroupPatch, NewGroup } from '../domain/groups';
import type { ApiContext, MethodList, Reply } from './context';

export interface GroupsApi {
  /** Groups of a session, parents before children, siblings in order. */
  listGroups(sessionId: string): Reply<TaskGroup[]>;
  createGroup(input: NewGroup): Reply<TaskGroup>;
  updateGroup(groupId: string, patch: GroupPatch): Reply<TaskGroup>;
  /** Nests a group (null: top level) at a position; refuses nesting inside itself. */
  moveGroup(
    groupId: string,
    target: { parent_group_id: string | null; position?: number },
  ): Reply<TaskGroup>;
  /** Deletes a group with its nested groups and all their tasks. */
  deleteGroup(groupId: string): Reply<null>;
}

export const groupsMethods = {
  listGroups: true,
  createGroup: true,
  updateGroup: true,
  moveGroup: true,
  deleteGroup: true,
} satisfies MethodList<GroupsApi>;

export function groupsApi({ db }: ApiContext): GroupsApi {
  return {
    listGroups: async (sessionId) => ok(await groups.listGroups(db, sessionId)),
    createGroup: (input) => groups.createGroup(db, input),
    updateGroup: (id, patch) => groups.updateGroup(db, id, patch),
    moveGroup: (id, target) => groups.moveGroup(db, id, target),
    deleteGroup: (id) => groups.deleteGroup(db, id),
  };
}
