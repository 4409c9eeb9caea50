/**
 * One session's sync: read the sides, let `decide` say what to do, and do it — render and
 * write the database's side, or apply a merged file to the database and write the result
 * back. The merge base is recorded only for content both sides now hold.
 */
import { type AppError, type Result, err, ok } from '../db/result';
import { FolderError } from '../folder/fs';
import { sha256Hex } from '../modes/hash';
import { renderSessionMarkdown } from '../../core/session-md/render';
import type { TextFormat } from '../../core/session-md/render';
import type { MergeConflict } from '../../core/session-md/merge';
import type { SessionDoc } from '../../core/session-md/session-doc';
import { recordSynced, setSyncStatus } from '../domain/sync-state';
import type { Layout, SyncContext } from './context';
import { decide } from './decide';
import { guardedWrite } from './guarded-write';
import { type Output, type Sides, output, readSides } from './sides';
import { applySessionDoc, loadSessionDoc } from './session-store';

export type SyncOutcome =
  | { kind: 'unchanged' }
  | { kind: 'written'; created: boolean }
  | { kind: 'merged'; applied: number; refused: string[] }
  | { kind: 'conflict'; conflicts: MergeConflict[] }
  | { kind: 'unreadable'; message: string };

/** One attempt's result: an outcome, or "the file changed while it was written: again". */
type ChangedMeanwhile = { kind: 'changed-meanwhile' };
export type Attempt = SyncOutcome | ChangedMeanwhile;
const changedMeanwhile: Attempt = { kind: 'changed-meanwhile' };

/** A folder failure as an error value; anything else is a bug and is thrown on. */
export function folderFailure(error: unknown): AppError {
  if (error instanceof FolderError) {
    return { type: 'Folder', reason: error.type, message: error.message };
  }
  throw error;
}

export const noFolder: AppError = {
  type: 'Folder',
  reason: 'NoFolder',
  message: 'No project folder is open.',
};

/**
 * What rendering needs from the base: the text the app does not understand (kept in place)
 * and the file's line endings. Remembered from the app's own last write, so a stream of app
 * edits never parses the base again; parsed when the base came from elsewhere.
 */
export async function baseLayout(ctx: SyncContext, sides: Sides): Promise<Layout> {
  const cached = ctx.layouts.get(sides.state.sync_id);
  if (cached && cached.hash === sides.state.md_content_hash) return cached;
  const parsed = await sides.parsedBase();
  return {
    hash: sides.state.md_content_hash ?? '',
    extras: parsed?.doc.extras ?? [],
    format: parsed?.format ?? {},
  };
}

/** Renders `doc` (default: the session as the database has it now) keeping `layout`. */
async function renderOurs(
  ctx: SyncContext,
  sessionId: string,
  layout: Omit<Layout, 'hash'>,
  doc?: SessionDoc,
): Promise<Result<Output, AppError>> {
  const current = doc ? ok(doc) : await loadSessionDoc(ctx.db, sessionId);
  if (!current.ok) return current;
  return ok(
    output(renderSessionMarkdown({ ...current.value, extras: layout.extras }, layout.format)),
  );
}

/** Records a completed sync and remembers its layout for the next render. */
async function synced(
  ctx: SyncContext,
  sides: Sides,
  out: Output,
  layout: Omit<Layout, 'hash'>,
  modified: number,
  direction: { toFile: boolean; fromFile: boolean },
) {
  const hash = await sha256Hex(out.bytes);
  await recordSynced(ctx.db, sides.state, out.text, hash, modified, direction);
  ctx.layouts.set(sides.state.sync_id, { hash, extras: layout.extras, format: layout.format });
}

/** The file is as the last sync left it: writes the database's side when it differs. */
async function writeOurs(ctx: SyncContext, sides: Sides): Promise<Result<Attempt, AppError>> {
  const { state, file } = sides;
  const layout = await baseLayout(ctx, sides);
  const text = await renderOurs(ctx, state.session_id, layout, sides.ours);
  if (!text.ok) return text;
  if (file && text.value.text === file.text) {
    if (state.sync_status !== 'synchronized')
      await setSyncStatus(ctx.db, state.sync_id, 'synchronized');
    return ok({ kind: 'unchanged' });
  }
  const written = await guardedWrite(ctx, sides, text.value, 'app changes');
  if (written === false) return ok(changedMeanwhile);
  await synced(ctx, sides, text.value, layout, written, { toFile: true, fromFile: false });
  return ok({ kind: 'written', created: !file });
}

/** Holds a file the app cannot merge until the user resolves it (or the file changes). */
async function hold(ctx: SyncContext, sides: Sides, outcome: SyncOutcome) {
  ctx.conflictSeen.set(sides.state.session_id, sides.file?.lastModified ?? null);
  await setSyncStatus(ctx.db, sides.state.sync_id, 'conflict');
  return ok(outcome);
}

async function syncOnce(ctx: SyncContext, sessionId: string): Promise<Result<Attempt, AppError>> {
  const read = await readSides(ctx, sessionId);
  if (!read.ok) return read;
  const sides = read.value;
  const { state, file } = sides;
  const changed = file && (state.md_content_hash === null || file.hash !== state.md_content_hash);
  if (!changed) return writeOurs(ctx, sides);

  // The file changed outside the app: merge.
  await setSyncStatus(ctx.db, state.sync_id, 'md_newer');
  const decision = decide({
    sessionId,
    file,
    baseHash: state.md_content_hash,
    ours: sides.ours,
    base: await sides.parsedBase(),
  });
  switch (decision.kind) {
    case 'render':
      return writeOurs(ctx, sides);
    case 'git-markers':
      return hold(ctx, sides, { kind: 'conflict', conflicts: [] });
    case 'unreadable':
      return hold(ctx, sides, {
        kind: 'unreadable',
        message: `session.md line ${decision.line}: ${decision.message}`,
      });
    case 'conflict':
      return hold(ctx, sides, { kind: 'conflict', conflicts: decision.conflicts });
    case 'merge':
      return finishMerge(ctx, sides, decision.merged, decision.format);
  }
}

/** Applies a merged doc to the database and writes the re-rendered file. */
export async function finishMerge(
  ctx: SyncContext,
  sides: Sides,
  merged: SessionDoc,
  format: TextFormat,
): Promise<Result<Attempt, AppError>> {
  const sessionId = sides.state.session_id;
  const applied = await applySessionDoc(ctx.db, sessionId, merged, sides.ours);
  if (!applied.ok) return applied;
  const layout = { extras: merged.extras, format };
  const text = await renderOurs(ctx, sessionId, layout);
  if (!text.ok) return text;
  let modified = sides.file?.lastModified ?? Date.now();
  let out = text.value;
  if (out.text !== sides.file?.text) {
    const written = await guardedWrite(ctx, sides, out, 'merge');
    if (written === false) return ok(changedMeanwhile);
    modified = written;
  } else if (sides.file) {
    // Kept as it is: record the file's own bytes (they differ from the text's when the
    // file holds bytes that are not UTF-8), or the next check would see it changed again.
    out = sides.file;
  }
  await synced(ctx, sides, out, layout, modified, { toFile: true, fromFile: true });
  const { created, updated, moved, deleted, refused } = applied.value;
  return ok({ kind: 'merged', applied: created + updated + moved + deleted, refused });
}

export function isChangedMeanwhile(attempt: Attempt): attempt is ChangedMeanwhile {
  return attempt.kind === 'changed-meanwhile';
}

/** Syncs one session now; a file that changes while it is written is merged again. */
export async function syncSessionNow(
  ctx: SyncContext,
  sessionId: string,
): Promise<Result<SyncOutcome, AppError>> {
  if (!ctx.app) return err(noFolder);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await syncOnce(ctx, sessionId);
      if (!result.ok) {
        ctx.lastError = `sessions/${sessionId}/session.md: ${result.error.message}`;
        return result;
      }
      if (!isChangedMeanwhile(result.value)) {
        ctx.lastError = null;
        return ok(result.value);
      }
    }
    return err({
      type: 'Constraint',
      message: 'session.md kept changing while it was being synced; will try again.',
    });
  } catch (error) {
    const failure = folderFailure(error);
    ctx.lastError = failure.message;
    if (error instanceof FolderError && error.type === 'PermissionDenied')
      ctx.permission = 'missing';
    return err(failure);
  }
}
