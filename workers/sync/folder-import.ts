/**
 * Importing from a folder: a session folder under `sessions/` that the database does not
 * know (a new clone, another browser's session, a copy) becomes a session, with the file as
 * its merge base. A file that cannot be read is left alone and reported.
 */
import { attempt } from '../result';
import type { Db } from '../db/sqlite';
import { newId } from '../domain/ids';
import { createSession, restoreSessionStatus } from '../domain/sessions';
import { sessionExists, takenEntityIds } from '../domain/session-doc-rows';
import { ensureSyncState, recordSynced } from '../domain/sync-state';
import { listSessionFolders, readFile } from '../folder/fs';
import { appPathToString, sessionFilePath } from '../folder/paths';
import { sha256Hex } from '../folder/content-hash';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { type SessionDoc, replaceTempIds } from '../../core/session-md/session-doc';
import type { SyncContext } from './context';
import { realId } from './decide';
import { applySessionDoc, loadSessionDoc } from './session-store';
import { syncSessionNow } from './session-sync';

/** Imports every session folder the database does not know; returns their ids. */
export async function importFromFolder(ctx: SyncContext): Promise<string[]> {
  const imported: string[] = [];
  for (const folderId of await listSessionFolders(ctx.app!)) {
    if (await sessionExists(ctx.db, folderId)) continue;
    if (await importSessionFolder(ctx, folderId)) imported.push(folderId);
  }
  return imported;
}

async function importSessionFolder(ctx: SyncContext, folderId: string): Promise<boolean> {
  const { db } = ctx;
  const path = sessionFilePath(folderId)!;
  const file = await readFile(ctx.app!, path);
  if (!file) return false;
  const parsed = parseSessionMarkdown(file.text);
  if (parsed.hasConflict || parsed.problems.some((p) => p.severity === 'error')) {
    ctx.lastError = `sessions/${folderId}/session.md could not be read and was left alone.`;
    return false;
  }
  const doc = await withOwnIds(db, parsed.doc);
  const name = doc.session.name || folderId;
  // A clashing name is a Constraint error value (attempt), and the copy is imported
  // under a name with its folder id instead.
  const created = await attempt(() =>
    createSession(db, {
      session_id: folderId,
      name,
      description: doc.session.description,
      priority_level: doc.session.priority_level,
      activate: false,
    }),
  ).then((r) =>
    r.ok || r.error.type !== 'Constraint'
      ? r
      : attempt(() =>
          createSession(db, {
            session_id: folderId,
            name: `${name} (${folderId})`,
            activate: false,
          }),
        ),
  );
  if (!created.ok) {
    ctx.lastError = `sessions/${folderId}/session.md: ${created.error.message}`;
    return false;
  }
  await restoreSessionStatus(db, folderId, doc.session.status);
  const fresh = await loadSessionDoc(db, folderId);
  if (!fresh.ok) return false;
  const target: SessionDoc = {
    ...doc,
    session: { ...fresh.value.session, name: fresh.value.session.name },
  };
  const applied = await applySessionDoc(db, folderId, target);
  if (!applied.ok) {
    ctx.lastError = `sessions/${folderId}/session.md: ${applied.error.message}`;
    return false;
  }
  // The file is the base: the next sync writes back ids for new items, nothing else.
  const state = await ensureSyncState(db, folderId, appPathToString(path));
  await recordSynced(db, state, file.text, await sha256Hex(file.bytes), file.lastModified, {
    toFile: false,
    fromFile: true,
  });
  // Now write back what the app added (ids for new items), through a normal sync.
  await syncSessionNow(ctx, folderId);
  return true;
}

/**
 * A parsed file's document with real ids for its new lines, and fresh ids for tasks and
 * groups another session holds: a copy of another session's file (renamed, duplicated, from
 * another branch) carries that session's ids, and importing it must never take its rows.
 */
export async function withOwnIds(db: Db, parsed: SessionDoc): Promise<SessionDoc> {
  const withIds = replaceTempIds(parsed, realId);
  const taken = await takenEntityIds(
    db,
    withIds.tasks.map((t) => t.task_id),
    withIds.groups.map((g) => g.group_id),
  );
  return replaceTempIds(
    withIds,
    (id) => newId(taken.get(id)!),
    (id) => taken.has(id),
  );
}
