/**
 * Three-way merge of three session.md texts, per task and field, for git's merge driver and
 * for a command-line write that found the file changed since it was read. Built on the app's
 * merge (merge.ts); adds what only files have: the text the app does not understand (merged
 * per block), tasks written without ids (matched by their title), and conflict markers around
 * only the lines that differ between the two sides' versions of what conflicts.
 */
import { applyResolution, mergeSessionDocs } from './merge';
import type { MergeConflict } from './merge';
import { mergeValue } from './merge-values';
import { diffLines } from './line-diff';
import { parseSessionMarkdown } from './parse';
import type { ParseResult } from './parse';
import { renderSessionMarkdown } from './render';
import { rewriteSessionText } from './rewrite';
import { isTempId, replaceTempIds, tempIdPrefix } from './session-doc';
import type { Anchor, ExtraText, SessionDoc } from './session-doc';

export type TextMerge =
  | { kind: 'clean'; text: string }
  | { kind: 'conflict'; text: string; conflicts: MergeConflict[]; extrasConflicts: number }
  /** A side cannot be merged per task (conflict markers, a parser failure): which and why. */
  | { kind: 'unreadable'; side: 'base' | 'ours' | 'theirs'; line: number; message: string };

export interface MergeLabels {
  ours: string;
  theirs: string;
  /** Length of the conflict markers (git's %L); 7 by default. */
  markerSize?: number;
}

/**
 * Merges `ours` and `theirs`, both changed from `base`. A clean merge is written in ours'
 * layout where possible (see rewrite.ts); a conflict is ours' merge with markers around the
 * lines where theirs' choice would differ.
 */
export const mergeSessionTexts = (
  base: string,
  ours: string,
  theirs: string,
  labels: MergeLabels = { ours: 'ours', theirs: 'theirs' },
): TextMerge => {
  const sides = { base, ours, theirs };
  const parsed = {} as Record<keyof typeof sides, ParseResult>;
  for (const side of ['base', 'ours', 'theirs'] as const) {
    const result = parseSessionMarkdown(sides[side]);
    // An empty base (a file both sides added) has nothing to get wrong.
    const fatal =
      side === 'base' && base.trim() === ''
        ? undefined
        : result.problems.find((p) => p.severity === 'error');
    if (fatal) return { kind: 'unreadable', side, line: fatal.line, message: fatal.message };
    parsed[side] = result;
  }
  const [b, o, t] = (['base', 'ours', 'theirs'] as const).map((side) =>
    stableTempIds(parsed[side].doc),
  ) as [SessionDoc, SessionDoc, SessionDoc];
  const { merged, conflicts } = mergeSessionDocs(b, o, t);
  const extras = mergeExtras(b.extras, o.extras, t.extras);
  const format = parsed.ours.format;
  const oursDoc: SessionDoc = { ...merged, extras: extras.ours };
  if (conflicts.length === 0 && extras.conflicts === 0) {
    return { kind: 'clean', text: rewriteSessionText(ours, parsed.ours.doc, oursDoc, format) };
  }
  let theirsDoc: SessionDoc = { ...merged, extras: extras.theirs };
  for (const conflict of conflicts) theirsDoc = applyResolution(theirsDoc, conflict, 'theirs');
  const text = withMarkers(
    renderSessionMarkdown(oursDoc, format),
    renderSessionMarkdown(theirsDoc, format),
    format.lineEnding,
    labels,
  );
  return { kind: 'conflict', text, conflicts, extrasConflicts: extras.conflicts };
};

/**
 * Tasks and groups written without an id get temporary ids from their line number, which
 * differs between the three versions; here they are named by their title instead (and the
 * how-many-th with that title), so an untouched one is the same item in all three.
 */
const stableTempIds = (doc: SessionDoc): SessionDoc => {
  const names = new Map<string, string>();
  const seen = new Map<string, number>();
  const name = (kind: string, title: string) => {
    const key = `${kind}:${title}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${tempIdPrefix}${key}#${n}`;
  };
  for (const g of doc.groups)
    if (isTempId(g.group_id)) names.set(g.group_id, name('group', g.group_name));
  for (const t of doc.tasks) if (isTempId(t.task_id)) names.set(t.task_id, name('task', t.title));
  if (names.size === 0) return doc;
  return replaceTempIds(doc, (id) => names.get(id) ?? id);
};

/**
 * Unknown text is merged block by block (a block: the lines kept after one task, group or
 * section). Both sides changing the same block differently is a conflict: `ours` then holds
 * ours' block and `theirs` theirs'.
 */
const mergeExtras = (
  base: readonly ExtraText[],
  ours: readonly ExtraText[],
  theirs: readonly ExtraText[],
): { ours: ExtraText[]; theirs: ExtraText[]; conflicts: number } => {
  const byAnchor = (list: readonly ExtraText[]) => {
    const map = new Map<Anchor, string>();
    for (const e of list) {
      const text = e.lines.join('\n');
      const before = map.get(e.anchor);
      map.set(e.anchor, before === undefined ? text : `${before}\n\n${text}`);
    }
    return map;
  };
  const [b, o, t] = [byAnchor(base), byAnchor(ours), byAnchor(theirs)];
  const anchors = [...new Set([...o.keys(), ...t.keys(), ...b.keys()])];
  const result = { ours: [] as ExtraText[], theirs: [] as ExtraText[], conflicts: 0 };
  for (const anchor of anchors) {
    const merge = mergeValue(b.get(anchor) ?? null, o.get(anchor) ?? null, t.get(anchor) ?? null);
    const theirsValue = merge.conflict ? (t.get(anchor) ?? null) : merge.value;
    if (merge.conflict) result.conflicts++;
    if (merge.value != null) result.ours.push({ anchor, lines: merge.value.split('\n') });
    if (theirsValue != null) result.theirs.push({ anchor, lines: theirsValue.split('\n') });
  }
  return result;
};

/** Header lines derived from the tasks: both sides' counts differ, but nobody decides them. */
const derivedLine = /^- \*\*(Progress|Effort):\*\* /;

/** Ours' text with git conflict blocks where theirs' lines differ. */
const withMarkers = (
  oursText: string,
  theirsText: string,
  eol: string,
  labels: MergeLabels,
): string => {
  const bom = oursText.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines = (text: string) =>
    text
      .replace(/^\uFEFF/, '')
      .split(eol)
      .slice(0, -1);
  const a = lines(oursText);
  const bLines = lines(theirsText);
  const derived = new Map(a.filter((l) => derivedLine.test(l)).map((l) => [l.slice(0, 14), l]));
  const b = bLines.map((l) => (derivedLine.test(l) ? (derived.get(l.slice(0, 14)) ?? l) : l));
  const size = labels.markerSize ?? 7;
  const hunks = diffLines(a, b, Number.MAX_SAFE_INTEGER) ?? [];
  const out: string[] = [];
  let at = 0;
  for (const hunk of hunks) {
    out.push(...a.slice(at, hunk.aStart));
    out.push(`${'<'.repeat(size)} ${labels.ours}`);
    out.push(...a.slice(hunk.aStart, hunk.aEnd));
    out.push('='.repeat(size));
    out.push(...b.slice(hunk.bStart, hunk.bEnd));
    out.push(`${'>'.repeat(size)} ${labels.theirs}`);
    at = hunk.aEnd;
  }
  out.push(...a.slice(at));
  return bom + out.join(eol) + eol;
};
