/**
 * Plan import: turns any markdown file with GitHub task lists into a preview of a new
 * session (groups, tasks, notes). Pure: no browser API, no database, no file I/O; it
 * never throws — every failure is a returned `PlanError`.
 *
 * Mapping (PRODUCT.md, "Import a plan someone already has"):
 * - The first non-empty H1 names the session and is not a group; anything directly under
 *   it, or before any heading, goes to the "Ungrouped" group. Without an H1 the name is
 *   the file name without its extension.
 * - Every other non-empty top-level heading is a group, nested as heading levels nest.
 *   Empty headings (a lone `#`, used as a separator in some plans) make no group and
 *   don't close the open one. Headings inside blockquotes or lists make no group.
 * - A GFM task-list item (`-`, `*`, `+` or `1.`/`1)` bullets, `[ ]`, `[x]`, `[X]`) is a
 *   task, also inside blockquotes. A nested task item is a subtask of the
 *   nearest task item around it, at any depth; a plain item in between is skipped.
 *   A `[ ]` in a table cell is not a list item, so it stays in the notes.
 * - The title is the item's first paragraph as written (line breaks joined by a space).
 *   Markers are copied out, never stripped: a backticked id (`task_123`, `T-12`) →
 *   `externalId`, `(4h)` / `(2.5 h)` / `(30m)` → `estimatedEffortHours`.
 * - The first `Status:` line (plain or bold) in a paragraph of a group's own section →
 *   the group's `status`, cut at a ` | ` that starts another field.
 * - Notes: every source line that is not part of a task title, in order and verbatim;
 *   runs separated by task lines are joined with one blank line. Line endings are
 *   normalised to `\n` and a BOM is dropped before anything else.
 *
 * Why a line scanner and not micromark: mdast-util-from-markdown took 1–2 s for 5,000
 * nested items, far from "well under a second". The scanner follows the CommonMark block
 * rules that decide what is a list item, a heading or code: container continuation
 * (`>` and list-item indentation, tabs as 4-column stops), lazy paragraph continuation,
 * paragraph interruption, fenced and indented code, HTML blocks, setext headings, GFM
 * tables and task-list checks. Tests compare it with mdast on real plans and fuzzed input;
 * it follows CommonMark where micromark differs (an ordered list starting at 2+ after an
 * interrupted block). A task item whose text turns into a setext heading is not a task.
 */

/** Inputs larger than this (UTF-8 bytes) are refused with `TooLarge`. */
export const maxPlanBytes = 20 * 1024 * 1024;

/** The name of the group that collects tasks outside any section. */
export const ungroupedName = 'Ungrouped';

export type PlanErrorType = 'NoTaskList' | 'TooLarge' | 'ParseFailed';

/** Why a file could not become a plan; `message` is written for the user. */
export interface PlanError {
  type: PlanErrorType;
  message: string;
}

/** A group to create. `level` is 0 for a top-level group; `position` orders siblings from 0. */
export interface PlanGroup {
  key: string;
  name: string;
  level: number;
  parentKey: string | null;
  position: number;
  status?: string;
}

/**
 * A task to create. `level` is 0 for a top-level task; `position` orders siblings from 0
 * (same parent task, or same group for top-level tasks); `line` is the 1-based source line.
 */
export interface PlanTask {
  key: string;
  title: string;
  done: boolean;
  groupKey: string;
  parentKey: string | null;
  level: number;
  position: number;
  externalId?: string;
  estimatedEffortHours?: number;
  line: number;
}

/** The preview of a session; `counts.maxDepth` is the number of task levels (1 = flat). */
export interface Plan {
  name: string;
  groups: PlanGroup[];
  tasks: PlanTask[];
  notes: string;
  counts: { groups: number; tasks: number; done: number; maxDepth: number };
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; error: PlanError };

/**
 * Reads a markdown plan into a session preview. `fileName` names the session when the
 * file has no H1 and appears in error messages. Never throws.
 */
export function planFromMarkdown(text: string, fileName?: string): PlanResult {
  const label = fileName === undefined || fileName === '' ? 'The file' : `"${fileName}"`;
  if (utf8ByteLengthExceeds(text, maxPlanBytes)) {
    const limit = `${maxPlanBytes / (1024 * 1024)} MB`;
    return failure('TooLarge', `${label} is larger than ${limit}, too large to import as a plan.`);
  }
  try {
    const plan = buildPlan(normalizeText(text), fileName);
    if (plan.tasks.length === 0) {
      return failure(
        'NoTaskList',
        `${label} has no task list: nothing to import. A plan needs items like "- [ ] task" or "- [x] done".`,
      );
    }
    return { ok: true, plan };
  } catch (error) {
    // Not expected (the parser accepts any text), but a preview must never crash the import.
    const detail = error instanceof Error ? error.message : String(error);
    return failure('ParseFailed', `${label} could not be read as markdown: ${detail}`);
  }
}

function failure(type: PlanErrorType, message: string): PlanResult {
  return { ok: false, error: { type, message } };
}

/** Counts UTF-8 bytes only when the length alone can't decide. */
function utf8ByteLengthExceeds(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 for each half.
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3;
    if (bytes > limit) return true;
  }
  return false;
}

function normalizeText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}

// ---------------------------------------------------------------------------------------
// The plan being built, in document order.

interface SectionHead {
  depth: number;
  group: PlanGroup;
}

interface Builder {
  name: string | null;
  groups: PlanGroup[];
  tasks: PlanTask[];
  /** The open headings, outermost first. */
  sections: SectionHead[];
  current: PlanGroup | null;
  ungrouped: PlanGroup | null;
  /** Whether the current section may still set its group's status. */
  statusOpen: boolean;
  /** Next position by sibling scope, e.g. `groups in session`, `tasks in g3`, `tasks in t7`. */
  nextPosition: Map<string, number>;
  /** 1-based inclusive line ranges that hold task titles (left out of the notes). */
  taskLines: Array<[number, number]>;
}

function buildPlan(source: string, fileName: string | undefined): Plan {
  const lines = source.split('\n');
  const s: Scan = {
    b: {
      name: null,
      groups: [],
      tasks: [],
      sections: [],
      current: null,
      ungrouped: null,
      statusOpen: false,
      nextPosition: new Map(),
      taskLines: [],
    },
    containers: [],
    leaf: null,
  };
  for (let i = frontMatterEnd(lines); i < lines.length; i++) scanLine(s, lines[i] ?? '', i + 1);
  closeTo(s, 0);
  closeLeaf(s);
  const { b } = s;
  const done = b.tasks.reduce((n, task) => n + (task.done ? 1 : 0), 0);
  const maxDepth = b.tasks.reduce((n, task) => Math.max(n, task.level + 1), 0);
  return {
    name: b.name ?? nameFromFileName(fileName),
    groups: b.groups,
    tasks: b.tasks,
    notes: notesOf(lines, b.taskLines),
    counts: { groups: b.groups.length, tasks: b.tasks.length, done, maxDepth },
  };
}

/** YAML front matter would otherwise read as a thematic break and a setext heading. */
function frontMatterEnd(lines: readonly string[]): number {
  if (!/^---[ \t]*$/.test(lines[0] ?? '') || !/^[\w-]+[ \t]*:/.test(lines[1] ?? '')) return 0;
  for (let i = 2; i < lines.length; i++) {
    if (/^(?:---|\.\.\.)[ \t]*$/.test(lines[i] ?? '')) return i + 1;
  }
  return 0;
}

function nameFromFileName(fileName: string | undefined): string {
  const base = (fileName ?? '').split(/[\\/]/).pop() ?? '';
  const name = base.replace(/\.(?:md|markdown|mdown|mkd|txt)$/i, '').trim();
  return name === '' ? 'Imported plan' : name;
}

function takePosition(b: Builder, scope: string): number {
  const position = b.nextPosition.get(scope) ?? 0;
  b.nextPosition.set(scope, position + 1);
  return position;
}

function addGroup(b: Builder, name: string, parent: PlanGroup | null): PlanGroup {
  const group: PlanGroup = {
    key: `g${b.groups.length + 1}`,
    name,
    level: parent ? parent.level + 1 : 0,
    parentKey: parent ? parent.key : null,
    position: takePosition(b, `groups in ${parent ? parent.key : 'session'}`),
  };
  b.groups.push(group);
  return group;
}

/** A top-level heading: the title, or a group nested under the open shallower headings. */
function enterHeading(b: Builder, depth: number, name: string): void {
  // A lone `#` is a separator in some plans: it neither opens nor closes a section.
  if (name === '') return;
  if (b.name === null && depth === 1) {
    // The title: later headings nest from the top again, as if it weren't there.
    b.name = name;
    b.sections = [];
    b.current = null;
    b.statusOpen = false;
    return;
  }
  while ((b.sections[b.sections.length - 1]?.depth ?? 0) >= depth) b.sections.pop();
  const group = addGroup(b, name, b.sections[b.sections.length - 1]?.group ?? null);
  b.sections.push({ depth, group });
  b.current = group;
  b.statusOpen = true;
}

const statusLine = /^[ \t]*(\*\*|__|\*|_)?status\1?[ \t]*:[ \t]*(?:\1(?![*_]))?(.*)$/i;

/** Sets the current group's status from the first `Status:` line of its own section. */
function readStatus(b: Builder, lines: readonly string[]): void {
  if (!b.statusOpen || b.current === null) return;
  for (const line of lines) {
    const value = statusLine.exec(line)?.[2];
    const status = value === undefined ? '' : cleanStatus(value);
    if (status === '') continue;
    b.current.status = status;
    b.statusOpen = false;
    return;
  }
}

function cleanStatus(value: string): string {
  // `**Status**: PENDING | **Priority**: HIGH` holds several fields; keep the first.
  const first = (value.split(' | ')[0] ?? '').replace(/\\$/, '').trim();
  const bold = /^(\*\*|__|\*|_)(.+)\1$/.exec(first);
  return (bold?.[2] ?? first).trim();
}

function addTask(
  b: Builder,
  title: string,
  done: boolean,
  parent: PlanTask | null,
  line: number,
): PlanTask {
  const groupKey = parent ? parent.groupKey : groupForTopLevelTask(b).key;
  const task: PlanTask = {
    key: `t${b.tasks.length + 1}`,
    title,
    done,
    groupKey,
    parentKey: parent ? parent.key : null,
    level: parent ? parent.level + 1 : 0,
    position: takePosition(b, `tasks in ${parent ? parent.key : groupKey}`),
    line,
  };
  const externalId = externalIdPattern.exec(title)?.[1];
  if (externalId !== undefined) task.externalId = externalId;
  const effort = effortHoursOf(title);
  if (effort !== undefined) task.estimatedEffortHours = effort;
  b.tasks.push(task);
  return task;
}

function groupForTopLevelTask(b: Builder): PlanGroup {
  if (b.current) return b.current;
  b.ungrouped ??= addGroup(b, ungroupedName, null);
  return b.ungrouped;
}

/** A backticked id like `task_65480` or `T-12`; code names like `generic_tasks` are not ids. */
const externalIdPattern = /`(task_[a-z0-9]*[0-9][a-z0-9]*|[A-Z][A-Z0-9]{0,9}-[0-9]+)`/i;

const effortPattern = /\((\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?)\)/i;

function effortHoursOf(title: string): number | undefined {
  const match = effortPattern.exec(title);
  if (!match?.[1] || !match[2]) return undefined;
  const amount = Number(match[1]);
  const hours = match[2].toLowerCase().startsWith('h') ? amount : amount / 60;
  return Number.isFinite(hours) ? hours : undefined;
}

/** Every line outside the task-title ranges; runs between tasks joined by one blank line. */
function notesOf(
  lines: readonly string[],
  taskLines: ReadonlyArray<readonly [number, number]>,
): string {
  const runs: string[] = [];
  let from = 0; // 0-based index of the first line not yet placed
  const flush = (to: number): void => {
    let start = from;
    let end = to;
    while (start < end && (lines[start] ?? '').trim() === '') start++;
    while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
    if (end > start) runs.push(lines.slice(start, end).join('\n'));
  };
  for (const [first, last] of taskLines) {
    if (first - 1 >= from) flush(first - 1);
    from = Math.max(from, last);
  }
  flush(lines.length);
  return runs.join('\n\n');
}

// ---------------------------------------------------------------------------------------
// The block scanner (CommonMark's container / leaf model, reduced to what a plan needs).

interface Quote {
  kind: 'quote';
}

interface Item {
  kind: 'item';
  /** Columns a continuation line needs, relative to the enclosing container's content. */
  indent: number;
  /** An item may start with one blank line, but not two. */
  blankStart: boolean;
  hasContent: boolean;
  line: number;
  task: PlanTask | null;
}

type Container = Quote | Item;

interface TaskCheck {
  item: Item;
  done: boolean;
}

interface ParagraphLeaf {
  kind: 'paragraph';
  /** Trimmed text of each line (for a task, the first starts after the checkbox). */
  lines: string[];
  last: number;
  table: boolean;
  task: TaskCheck | null;
}

type Leaf =
  | ParagraphLeaf
  | { kind: 'fence'; marker: string; length: number }
  | { kind: 'code' }
  | { kind: 'html'; end: RegExp | null };

interface Scan {
  b: Builder;
  containers: Container[];
  leaf: Leaf | null;
}

/** One line being read: `line` has tabs expanded; `pos` is a column in it. */
interface Cursor {
  raw: string;
  line: string;
  lineNo: number;
  pos: number;
  matched: number;
  opened: boolean;
  task: TaskCheck | null;
}

function scanLine(s: Scan, raw: string, lineNo: number): void {
  const line = raw.includes('\t') ? expandTabs(raw) : raw;
  const c: Cursor = { raw, line, lineNo, pos: 0, matched: 0, opened: false, task: null };
  matchContainers(s, c);
  const leaf = s.leaf;
  if (leaf && leaf.kind !== 'paragraph') {
    // Code and HTML are never lazy: a line that leaves their container ends them.
    if (c.matched === s.containers.length && continueRawLeaf(s, leaf, c)) return;
    s.leaf = null;
  }
  openContainers(s, c);
  readLeaf(s, c);
}

function matchContainers(s: Scan, c: Cursor): void {
  for (const container of s.containers) {
    if (container.kind === 'quote') {
      const p = c.pos + countSpaces(c.line, c.pos, 3);
      if (c.line[p] !== '>') return;
      c.pos = p + (c.line[p + 1] === ' ' ? 2 : 1);
    } else if (isBlankFrom(c.line, c.pos)) {
      if (container.blankStart && !container.hasContent) return;
    } else {
      if (countSpaces(c.line, c.pos, container.indent) < container.indent) return;
      c.pos += container.indent;
    }
    c.matched++;
  }
}

/** Whether a fenced code, indented code or HTML block takes this line. */
function continueRawLeaf(s: Scan, leaf: Leaf, c: Cursor): boolean {
  const rest = c.line.slice(c.pos);
  if (leaf.kind === 'fence') {
    const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(rest)?.[1];
    if (close?.[0] === leaf.marker && close.length >= leaf.length) s.leaf = null;
    return true;
  }
  if (leaf.kind === 'code') return isBlankFrom(rest, 0) || countSpaces(rest, 0, 4) >= 4;
  if (leaf.kind === 'html' && (leaf.end === null ? isBlankFrom(rest, 0) : leaf.end.test(rest))) {
    s.leaf = null;
  }
  return true;
}

/** Opens the block quotes and list items that start on this line. */
function openContainers(s: Scan, c: Cursor): void {
  for (;;) {
    const para = s.leaf?.kind === 'paragraph' ? s.leaf : null;
    // Only a paragraph still open at this depth can be interrupted, and only by some blocks.
    const interrupting = para !== null && c.matched === s.containers.length;
    const spaces = countSpaces(c.line, c.pos, 4);
    if (spaces >= 4) return;
    const p = c.pos + spaces;
    if (c.line[p] === '>') {
      pushContainer(s, c, { kind: 'quote' });
      c.pos = p + (c.line[p + 1] === ' ' ? 2 : 1);
      continue;
    }
    const rest = c.line.slice(p);
    if (interrupting && !para.table && setextPattern.test(rest)) return;
    if (thematicBreakPattern.test(rest)) return;
    const marker = listMarkerOf(rest);
    if (!marker || (interrupting && (marker.empty || marker.start !== 1))) return;
    const item: Item = {
      kind: 'item',
      indent: spaces + marker.width + marker.padding,
      blankStart: marker.empty,
      hasContent: false,
      line: c.lineNo,
      task: null,
    };
    pushContainer(s, c, item);
    c.pos = p + marker.width + marker.padding;
    const check = /^\[([ xX])\](?= |$)/.exec(c.line.slice(c.pos));
    if (check) {
      c.task = { item, done: check[1] !== ' ' };
      c.pos += 3;
      return;
    }
  }
}

function pushContainer(s: Scan, c: Cursor, container: Container): void {
  closeTo(s, c.matched);
  closeLeaf(s);
  s.containers.push(container);
  c.matched++;
  c.opened = true;
}

interface ListMarker {
  width: number;
  padding: number;
  start: number;
  empty: boolean;
}

function listMarkerOf(rest: string): ListMarker | null {
  const match = /^(?:[-*+]|(\d{1,9})[.)])(?= |$)/.exec(rest);
  if (!match) return null;
  const width = match[0].length;
  const empty = isBlankFrom(rest, width);
  const spaces = countSpaces(rest, width, 5);
  // Five or more spaces after the marker: the content is indented code one column in.
  const padding = empty || spaces >= 5 ? 1 : spaces;
  return { width, padding, start: match[1] === undefined ? 1 : Number(match[1]), empty };
}

const setextPattern = /^(?:=+|-+)[ ]*$/;
const thematicBreakPattern = /^(?:(?:-[ ]*){3,}|(?:\*[ ]*){3,}|(?:_[ ]*){3,})$/;
const atxPattern = /^#{1,6}(?= |$)/;
const fencePattern = /^(`{3,}(?=[^`]*$)|~{3,})/;

/** Reads what is left of the line after its containers: a leaf block starts or goes on. */
function readLeaf(s: Scan, c: Cursor): void {
  if (c.task) {
    openParagraph(s, c, c.task);
    return;
  }
  const rest = c.line.slice(c.pos);
  if (isBlankFrom(rest, 0)) {
    closeLeaf(s);
    closeTo(s, c.matched);
    return;
  }
  const para = s.leaf?.kind === 'paragraph' ? s.leaf : null;
  const allMatched = c.matched === s.containers.length;
  if (para && !allMatched && !c.opened && !startsBlock(rest, true)) {
    appendLine(para, c); // a lazy continuation line keeps every container open
    return;
  }
  closeTo(s, c.matched);
  const last = s.containers[s.containers.length - 1];
  if (last?.kind === 'item') last.hasContent = true;
  const open = s.leaf?.kind === 'paragraph' ? s.leaf : null;
  const spaces = countSpaces(rest, 0, 4);
  if (spaces >= 4) {
    if (open) appendLine(open, c);
    else s.leaf = { kind: 'code' };
    return;
  }
  const body = rest.slice(spaces);
  if (open && !open.task && !open.table && isTableDelimiter(open, body)) {
    open.table = true;
    appendLine(open, c);
  } else if (open && !open.table && setextPattern.test(body)) {
    s.leaf = null;
    const depth = body.startsWith('=') ? 1 : 2;
    if (s.containers.length === 0) enterHeading(s.b, depth, open.lines.filter(Boolean).join(' '));
  } else if (startsBlock(body, open === null)) {
    closeLeaf(s);
    startBlock(s, c, body);
  } else if (open) {
    appendLine(open, c);
  } else {
    openParagraph(s, c, null);
  }
}

/** Whether `body` starts a block other than a paragraph; HTML type 7 can't interrupt one. */
function startsBlock(body: string, canBeHtml7: boolean): boolean {
  const trimmed = body.slice(countSpaces(body, 0, 3));
  return (
    atxPattern.test(trimmed) ||
    fencePattern.test(trimmed) ||
    thematicBreakPattern.test(trimmed) ||
    htmlEndOf(trimmed, canBeHtml7) !== undefined
  );
}

function startBlock(s: Scan, c: Cursor, body: string): void {
  const hashes = atxPattern.exec(body)?.[0];
  if (hashes !== undefined) {
    const text = originalFrom(c).trim().slice(hashes.length);
    const name = text.replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
    if (s.containers.length === 0) enterHeading(s.b, hashes.length, name);
    return;
  }
  const fence = fencePattern.exec(body)?.[1];
  if (fence !== undefined) {
    s.leaf = { kind: 'fence', marker: fence[0] ?? '`', length: fence.length };
    return;
  }
  const end = htmlEndOf(body, true);
  // Types 1–5 may close on the line that opens them.
  if (end !== undefined && !(end !== null && end.test(body.slice(2))))
    s.leaf = { kind: 'html', end };
}

const htmlBlockTags =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
const htmlStarts: ReadonlyArray<readonly [RegExp, RegExp | null]> = [
  [/^<(?:script|pre|style|textarea)(?:[ \t>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^<!--/, /-->/],
  [/^<\?/, /\?>/],
  [/^<![A-Za-z]/, />/],
  [/^<!\[CDATA\[/, /\]\]>/],
  [new RegExp(`^</?(?:${htmlBlockTags})(?:[ \\t>]|/>|$)`, 'i'), null],
];
const html7Pattern =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][\w.:-]*(?:[ \t]*=[ \t]*(?:[^ \t"'=<>`]+|'[^']*'|"[^"]*"))?)*[ \t]*\/?>|<\/[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$/;

/** How an HTML block starting with `body` ends (`null`: at a blank line), or undefined. */
function htmlEndOf(body: string, canBeHtml7: boolean): RegExp | null | undefined {
  if (body[0] !== '<') return undefined;
  for (const [start, end] of htmlStarts) if (start.test(body)) return end;
  return canBeHtml7 && html7Pattern.test(body) ? null : undefined;
}

/** GFM: a delimiter row under a one-line paragraph with as many cells makes a table. */
function isTableDelimiter(para: ParagraphLeaf, body: string): boolean {
  const header = para.lines[0] ?? '';
  if (para.lines.length !== 1 || !/^\|?[ ]*:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*\|?[ ]*$/.test(body)) {
    return false;
  }
  if (!body.includes('|') && !header.includes('|')) return false;
  const cells = (row: string) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').length;
  return cells(body) === cells(header);
}

function openParagraph(s: Scan, c: Cursor, task: TaskCheck | null): void {
  closeLeaf(s);
  s.leaf = {
    kind: 'paragraph',
    lines: [originalFrom(c).trim()],
    last: c.lineNo,
    table: false,
    task,
  };
  const last = s.containers[s.containers.length - 1];
  if (last?.kind === 'item') last.hasContent = true;
}

function appendLine(para: ParagraphLeaf, c: Cursor): void {
  para.lines.push(originalFrom(c).trim());
  para.last = c.lineNo;
}

/** Ends the open leaf; a finished task paragraph becomes a task. */
function closeLeaf(s: Scan): void {
  const leaf = s.leaf;
  s.leaf = null;
  if (leaf?.kind !== 'paragraph') return;
  if (leaf.task === null) {
    if (s.containers.length === 0 && !leaf.table) readStatus(s.b, leaf.lines);
    return;
  }
  const title = leaf.lines.filter((line) => line !== '').join(' ');
  if (title === '') return; // GFM: a checkbox with nothing after it is not a task
  const { item, done } = leaf.task;
  let parent: PlanTask | null = null;
  for (let i = s.containers.lastIndexOf(item) - 1; i >= 0 && parent === null; i--) {
    const container = s.containers[i];
    if (container?.kind === 'item') parent = container.task;
  }
  item.task = addTask(s.b, title, done, parent, item.line);
  s.b.taskLines.push([item.line, leaf.last]);
}

/** Closes containers deeper than `depth`, and the leaf inside them first. */
function closeTo(s: Scan, depth: number): void {
  if (s.containers.length <= depth) return;
  closeLeaf(s);
  s.containers.length = depth;
}

function countSpaces(line: string, from: number, max: number): number {
  let n = 0;
  while (n < max && line.charCodeAt(from + n) === 32) n++;
  return n;
}

function isBlankFrom(line: string, from: number): boolean {
  for (let i = from; i < line.length; i++) if (line[i] !== ' ') return false;
  return true;
}

/** Tabs become spaces to the next multiple of 4, as CommonMark counts columns. */
function expandTabs(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] ?? '';
    out += ch === '\t' ? ' '.repeat(4 - (out.length % 4)) : ch;
  }
  return out;
}

/** The original (unexpanded) text from the cursor's column on. */
function originalFrom(c: Cursor): string {
  if (c.raw === c.line) return c.raw.slice(c.pos);
  let column = 0;
  let i = 0;
  while (i < c.raw.length && column < c.pos) {
    column = c.raw[i] === '\t' ? column + 4 - (column % 4) : column + 1;
    i++;
  }
  return c.raw.slice(i);
}
