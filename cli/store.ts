/**
 * Reading a session.md and writing it back the way the app does: the change is applied to
 * what was read, and the file is replaced atomically (the new text goes to a file beside it,
 * which is renamed over it) only if it still holds exactly the bytes that were read. If
 * someone wrote it in between — the app, an editor, another command — the three versions
 * are merged per task and field and the write is tried again; a true conflict writes nothing.
 */
import { execSync } from 'node:child_process';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { mergeSessionTexts } from '../core/session-md/merge-files';
import { parseSessionMarkdown } from '../core/session-md/parse';
import type { ParseResult } from '../core/session-md/parse';
import { rewriteSessionText } from '../core/session-md/rewrite';
import type { SessionDoc } from '../core/session-md/session-doc';
import { ProblemError } from './errors';

// ignoreBOM: the byte-order mark stays in the text (the parser notes it, the renderer keeps it).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

export interface LoadedFile {
  path: string;
  bytes: Buffer | null;
  text: string;
  parsed: ParseResult;
}

const readOrNull = (path: string): Buffer | null => {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

/** Reads and parses one session.md; a file with conflict markers or parse errors is refused. */
export const loadSession = (path: string): LoadedFile => {
  const bytes = readOrNull(path);
  if (bytes === null) throw new ProblemError(`${path}: no such file.`);
  const text = decoder.decode(bytes);
  const parsed = parseSessionMarkdown(text);
  const fatal = parsed.problems.find((p) => p.severity === 'error');
  if (fatal) throw new ProblemError(`${path}:${fatal.line}: ${fatal.message}`);
  return { path, bytes, text, parsed };
};

/** Replaces `path` with `text` if it still holds `expected` (null: does not exist yet). */
const replaceIfUnchanged = (path: string, expected: Buffer | null, text: string): boolean => {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.session.md.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // For tests of a writer racing this one: a command run just before the comparison.
    const hook = process.env.SESSION_ORCHESTRATOR_BEFORE_REPLACE;
    if (hook) execSync(hook, { stdio: 'ignore', env: { ...process.env, SESSION_FILE: path } });
    const now = readOrNull(path);
    if (now === null ? expected !== null : expected === null || !now.equals(expected)) return false;
    renameSync(temp, path);
    return true;
  } finally {
    rmSync(temp, { force: true });
  }
};

const attempts = 5;

/**
 * Applies `edit` to the session in `path` and writes the result (see the module comment).
 * Returns what `edit` returned; writes nothing when the text does not change.
 */
export const editSessionFile = <T>(
  path: string,
  edit: (doc: SessionDoc, file: LoadedFile) => { doc: SessionDoc; result: T },
): T => {
  const file = loadSession(path);
  const { doc, result } = edit(file.parsed.doc, file);
  const ours = rewriteSessionText(file.text, file.parsed.doc, doc, file.parsed.format);
  if (ours === file.text) return result;
  let expected = file.bytes;
  let text = ours;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (replaceIfUnchanged(path, expected, text)) return result;
    // Changed since it was read: merge our change into what is there now (in its layout).
    const now = readOrNull(path);
    if (now === null) throw new ProblemError(`${path} was deleted while this command ran.`);
    const merged = mergeSessionTexts(file.text, decoder.decode(now), ours);
    if (merged.kind === 'unreadable') {
      throw new ProblemError(`${path}:${merged.line}: changed meanwhile: ${merged.message}`);
    }
    if (merged.kind === 'conflict') {
      throw new ProblemError(
        `${path} changed while this command ran, and the same field changed there: nothing written. Run the command again.`,
      );
    }
    expected = now;
    text = merged.text;
  }
  throw new ProblemError(`${path} kept changing while this command ran: nothing written.`);
};

/** Writes a new session file; refuses to replace one that exists. */
export const createSessionFile = (path: string, text: string): void => {
  if (!replaceIfUnchanged(path, null, text)) throw new ProblemError(`${path} exists already.`);
};
