/**
 * Conflicts and their resolution: what stops a session's file from merging (field
 * conflicts, git conflict markers, a file that cannot be read), and the user's choice per
 * conflict — the app's value or the file's — applied and written back.
 */
import { type AppError, type Result, err, folderFailure, noFolder, ok } from '../result';
import { type MergeConflict, applyResolution, conflictKey } from '../../core/session-md/merge';
import type { SessionDoc } from '../../core/session-md/session-doc';
import type { TextFormat } from '../../core/session-md/render';
import { markConflictResolved } from '../domain/sync-state';
import type { SyncContext } from './context';
import { decide } from './decide';
import { type Sides, readSides } from './sides';
import {
  type SyncOutcome,
  baseLayout,
  finishMerge,
  isChangedMeanwhile,
  syncSessionNow,
} from './session-sync';

export interface ConflictView {
  session_id: string;
  /** Why the file could not be merged: field conflicts, git markers, or a parse failure. */
  reason: 'conflicts' | 'git-markers' | 'unreadable' | 'none';
  message: string;
  conflicts: Array<MergeConflict & { key: string }>;
}

export type Resolution = 'ours' | 'theirs' | Record<string, 'ours' | 'theirs'>;

/** The file's side merged against ours, as a sync would decide it (the file taken as changed). */
async function decideChanged(sides: Sides) {
  return decide({
    sessionId: sides.state.session_id,
    file: sides.file,
    baseHash: null,
    ours: sides.ours,
    base: await sides.parsedBase(),
  });
}

export async function conflictView(
  ctx: SyncContext,
  sessionId: string,
): Promise<Result<ConflictView, AppError>> {
  if (!ctx.app) return err(noFolder);
  const read = await readSides(ctx, sessionId).catch((e: unknown) => err(folderFailure(e)));
  if (!read.ok) return read;
  const view = (reason: ConflictView['reason'], message: string, conflicts: MergeConflict[] = []) =>
    ok({
      session_id: sessionId,
      reason,
      message,
      conflicts: conflicts.map((c) => ({ ...c, key: conflictKey(c) })),
    });
  if (!read.value.file) return view('none', 'session.md is not there yet.');
  const decision = await decideChanged(read.value);
  switch (decision.kind) {
    case 'git-markers':
      return view(
        'git-markers',
        'session.md has git conflict markers (<<<<<<< … >>>>>>>). Resolve them in the file, or keep the app’s version.',
      );
    case 'unreadable':
      return view('unreadable', `session.md line ${decision.line}: ${decision.message}`);
    case 'conflict':
      return view(
        'conflicts',
        `${decision.conflicts.length} change(s) differ between the app and session.md.`,
        decision.conflicts,
      );
    default:
      return view('none', 'No conflicts.');
  }
}

export async function resolveConflicts(
  ctx: SyncContext,
  sessionId: string,
  resolution: Resolution,
): Promise<Result<SyncOutcome, AppError>> {
  if (!ctx.app) return err(noFolder);
  try {
    const read = await readSides(ctx, sessionId);
    if (!read.ok) return read;
    const sides = read.value;
    const choose = (key: string) =>
      typeof resolution === 'string' ? resolution : (resolution[key] ?? 'ours');
    let merged: SessionDoc;
    let theirs: SessionDoc | null = null;
    let format: TextFormat | null = (await sides.parsedBase())?.format ?? null;
    const decision = sides.file ? await decideChanged(sides) : null;
    if (!decision || decision.kind === 'git-markers' || decision.kind === 'unreadable') {
      // Only "keep the app's version" can resolve a file that cannot be read.
      if (resolution !== 'ours')
        return err({
          type: 'Validation',
          field: 'resolution',
          message: 'The file cannot be read; keep the app’s version, or fix the file by hand.',
        });
      merged = { ...sides.ours, extras: (await baseLayout(ctx, sides)).extras };
    } else if (decision.kind === 'render') {
      merged = sides.ours;
    } else {
      format = decision.format;
      merged = decision.merged;
      theirs = decision.theirs;
      if (decision.kind === 'conflict')
        for (const conflict of decision.conflicts)
          merged = applyResolution(merged, conflict, choose(conflictKey(conflict)));
    }
    const done = await finishMerge(
      ctx,
      sides,
      merged,
      format ?? { lineEnding: '\n', bom: false },
      theirs,
    );
    if (!done.ok) return done;
    await markConflictResolved(ctx.db, sides.state.sync_id);
    // Saved again meanwhile: the resolution is applied; the newer save merges on top of it.
    if (isChangedMeanwhile(done.value)) return syncSessionNow(ctx, sessionId);
    return ok(done.value);
  } catch (error) {
    return err(folderFailure(error));
  }
}
