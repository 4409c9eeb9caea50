/**
 * What one sync of a session does, decided from its sides alone (pure: no database, no
 * folder, so Node tests call it directly). The file unchanged since the last sync (or gone):
 * the database decides and is rendered. Changed: parsed and merged three ways (base = last
 * synchronized text, ours = database, theirs = file); a file that cannot be read, or holds
 * git conflict markers, or whose changes conflict with the app's, is held for the user.
 */
import { newId } from '../domain/ids';
import { adoptBaseIds } from './adopt-ids';
import { type ParseResult, parseSessionMarkdown } from '../../core/session-md/parse';
import type { TextFormat } from '../../core/session-md/render';
import { type MergeConflict, mergeSessionDocs } from '../../core/session-md/merge';
import {
  type SessionDoc,
  emptySessionDoc,
  replaceTempIds,
} from '../../core/session-md/session-doc';

export interface DecideSides {
  sessionId: string;
  /** The file now (null: there is none), with the hash of its bytes. */
  file: { text: string; hash: string } | null;
  /** The hash of the file as the last sync left it (null: never synced). */
  baseHash: string | null;
  ours: SessionDoc;
  /** The last synchronized text, parsed (only read when the file changed). */
  base: ParseResult | null;
}

export type Decision =
  /** The file is as the last sync left it (or gone): render the database. */
  | { kind: 'render' }
  /** The file changed and merges cleanly (theirs: the file's document, with real ids). */
  | { kind: 'merge'; merged: SessionDoc; theirs: SessionDoc; format: TextFormat }
  /** The file's changes and the app's differ on the same fields (merged: all but those). */
  | {
      kind: 'conflict';
      merged: SessionDoc;
      theirs: SessionDoc;
      format: TextFormat;
      conflicts: MergeConflict[];
    }
  | { kind: 'git-markers' }
  | { kind: 'unreadable'; line: number; message: string };

/** Whether the file is as the last sync left it (or gone, which the database also decides). */
export function fileUnchanged(file: { hash: string } | null, baseHash: string | null): boolean {
  return !file || (baseHash !== null && file.hash === baseHash);
}

/** A real id for a line the parser gave a temporary one (a new task or group in the file). */
export const realId = (temp: string) => newId(temp.includes('group') ? 'group' : 'task');

/** The file's document with real ids for new lines, under the session it belongs to. */
export function fileDoc(doc: SessionDoc, sessionId: string): SessionDoc {
  const withIds = replaceTempIds(doc, realId);
  return { ...withIds, session: { ...withIds.session, session_id: sessionId } };
}

export function decide(sides: DecideSides): Decision {
  const { file, ours } = sides;
  if (fileUnchanged(file, sides.baseHash)) return { kind: 'render' };
  const parsed = parseSessionMarkdown(file!.text, { fallback: sides.base?.doc ?? ours });
  if (parsed.hasConflict) return { kind: 'git-markers' };
  const fatal = parsed.problems.find((p) => p.severity === 'error');
  if (fatal) return { kind: 'unreadable', line: fatal.line, message: fatal.message };
  const theirs = fileDoc(adoptBaseIds(sides.base?.doc ?? null, parsed.doc), sides.sessionId);
  const base = sides.base?.doc ?? emptySessionDoc(ours.session);
  const { merged, conflicts } = mergeSessionDocs(base, ours, theirs);
  const format = parsed.format;
  if (conflicts.length > 0) return { kind: 'conflict', merged, theirs, format, conflicts };
  return { kind: 'merge', merged, theirs, format };
}
