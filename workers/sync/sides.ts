/**
 * Reading the sides of one session's sync: the database's document (ours), the file as it is
 * now (theirs, with the SHA-256 of its bytes), and the last synchronized text (the base, read
 * and parsed only when asked for: at 100k tasks it is a 7 MB text).
 */
import { type AppError, type Result, err, ok } from '../result';
import { sha256Hex } from '../folder/content-hash';
import { readFile } from '../folder/fs';
import { type AppPath, appPathToString, sessionFilePath } from '../folder/paths';
import { type ParseResult, parseSessionMarkdown } from '../../core/session-md/parse';
import type { SessionDoc } from '../../core/session-md/session-doc';
import { type SyncState, ensureSyncState, getBaseText } from '../domain/sync-state';
import type { SyncContext } from './context';
import { loadSessionDoc } from './session-store';

const encoder = new TextEncoder();

/** A rendered file: its text (compared and kept as the next merge base) and its bytes. */
export interface Output {
  text: string;
  bytes: Uint8Array<ArrayBuffer>;
}
export const output = (text: string): Output => ({ text, bytes: encoder.encode(text) });

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The file as read, its hash being the SHA-256 of its bytes (as `md_content_hash`). */
export type FileSide = Output & { hash: string; lastModified: number };

/** What a sync needs to know about one session's file and its history. */
export interface Sides {
  state: SyncState;
  path: AppPath;
  ours: SessionDoc;
  /** The last synchronized text (the merge base), parsed on first use. */
  parsedBase: () => Promise<ParseResult | null>;
  file: FileSide | null;
}

export async function readSides(
  ctx: SyncContext,
  sessionId: string,
): Promise<Result<Sides, AppError>> {
  const path = sessionFilePath(sessionId);
  if (!path)
    return err({
      type: 'Validation',
      field: 'session_id',
      message: `The session id "${sessionId}" cannot be used as a folder name.`,
    });
  const ours = await loadSessionDoc(ctx.db, sessionId);
  if (!ours.ok) return ours;
  const state = await ensureSyncState(ctx.db, sessionId, appPathToString(path));
  let parsed: Promise<ParseResult | null> | undefined;
  const parsedBase = () =>
    (parsed ??= getBaseText(ctx.db, state.sync_id).then((text) =>
      text === null ? null : parseSessionMarkdown(text),
    ));
  const file = await readFile(ctx.app!, path);
  return ok({
    state,
    path,
    ours: ours.value,
    parsedBase,
    file: file && { ...file, hash: await sha256Hex(file.bytes) },
  });
}
