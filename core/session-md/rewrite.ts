/**
 * The new text of a session.md after an edit, changing as little of the old text as possible.
 * The renderer is line-local (an edited task changes its own lines and the header's progress),
 * so for a file in the app's own layout the new render is the answer. A file laid out by hand
 * (blank lines between items, `*` bullets, other indentation…) would be reformatted by a
 * render; instead, only the lines that differ between the renders before and after the edit
 * are replaced, at their place in the old text, and the result is kept only if it reads back
 * as exactly the edited doc. Otherwise the full render is written, as the app would.
 */
import { diffLines } from './line-diff';
import { parseSessionMarkdown } from './parse';
import { renderSessionMarkdown } from './render';
import type { TextFormat } from './render';
import type { SessionDoc } from './session-doc';

/** `before` is the doc parsed from `text` (with `format`); `after` the edited doc. */
export const rewriteSessionText = (
  text: string,
  before: SessionDoc,
  after: SessionDoc,
  format: TextFormat,
): string => {
  const next = renderSessionMarkdown(after, format);
  const previous = renderSessionMarkdown(before, format);
  if (previous === text) return next;
  const spliced = splice(text, previous, next, format);
  if (spliced == null) return next;
  const again = parseSessionMarkdown(spliced);
  return renderSessionMarkdown(again.doc, format) === next ? spliced : next;
};

/** A text's lines without their line endings, and each line's own ending. */
const splitKeepingEndings = (body: string): { lines: string[]; endings: string[] } => {
  const lines: string[] = [];
  const endings: string[] = [];
  let start = 0;
  while (start < body.length) {
    const lf = body.indexOf('\n', start);
    if (lf < 0) {
      lines.push(body.slice(start));
      endings.push('');
      break;
    }
    const cr = lf > start && body.charCodeAt(lf - 1) === 13;
    lines.push(body.slice(start, cr ? lf - 1 : lf));
    endings.push(cr ? '\r\n' : '\n');
    start = lf + 1;
  }
  return { lines, endings };
};

const bodyOf = (text: string) => (text.startsWith('\uFEFF') ? text.slice(1) : text);

/** A line as the comparison with the render sees it: indentation, bullet and spacing aside. */
const layoutFree = (line: string): string =>
  line
    .trim()
    .replace(/^[*+](?=[ \t])/, '-')
    .replace(/[ \t]+/g, ' ');

/** `fresh` written like `own` (the line it replaces): own's indentation and bullet. */
const inOwnLayout = (own: string, fresh: string): string => {
  const ownLead = /^([ \t]*)([-*+][ \t]+)?/.exec(own)!;
  const freshLead = /^([ \t]*)(- )?/.exec(fresh)!;
  const bullet = ownLead[2] != null && freshLead[2] != null ? ownLead[2] : (freshLead[2] ?? '');
  return `${ownLead[1] ?? ''}${bullet}${fresh.slice(freshLead[0].length)}`;
};

/**
 * Applies the changes between two renders to the text the first render stands for: each
 * changed run of render lines must match a run of the text's own lines (compared without
 * layout), which it replaces; a changed line keeps the text's indentation and bullet. Null
 * when a change falls where the text and the render do not line up.
 */
const splice = (
  text: string,
  previous: string,
  next: string,
  format: TextFormat,
): string | null => {
  const own = splitKeepingEndings(bodyOf(text));
  const old = splitKeepingEndings(bodyOf(previous)).lines;
  const fresh = splitKeepingEndings(bodyOf(next)).lines;
  const edits = diffLines(old, fresh, 400);
  const layout = diffLines(old.map(layoutFree), own.lines.map(layoutFree), 4000);
  if (edits == null || layout == null) return null;
  // For every line of the previous render, the line of the text that is the same (-1: none).
  const match = new Int32Array(old.length).fill(-1);
  let ai = 0;
  let bi = 0;
  for (const hunk of layout) {
    for (; ai < hunk.aStart; ai++, bi++) match[ai] = bi;
    ai = hunk.aEnd;
    bi = hunk.bEnd;
  }
  for (; ai < old.length; ai++, bi++) match[ai] = bi;

  const out: string[] = [format.bom ? '\uFEFF' : ''];
  let copied = 0; // text lines written so far
  for (const edit of edits) {
    let from: number;
    if (edit.aStart === edit.aEnd) {
      // An insertion goes right after the line before it (or before the line after it).
      const before = edit.aStart > 0 ? match[edit.aStart - 1]! : -1;
      from = before >= 0 ? before + 1 : edit.aStart < old.length ? match[edit.aStart]! : -1;
      if (edit.aStart === 0) from = 0;
    } else from = match[edit.aStart]!;
    const count = edit.aEnd - edit.aStart;
    for (let i = 1; i < count; i++) if (match[edit.aStart + i] !== from + i) return null;
    if (from < copied) return null;
    for (let i = copied; i < from; i++) out.push(own.lines[i]!, own.endings[i]!);
    const oneToOne = count === edit.bEnd - edit.bStart;
    for (let j = 0; j < edit.bEnd - edit.bStart; j++) {
      const line = fresh[edit.bStart + j]!;
      const ending = oneToOne ? own.endings[from + j]! || format.lineEnding : format.lineEnding;
      out.push(oneToOne ? inOwnLayout(own.lines[from + j]!, line) : line, ending);
    }
    copied = from + count;
  }
  for (let i = copied; i < own.lines.length; i++) out.push(own.lines[i]!, own.endings[i]!);
  return out.join('');
};
