/**
 * The trailing `code span` tags that carry task and group fields (`in progress`, `@backend`,
 * `est:2h`, `depends:task_a`…): how they are written, read back from the end of a line, and
 * kept apart from a title that itself ends in a code span. Scans by hand, no backtracking.
 */
import { isIsoDate } from '../dates';
import { complexityLevels, taskStatuses } from '../model';
import type { ComplexityLevel, TaskStatus } from '../model';
import { splitIdComment, titleSeparator } from './markdown-syntax';

/** A code span holding `value` verbatim, with a longer fence when the value has backticks. */
export const codeSpan = (value: string): string => {
  if (!value.includes('`')) return `\`${value}\``;
  let longest = 0;
  for (const run of value.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${value} ${fence}`;
};

/** What a tag means; `invalid` marks a known key with a bad value (reported, kept as text). */
export type Tag =
  | { kind: 'status'; value: TaskStatus }
  | { kind: 'specialist'; value: string }
  | { kind: 'complexity'; value: ComplexityLevel }
  | { kind: 'estimated'; value: number }
  | { kind: 'actual'; value: number }
  | { kind: 'due'; value: string }
  | { kind: 'scheduled'; value: string }
  | { kind: 'depends'; value: string[] }
  | { kind: 'related'; value: string[] }
  | { kind: 'parent'; value: string }
  | { kind: 'invalid'; key: string; raw: string };

/** Which tags a line may carry: a task item, or a group heading. */
export type TagContext = 'task' | 'group';

const statusWords: ReadonlyMap<string, TaskStatus> = new Map([
  ...taskStatuses.map((s): [string, TaskStatus] => [s, s]),
  ['done', 'completed'],
  ['todo', 'pending'],
  ['canceled', 'cancelled'],
]);

/** Reads a status word: `in progress`, `in_progress`, `In-Progress`, `done`… */
export const taskStatusFromWord = (word: string): TaskStatus | null =>
  statusWords.get(
    word
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  ) ?? null;

/** Reads an effort in hours: `2`, `2h`, `1.5 h`, `3 hours`. */
export const hoursFromText = (text: string): number | null => {
  const number = text
    .trim()
    .replace(/\s*(h|hr|hrs|hour|hours)$/i, '')
    .trim();
  if (number === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(number)) return null;
  const value = Number(number);
  return Number.isFinite(value) ? value : null;
};

const idList = (text: string): string[] => text.split(/[\s,]+/).filter((id) => id !== '');

const keyAliases: ReadonlyMap<string, Tag['kind']> = new Map([
  ['status', 'status'],
  ['specialist', 'specialist'],
  ['complexity', 'complexity'],
  ['est', 'estimated'],
  ['estimate', 'estimated'],
  ['estimated', 'estimated'],
  ['actual', 'actual'],
  ['spent', 'actual'],
  ['due', 'due'],
  ['scheduled', 'scheduled'],
  ['depends', 'depends'],
  ['depends_on', 'depends'],
  ['after', 'depends'],
  ['related', 'related'],
  ['parent', 'parent'],
]);

const groupKinds: ReadonlySet<Tag['kind']> = new Set(['specialist', 'parent']);

/** Interprets a code span's content as a tag, or null when it is ordinary text. */
export const tagFromContent = (content: string, context: TagContext): Tag | null => {
  const tag = tagFromContentAnyContext(content);
  if (tag == null) return null;
  const kind = tag.kind === 'invalid' ? (keyAliases.get(tag.key) ?? 'invalid') : tag.kind;
  const allowed = context === 'group' ? groupKinds.has(kind) : kind !== 'parent';
  return allowed ? tag : null;
};

const tagFromContentAnyContext = (content: string): Tag | null => {
  if (content.startsWith('@')) {
    return content.length > 1 ? { kind: 'specialist', value: content.slice(1) } : null;
  }
  const colon = content.indexOf(':');
  if (colon < 0) {
    const status = taskStatusFromWord(content);
    return status ? { kind: 'status', value: status } : null;
  }
  const key = content.slice(0, colon).trim().toLowerCase();
  const kind = keyAliases.get(key);
  if (!kind) return null;
  const raw = content.slice(colon + 1);
  const value = raw.trim();
  const invalid: Tag = { kind: 'invalid', key, raw: content };
  switch (kind) {
    case 'status': {
      const status = taskStatusFromWord(value);
      return status ? { kind, value: status } : invalid;
    }
    case 'specialist':
      return value !== '' ? { kind, value } : invalid;
    case 'complexity': {
      const level = complexityLevels.find((c) => c === value.toLowerCase().replace(/[\s-]+/g, '_'));
      return level ? { kind, value: level } : invalid;
    }
    case 'estimated':
    case 'actual': {
      const hours = hoursFromText(value);
      return hours != null ? { kind, value: hours } : invalid;
    }
    case 'due':
    case 'scheduled':
      return isIsoDate(value) ? { kind, value } : invalid;
    case 'depends':
    case 'related':
      return { kind, value: idList(value) };
    case 'parent':
      return value !== '' && !/\s/.test(value) ? { kind, value } : invalid;
    case 'invalid':
      return invalid;
  }
};

/**
 * Peels trailing code-span tags off a title, right to left, stopping at the first span that
 * is not a tag (it then belongs to the title). Also removes a {@link titleSeparator} that
 * ends the remaining title. `invalid` lists known keys with unreadable values.
 */
export const splitTrailingTags = (
  text: string,
  context: TagContext,
): { title: string; tags: Tag[]; invalid: string[] } => {
  const tags: Tag[] = [];
  const invalid: string[] = [];
  let end = text.trimEnd().length;
  for (;;) {
    const span = lastCodeSpan(text, end);
    if (!span) break;
    const tag = tagFromContent(span.content, context);
    if (tag == null) break;
    if (tag.kind === 'invalid') {
      invalid.push(tag.raw);
      break;
    }
    tags.unshift(tag);
    end = text.slice(0, span.start).trimEnd().length;
  }
  let title = text.slice(0, end).trim();
  if (title.endsWith(titleSeparator)) title = title.slice(0, -titleSeparator.length).trim();
  return { title, tags, invalid };
};

/**
 * The code span that ends exactly at `end`, if it starts the text or follows whitespace.
 * CommonMark: the opening backtick run has the same length as the closing one, and one
 * space is stripped from each side when both are present.
 */
const lastCodeSpan = (text: string, end: number): { start: number; content: string } | null => {
  if (end === 0 || text[end - 1] !== '`') return null;
  let closeStart = end - 1;
  while (closeStart > 0 && text[closeStart - 1] === '`') closeStart--;
  const fence = end - closeStart;
  let i = closeStart - 1;
  while (i >= 0) {
    const runEnd = text.lastIndexOf('`', i);
    if (runEnd < 0) return null;
    let runStart = runEnd;
    while (runStart > 0 && text[runStart - 1] === '`') runStart--;
    if (runEnd - runStart + 1 === fence) {
      if (runStart > 0 && !/\s/.test(text[runStart - 1] ?? '')) return null;
      let content = text.slice(runEnd + 1, closeStart);
      if (content.length > 2 && content.startsWith(' ') && content.endsWith(' ')) {
        if (content.trim() !== '') content = content.slice(1, -1);
      }
      return content === '' ? null : { start: runStart, content };
    }
    i = runStart - 1;
  }
  return null;
};

/**
 * Whether a title, written as is, would lose text to the parser (it ends like a tag, an id
 * comment or the separator). The renderer then writes the separator after it.
 */
export const titleNeedsSeparator = (title: string, context: TagContext): boolean => {
  if (title.trimEnd().endsWith(titleSeparator)) return true;
  if (splitIdComment(title).id != null) return true;
  const split = splitTrailingTags(title, context);
  return split.tags.length > 0 || split.title !== title.trim();
};

/** Hours as written in tags: the shortest exact form, so render→parse gives the same number. */
export const hoursText = (hours: number): string => `${String(hours)}h`;
