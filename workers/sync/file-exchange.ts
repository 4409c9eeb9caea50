/**
 * session.md in and out without a project folder (browsers without the File System Access
 * API): a file the user opens is merged into its session three ways, exactly as the folder
 * sync would (base = the last version the app wrote or took, ours = the database, theirs =
 * the file); a file of a session the app does not know becomes a new session; saving renders
 * the session and records that text as the next base. No folder handle is involved.
 */
import { type AppError, type Result, attempt, err, ok } from '../result';
import type { Db } from '../db/sqlite';
import { isValidId, newId } from '../domain/ids';
import { createSession, restoreSessionStatus } from '../domain/sessions';
import { sessionExists } from '../domain/session-doc-rows';
import {
  ensureSyncState,
  getBaseText,
  markConflictResolved,
  recordSynced,
  setSyncStatus,
} from '../domain/sync-state';
import type { SyncState } from '../domain/sync-state';
import { appPathToString, sessionFilePath } from '../folder/paths';
import { sha256Hex } from '../folder/content-hash';
import { type MergeConflict, applyResolution, conflictKey } from '../../core/session-md/merge';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { type TextFormat, renderSessionMarkdown } from '../../core/session-md/render';
import type { SessionDoc } from '../../core/session-md/session-doc';
import type { Resolution } from './conflicts';
import { decide } from './decide';
import { withOwnIds } from './folder-import';
import { applySessionDoc, loadSessionDoc } from './session-store';

export type TakeOutcome =
  | { kind: 'imported'; session_id: string; name: string }
  | { kind: 'unchanged'; session_id: string }
  | { kind: 'merged'; session_id: string; applied: number; refused: string[] }
  /** Nothing was changed: the user picks a side per conflict and takes the file again. */
  | {
      kind: 'conflict';
      session_id: string;
      message: string;
      conflicts: Array<MergeConflict & { key: string }>;
    };

const encoder = new TextEncoder();
const hashOf = (text: string) => sha256Hex(encoder.encode(text));

const unreadable = (message: string): AppError => ({
  type: 'Validation',
  field: 'file',
  message,
});

/** The sync state row that holds a session's base (the same one a folder sync uses). */
async function stateOf(db: Db, sessionId: string): Promise<SyncState> {
  return ensureSyncState(db, sessionId, appPathToString(sessionFilePath(sessionId)!));
}

/** Renders the session as the database has it (keeping `layout`), records it as the base. */
async function renderAndRecord(
  db: Db,
  state: SyncState,
  layout: { extras: SessionDoc['extras']; format: TextFormat },
): Promise<Result<string, AppError>> {
  const current = await loadSessionDoc(db, state.session_id);
  if (!current.ok) return current;
  const text = renderSessionMarkdown({ ...current.value, extras: layout.extras }, layout.format);
  await recordSynced(db, state, text, await hashOf(text), Date.now(), {
    toFile: true,
    fromFile: false,
  });
  return ok(text);
}

/** The session's session.md as it is now; that text becomes the base of the next take. */
export async function saveSessionFile(
  db: Db,
  sessionId: string,
): Promise<Result<{ file_name: string; text: string }, AppError>> {
  if (!sessionFilePath(sessionId)) return err(unreadable(`Invalid session id "${sessionId}".`));
  return db.transaction(async () => {
    const state = await stateOf(db, sessionId);
    const base = await getBaseText(db, state.sync_id);
    const parsed = base === null ? null : parseSessionMarkdown(base);
    const text = await renderAndRecord(db, state, {
      extras: parsed?.doc.extras ?? [],
      format: parsed?.format ?? { lineEnding: '\n', bom: false },
    });
    return text.ok ? ok({ file_name: 'session.md', text: text.value }) : text;
  });
}

/**
 * Takes a session.md the user opened. `resolution` answers the conflicts of an earlier take
 * of the same text ('ours' keeps the app's values, 'theirs' the file's, or one per conflict).
 */
export async function takeSessionFile(
  db: Db,
  text: string,
  resolution?: Resolution,
): Promise<Result<TakeOutcome, AppError>> {
  const parsed = parseSessionMarkdown(text);
  if (parsed.hasConflict)
    return err(
      unreadable('The file has git conflict markers (<<<<<<< … >>>>>>>); resolve them first.'),
    );
  const fatal = parsed.problems.find((p) => p.severity === 'error');
  if (fatal) return err(unreadable(`session.md line ${fatal.line}: ${fatal.message}`));
  const sessionId = parsed.doc.session.session_id;
  if (!isValidId(sessionId) || !sessionFilePath(sessionId) || !(await sessionExists(db, sessionId)))
    return importAsSession(db, text, parsed.doc);
  return db.transaction(async () => {
    const ours = await loadSessionDoc(db, sessionId);
    if (!ours.ok) return ours;
    const state = await stateOf(db, sessionId);
    const baseText = await getBaseText(db, state.sync_id);
    const decision = decide({
      sessionId,
      file: { text, hash: await hashOf(text) },
      baseHash: state.md_content_hash,
      ours: ours.value,
      base: baseText === null ? null : parseSessionMarkdown(baseText),
    });
    if (decision.kind === 'render') return ok({ kind: 'unchanged', session_id: sessionId });
    if (decision.kind === 'git-markers' || decision.kind === 'unreadable')
      return err(unreadable('The file cannot be read.')); // parsed above: does not happen
    let merged = decision.merged;
    if (decision.kind === 'conflict') {
      if (resolution === undefined) {
        await setSyncStatus(db, state.sync_id, 'conflict');
        return ok({
          kind: 'conflict',
          session_id: sessionId,
          message: `${decision.conflicts.length} change(s) differ between the app and this file.`,
          conflicts: decision.conflicts.map((c) => ({ ...c, key: conflictKey(c) })),
        });
      }
      for (const conflict of decision.conflicts) {
        const key = conflictKey(conflict);
        const side = typeof resolution === 'string' ? resolution : (resolution[key] ?? 'ours');
        merged = applyResolution(merged, conflict, side);
      }
      await markConflictResolved(db, state.sync_id);
    }
    const applied = await applySessionDoc(db, sessionId, merged, ours.value);
    if (!applied.ok) return applied;
    const rendered = await renderAndRecord(db, state, {
      extras: merged.extras,
      format: decision.format,
    });
    if (!rendered.ok) return rendered;
    const { created, updated, moved, deleted, refused } = applied.value;
    return ok({
      kind: 'merged',
      session_id: sessionId,
      applied: created + updated + moved + deleted,
      refused,
    });
  });
}

/** A session.md of a session this database does not know becomes a new session. */
async function importAsSession(
  db: Db,
  text: string,
  parsedDoc: SessionDoc,
): Promise<Result<TakeOutcome, AppError>> {
  return db.transaction(async () => {
    const written = parsedDoc.session.session_id;
    const sessionId =
      isValidId(written) && sessionFilePath(written) && !(await sessionExists(db, written))
        ? written
        : newId('session');
    const doc = await withOwnIds(db, parsedDoc);
    const name = doc.session.name.trim() || 'Imported session';
    const create = (sessionName: string) =>
      attempt(() =>
        createSession(db, {
          session_id: sessionId,
          name: sessionName,
          description: doc.session.description,
          priority_level: doc.session.priority_level,
          activate: false,
        }),
      );
    let created = await create(name);
    if (!created.ok && created.error.type === 'Constraint')
      created = await create(`${name} (${sessionId})`);
    if (!created.ok) return created;
    await restoreSessionStatus(db, sessionId, doc.session.status);
    const fresh = await loadSessionDoc(db, sessionId);
    if (!fresh.ok) return fresh;
    const applied = await applySessionDoc(db, sessionId, { ...doc, session: fresh.value.session });
    if (!applied.ok) return applied;
    const parsedFormat = parseSessionMarkdown(text).format;
    const rendered = await renderAndRecord(db, await stateOf(db, sessionId), {
      extras: doc.extras,
      format: parsedFormat,
    });
    if (!rendered.ok) return rendered;
    return ok({ kind: 'imported', session_id: sessionId, name: created.value.name });
  });
}
