/**
 * Task groups: named (unique per session), nestable, ordered among their siblings. Group
 * counters are kept by triggers (migrations/0003); deleting a group deletes its tasks and
 * its nested groups with theirs.
 */
import type { TaskGroup } from '../../core/model';
import type { Db, SqlValue } from '../db/sqlite';
import { type AppError, type Result, err, notFound, ok } from '../result';
import { priority, requiredText, touchSession, writableSession } from './guards';
import { isValidId, newId, now } from './ids';
import { detachTasks } from './dependencies';

export interface NewGroup {
  session_id: string;
  group_name: string;
  parent_group_id?: string | null;
  description?: string | null;
  specialist_focus?: string | null;
  priority_level?: number;
  estimated_effort?: number;
  /** Place among siblings (0 first); appended when omitted. */
  position?: number;
  group_id?: string;
}

export interface GroupPatch {
  group_name?: string;
  description?: string | null;
  specialist_focus?: string | null;
  priority_level?: number;
  estimated_effort?: number;
}

/** Groups of a session, parents before children, siblings in their order. */
export async function listGroups(db: Db, sessionId: string): Promise<TaskGroup[]> {
  return db.all<TaskGroup>(
    `WITH RECURSIVE ordered(group_id, sort_key) AS (
       SELECT group_id, printf('%08d', position_in_session) FROM task_groups
       WHERE session_id = ?1 AND parent_group_id IS NULL
       UNION ALL
       SELECT g.group_id, o.sort_key || '/' || printf('%08d', g.position_in_session)
       FROM task_groups g JOIN ordered o ON g.parent_group_id = o.group_id
     )
     SELECT g.* FROM task_groups g JOIN ordered o USING (group_id) ORDER BY o.sort_key`,
    [sessionId],
  );
}

export async function getGroup(db: Db, groupId: string): Promise<Result<TaskGroup, AppError>> {
  const group = await db.get<TaskGroup>('SELECT * FROM task_groups WHERE group_id = ?', [groupId]);
  return group ? ok(group) : err(notFound('group', groupId));
}

/** Renumbers the siblings under `parentId` 0…n-1, putting `placeId` at `position` if given. */
async function renumberSiblings(
  db: Db,
  sessionId: string,
  parentId: string | null,
  placeId?: string,
  position?: number,
): Promise<void> {
  const siblings = await db.all<{ group_id: string }>(
    `SELECT group_id FROM task_groups WHERE session_id = ? AND parent_group_id IS ?
     ORDER BY position_in_session, created_at, group_id`,
    [sessionId, parentId],
  );
  const ids = siblings.map((s) => s.group_id).filter((id) => id !== placeId);
  if (placeId !== undefined) {
    const at = Math.max(0, Math.min(position ?? ids.length, ids.length));
    ids.splice(at, 0, placeId);
  }
  await db.run(
    `UPDATE task_groups SET position_in_session = j.key
     FROM json_each(?) AS j WHERE task_groups.group_id = j.value AND position_in_session IS NOT j.key`,
    [JSON.stringify(ids)],
  );
}

async function parentLevel(
  db: Db,
  sessionId: string,
  parentId: string | null | undefined,
): Promise<Result<number, AppError>> {
  if (!parentId) return ok(-1);
  const parent = await getGroup(db, parentId);
  if (!parent.ok) return parent;
  if (parent.value.session_id !== sessionId) {
    return err({
      type: 'Validation',
      field: 'parent_group_id',
      message: 'A group can only nest inside a group of the same session.',
    });
  }
  return ok(parent.value.group_level);
}

export async function createGroup(db: Db, input: NewGroup): Promise<Result<TaskGroup, AppError>> {
  return db.transaction(async () => {
    const session = await writableSession(db, input.session_id);
    if (!session.ok) return session;
    const name = requiredText('group_name', input.group_name, 200);
    if (!name.ok) return name;
    const level = priority(input.priority_level ?? 3);
    if (!level.ok) return level;
    const groupId = input.group_id ?? newId('group');
    if (!isValidId(groupId)) {
      return err({
        type: 'Validation',
        field: 'group_id',
        message: `Invalid group id "${groupId}".`,
      });
    }
    const parent = await parentLevel(db, input.session_id, input.parent_group_id);
    if (!parent.ok) return parent;
    const at = now();
    await db.run(
      `INSERT INTO task_groups (group_id, session_id, group_name, description, parent_group_id,
         group_level, position_in_session, specialist_focus, estimated_effort, priority_level,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        groupId,
        input.session_id,
        name.value,
        input.description ?? null,
        input.parent_group_id ?? null,
        parent.value + 1,
        Number.MAX_SAFE_INTEGER,
        input.specialist_focus ?? null,
        input.estimated_effort ?? 0,
        level.value,
        at,
        at,
      ],
    );
    await renumberSiblings(
      db,
      input.session_id,
      input.parent_group_id ?? null,
      groupId,
      input.position,
    );
    await touchSession(db, input.session_id);
    return getGroup(db, groupId);
  });
}

export async function updateGroup(
  db: Db,
  groupId: string,
  patch: GroupPatch,
): Promise<Result<TaskGroup, AppError>> {
  return db.transaction(async () => {
    const group = await getGroup(db, groupId);
    if (!group.ok) return group;
    const session = await writableSession(db, group.value.session_id);
    if (!session.ok) return session;
    const sets: string[] = [];
    const params: SqlValue[] = [];
    if (patch.group_name !== undefined) {
      const name = requiredText('group_name', patch.group_name, 200);
      if (!name.ok) return name;
      sets.push('group_name = ?');
      params.push(name.value);
    }
    if (patch.priority_level !== undefined) {
      const level = priority(patch.priority_level);
      if (!level.ok) return level;
      sets.push('priority_level = ?');
      params.push(level.value);
    }
    for (const field of ['description', 'specialist_focus', 'estimated_effort'] as const) {
      if (patch[field] !== undefined) {
        sets.push(`${field} = ?`);
        params.push(patch[field]);
      }
    }
    sets.push('updated_at = ?');
    params.push(now(), groupId);
    await db.run(`UPDATE task_groups SET ${sets.join(', ')} WHERE group_id = ?`, params);
    await touchSession(db, group.value.session_id);
    return getGroup(db, groupId);
  });
}

/** Nests a group under another (or at the top with null) at a position among its siblings. */
export async function moveGroup(
  db: Db,
  groupId: string,
  target: { parent_group_id: string | null; position?: number },
): Promise<Result<TaskGroup, AppError>> {
  return db.transaction(async () => {
    const group = await getGroup(db, groupId);
    if (!group.ok) return group;
    const { session_id: sessionId, parent_group_id: oldParent } = group.value;
    const session = await writableSession(db, sessionId);
    if (!session.ok) return session;
    const newParent = target.parent_group_id;
    if (newParent) {
      const inside = await db.get(
        `WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL
           SELECT g.group_id FROM task_groups g JOIN sub ON g.parent_group_id = sub.id)
         SELECT 1 AS found FROM sub WHERE id = ?2`,
        [groupId, newParent],
      );
      if (inside) {
        return err({
          type: 'Validation',
          field: 'parent_group_id',
          message: 'A group cannot be nested inside itself or one of its own subgroups.',
        });
      }
    }
    const parent = await parentLevel(db, sessionId, newParent);
    if (!parent.ok) return parent;
    const delta = parent.value + 1 - group.value.group_level;
    await db.run('UPDATE task_groups SET parent_group_id = ?, updated_at = ? WHERE group_id = ?', [
      newParent,
      now(),
      groupId,
    ]);
    if (delta !== 0) {
      await db.run(
        `WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL
           SELECT g.group_id FROM task_groups g JOIN sub ON g.parent_group_id = sub.id)
         UPDATE task_groups SET group_level = group_level + ?2 WHERE group_id IN (SELECT id FROM sub)`,
        [groupId, delta],
      );
    }
    if (oldParent !== newParent) await renumberSiblings(db, sessionId, oldParent);
    await renumberSiblings(db, sessionId, newParent, groupId, target.position);
    await touchSession(db, sessionId);
    return getGroup(db, groupId);
  });
}

/** Deletes a group, its nested groups, and every task in them. */
export async function deleteGroup(db: Db, groupId: string): Promise<Result<null, AppError>> {
  return db.transaction(async () => {
    const group = await getGroup(db, groupId);
    if (!group.ok) return group;
    const session = await writableSession(db, group.value.session_id);
    if (!session.ok) return session;
    const subtree = `WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL
      SELECT g.group_id FROM task_groups g JOIN sub ON g.parent_group_id = sub.id)`;
    // tasks.task_group has no foreign key in the spec, so its tasks are deleted here.
    const doomed = await db.all<{ task_id: string }>(
      `${subtree} SELECT task_id FROM tasks WHERE session_id = ?2 AND task_group IN (SELECT id FROM sub)`,
      [groupId, group.value.session_id],
    );
    await detachTasks(
      db,
      group.value.session_id,
      doomed.map((row) => row.task_id),
    );
    await db.run(
      `${subtree} DELETE FROM tasks WHERE session_id = ?2 AND task_group IN (SELECT id FROM sub)`,
      [groupId, group.value.session_id],
    );
    await db.run('DELETE FROM task_groups WHERE group_id = ?', [groupId]);
    await renumberSiblings(db, group.value.session_id, group.value.parent_group_id);
    await touchSession(db, group.value.session_id);
    return ok(null);
  });
}
