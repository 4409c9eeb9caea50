/**
 * One session's sync: read the sides, let `decide` say what to do, and do it — render and
 * write the database's side, or apply a merged file to the database and write the result
 * back. The merge base is recorded only for content both sides now hold.
 */
import { type AppError, type Result, err, folderFailure, noFolder, ok } from '../result';
import { FolderError } from '../folder/fs';
import { sha256Hex } from '../folder/content-hash';
import { renderSessionMarkdown } from '../../core/session-md/render';
import type { TextFormat } from '../../core/session-md/render';
import type { MergeConflict } from '../../core/session-md/merge';
import type { SessionDoc } from '../../core/session-md/session-doc';
import { recordSynced, recordTakenIn, setSyncStatus } from '../domain/sync-state';
import type { Layout, SyncContext } from './context';
import { decide } from './decide';
import { guardedWrite } from './guarded-write';
import { type Output, type Sides, output, readSides } from './sides';
import { applySessionDoc, loadSessionDoc } from './session-store';

export type SyncOutcome =
  | { kind: 'unchanged' }
  /** Every save is taken in, but the file kept changing: written back on a later try. */
  | { kind: 'deferred' }
  | { kind: 'written'; created: boolean }
  | { kind: 'merged'; applied: number; refused: string[] }
  | { kind: 'conflict'; conflicts: MergeConflict[] }
  | { kind: 'unreadable'; message: string };

/** One attempt's result: an outcome, or "the file changed while it was written: again". */
type ChangedMeanwhile = { kind: 'changed-meanwhile' };
export type Attempt = SyncOutcome | ChangedMeanwhile;
const changedMeanwhile: Attempt = { kind: 'changed-meanwhile' };

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
      return finishMerge(ctx, sides, decision.merged, decision.format, decision.theirs);
  }
}

/**
 * Applies a merged doc to the database and writes the re-rendered file. Taking the file in and
 * recording it as the new merge base are one transaction: whatever fails after it (the
 * write-back, a reload, a full disk, another save), the next sync sees the change as merged.
 * `theirs` is the file's document with the ids the merge gave its new lines (null: the file
 * is not taken in, as when the app's version is kept over a file that cannot be read).
 */
export async function finishMerge(
  ctx: SyncContext,
  sides: Sides,
  merged: SessionDoc,
  format: TextFormat,
  theirs: SessionDoc | null,
): Promise<Result<Attempt, AppError>> {
  const { db } = ctx;
  const { state, file } = sides;
  const sessionId = state.session_id;
  const layout = { extras: merged.extras, format };
  const applied = await db.transaction(async () => {
    const report = await applySessionDoc(db, sessionId, merged, sides.ours);
    if (report.ok && file && theirs) {
      const base = renderSessionMarkdown(theirs, format);
      await recordTakenIn(db, state, base, file.hash, file.lastModified);
      state.md_content_hash = file.hash;
    }
    return report;
  });
  if (!applied.ok) return applied;
  if (file && theirs) ctx.layouts.set(state.sync_id, { hash: file.hash, ...layout });
  const { created, updated, moved, deleted, refused } = applied.value;
  const outcome: SyncOutcome = {
    kind: 'merged',
    applied: created + updated + moved + deleted,
    refused,
  };
  const text = await renderOurs(ctx, sessionId, layout);
  if (!text.ok) return text;
  let modified = file?.lastModified ?? Date.now();
  let out = text.value;
  if (out.text !== file?.text) {
    const written = await guardedWrite(ctx, sides, out, 'merge');
    if (written === false) return ok(changedMeanwhile);
    modified = written;
  } else if (file) {
    // Kept as it is: record the file's own bytes (they differ from the text's when the
    // file holds bytes that are not UTF-8), or the next check would see it changed again.
    out = file;
  }
  await synced(ctx, sides, out, layout, modified, { toFile: true, fromFile: true });
  return ok(outcome);
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
    // Every save so far is taken in; only the write-back waits for the file to settle.
    ctx.later(500);
    return ok({ kind: 'deferred' });
  } catch (error) {
    const failure = folderFailure(error);
    ctx.lastError = failure.message;
    if (error instanceof FolderError && error.type === 'PermissionDenied')
      ctx.permission = 'missing';
    return err(failure);
  }
}
