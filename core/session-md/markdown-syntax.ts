/**
 * The line-level syntax of session.md, shared by the renderer and the parser so the two can
 * never drift apart: section headings, id comments, header metadata lines, task-item,
 * heading, quote and fence recognition, conflict markers. Field tags: markdown-tags.ts.
 * Everything here scans a line at most a few times and uses no backtracking-prone regex,
 * because a file may contain megabyte-long lines.
 */
import { sessionStatuses } from '../model';
import type { SessionStatus } from '../model';
import type { DocSection } from './session-doc';

/** Section headings (level 2) the renderer writes, by section. */
export const sectionTitles = {
  overview: 'Overview',
  tasks: 'Tasks',
  notes: 'Notes',
  changelog: 'Change log',
} as const satisfies Partial<Record<DocSection, string>>;
export type TitledSection = keyof typeof sectionTitles;

const sectionAliases: ReadonlyMap<string, TitledSection> = new Map([
  ['overview', 'overview'],
  ['description', 'overview'],
  ['summary', 'overview'],
  ['tasks', 'tasks'],
  ['task list', 'tasks'],
  ['notes', 'notes'],
  ['change log', 'changelog'],
  ['changelog', 'changelog'],
  ['history', 'changelog'],
]);

/** The section a level-2 heading text names (case and a trailing colon ignored), if any. */
export const sectionFromHeading = (text: string): TitledSection | null =>
  sectionAliases.get(text.trim().replace(/:$/, '').trim().toLowerCase()) ?? null;

/** Invisible on GitHub; separates a title that itself ends like a tag from the real tags. */
export const titleSeparator = '<!---->';

/**
 * Overview and notes are verbatim text, but a line in them that reads as a section heading
 * (`## Tasks`) would end them. The renderer marks such a line with a trailing separator,
 * which the parser removes again; GitHub shows the heading unchanged.
 */
export const escapeTextLine = (line: string): string =>
  isSectionHeadingLine(stripSeparators(line)) ? `${line} ${titleSeparator}` : line;

export const unescapeTextLine = (line: string): string =>
  isEscapedTextLine(line) ? line.slice(0, line.length - titleSeparator.length - 1) : line;

/** A section heading line guarded by {@link escapeTextLine}: text, not a heading. */
export const isEscapedTextLine = (line: string): boolean =>
  line.endsWith(` ${titleSeparator}`) && isSectionHeadingLine(stripSeparators(line));

const isSectionHeadingLine = (line: string): boolean => {
  const heading = readHeading(line);
  return heading?.level === 2 && sectionFromHeading(heading.text) != null;
};

const stripSeparators = (line: string): string => {
  let rest = line;
  while (rest.endsWith(` ${titleSeparator}`)) rest = rest.slice(0, -titleSeparator.length - 1);
  return rest;
};

export const idComment = (id: string): string => `<!-- id:${id} -->`;

/**
 * Splits a trailing `<!-- id:… -->` off a line. Scans from the end by hand instead of with
 * a `$`-anchored regex, which would be quadratic on long lines full of `<!--`.
 */
export const splitIdComment = (text: string): { rest: string; id: string | null } => {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith('-->')) return { rest: text, id: null };
  const open = trimmed.lastIndexOf('<!--');
  if (open < 0) return { rest: text, id: null };
  const inner = trimmed.slice(open + 4, trimmed.length - 3).trim();
  if (!inner.toLowerCase().startsWith('id:')) return { rest: text, id: null };
  const id = inner.slice(3).trim();
  if (id === '' || /[\s<>]/.test(id)) return { rest: text, id: null };
  return { rest: trimmed.slice(0, open), id };
};

/** Titles are one line: line breaks become spaces. */
export const oneLine = (text: string): string => text.replace(/\r\n|\r|\n/g, ' ');

/** Column width of leading whitespace, tabs to the next multiple of 4 (CommonMark). */
export const indentWidth = (line: string): number => {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
};

/** A well-formed GitHub task-list item: `- [ ] title`, `* [x] title`, `+ [X] title`. */
export interface TaskItemLine {
  indent: number;
  checked: boolean;
  text: string;
}

const taskItemPattern = /^[ \t]*[-*+][ \t]+\[([ xX])\](?:[ \t]+(.*))?$/;

export const readTaskItem = (line: string): TaskItemLine | null => {
  const match = taskItemPattern.exec(line);
  if (!match) return null;
  return { indent: indentWidth(line), checked: match[1] !== ' ', text: match[2] ?? '' };
};

/** A bullet line (`- x`, `* x`, `+ x`, or `-[…` missing its space), with the text after it. */
export const readBullet = (line: string): { indent: number; text: string } | null => {
  const match = /^[ \t]*[-*+](?:[ \t]+(.*)|(\[.*)|)$/.exec(line);
  if (!match) return null;
  return { indent: indentWidth(line), text: match[1] ?? match[2] ?? '' };
};

/**
 * A bullet that was probably meant as a task item but is broken: `- [] x`, `- [-] x`,
 * `-[ ] x`, `- [ ]x`. Returns the checked state it seems to have.
 */
export const readBrokenCheckbox = (
  bulletText: string,
): { checked: boolean; text: string } | null => {
  const match = /^\[([ xX-]{0,3})\](?!\()[ \t]*(.*)$/.exec(bulletText);
  if (!match) return null;
  return { checked: /[xX]/.test(match[1] ?? ''), text: match[2] ?? '' };
};

/** An ATX heading: `## Text`. Closing `#`s are kept as text (names may end in `#`). */
export const readHeading = (line: string): { level: number; text: string } | null => {
  const match = /^ {0,3}(#{1,6})(?:[ \t]+(.*)|[ \t]*)$/.exec(line);
  if (!match) return null;
  return { level: (match[1] ?? '').length, text: (match[2] ?? '').trim() };
};

/** A quote line (`> text`) with the quoted text; used for descriptions. */
export const readQuote = (line: string): { indent: number; text: string } | null => {
  const match = /^[ \t]*>(.*)$/.exec(line);
  if (!match) return null;
  const text = match[1] ?? '';
  return { indent: indentWidth(line), text: text.startsWith(' ') ? text.slice(1) : text };
};

export const quoteLine = (text: string): string => (text === '' ? '>' : `> ${text}`);

/** Header metadata keys, as written by the renderer. */
export const metaLabels = {
  id: 'Id',
  status: 'Status',
  priority: 'Priority',
  mode: 'Mode',
  progress: 'Progress',
  effort: 'Effort',
} as const;
export type MetaKey = keyof typeof metaLabels;

const metaAliases: ReadonlyMap<string, MetaKey> = new Map([
  ['id', 'id'],
  ['session', 'id'],
  ['session id', 'id'],
  ['status', 'status'],
  ['priority', 'priority'],
  ['mode', 'mode'],
  ['mode file', 'mode'],
  ['progress', 'progress'],
  ['effort', 'effort'],
]);

/** A header line `- **Status:** active` (also `- **Status**: active`), by key. */
export const readMetaLine = (line: string): { key: MetaKey; value: string } | null => {
  const match = /^[-*+][ \t]+\*\*([^*]{1,40}?)(:?)\*\*(:?)[ \t]*(.*)$/.exec(line);
  if (!match || (match[2] === '' && match[3] === '')) return null;
  const key = metaAliases.get((match[1] ?? '').trim().toLowerCase());
  return key ? { key, value: (match[4] ?? '').trim() } : null;
};

export const metaLine = (key: MetaKey, value: string): string =>
  `- **${metaLabels[key]}:** ${value}`;

export const priorityNames = ['urgent', 'high', 'medium', 'low', 'someday'] as const;

/** Reads `2`, `2 (high)` or `high` as a priority level 1–5. */
export const priorityFromText = (text: string): number | null => {
  const value = text.trim().toLowerCase();
  const digit = /^([1-5])\b/.exec(value);
  if (digit) return Number(digit[1]);
  const index = priorityNames.findIndex((name) => value.startsWith(name));
  return index < 0 ? null : index + 1;
};

export const priorityText = (level: number): string => {
  const name = priorityNames[level - 1];
  return name ? `${level} (${name})` : String(level);
};

export const sessionStatusFromText = (text: string): SessionStatus | null => {
  const value = text.trim().toLowerCase().replace(/`/g, '');
  return sessionStatuses.find((s) => s === value) ?? null;
};

/** Hours for display only (the header metrics): at most two decimals. */
export const displayHours = (hours: number): string => `${String(Math.round(hours * 100) / 100)}h`;

/** Git merge conflict marker lines (diff3 style included). */
export const conflictMarker = (line: string): 'start' | 'base' | 'middle' | 'end' | null => {
  if (line.startsWith('<<<<<<<') && (line.length === 7 || line[7] === ' ')) return 'start';
  if (line.startsWith('|||||||') && (line.length === 7 || line[7] === ' ')) return 'base';
  if (line.startsWith('>>>>>>>') && (line.length === 7 || line[7] === ' ')) return 'end';
  if (line.trimEnd() === '=======') return 'middle';
  return null;
};

/** An opening or closing code fence (``` or ~~~), with its character and length. */
export const readFence = (line: string): { char: string; length: number; info: string } | null => {
  const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  if (!match) return null;
  const run = match[1] ?? '';
  const info = match[2] ?? '';
  // A backtick fence's info string may not contain backticks (CommonMark).
  if (run.startsWith('`') && info.includes('`')) return null;
  return { char: run.charAt(0), length: run.length, info: info.trim() };
};
