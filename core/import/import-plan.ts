/**
 * Plan import: turns any markdown file with task lists into a preview of a new session
 * (groups, tasks, prose). Pure: no browser API, no database, no file I/O; it
 * never throws — every failure is a returned `PlanError`.
 *
 * Mapping (PRODUCT.md, "Import a plan someone already has"):
 * - The first non-empty H1 names the session and is not a group; anything directly under
 *   it, or before any heading, goes to the "Ungrouped" group. Without an H1 the name is
 *   the file name without its extension.
 * - Every other non-empty top-level heading is a group, nested as heading levels nest.
 *   Empty headings (a lone `#`, used as a separator in some plans) make no group and
 *   don't close the open one. Headings inside blockquotes or lists make no group.
 * - A task-list item (`-`, `*`, `+` or `1.`/`1)` bullets; `[ ]`, `[x]`, `[X]`, and the
 *   states other tools write, `[-]`, `[/]`, `[~]`, `[?]` …, never done; Kiro's `[ ]*`) is a
 *   task, also inside blockquotes. A nested task item is a subtask of the
 *   nearest task item around it, at any depth; a plain item in between is skipped.
 *   A `[ ]` in a table cell is not a list item, so it stays prose.
 * - The task's text is the item's first paragraph as written (line breaks joined by a
 *   space); markdown-conventions.ts then reads the format and the conventions into fields
 *   (session.md's trailing tags leave the title; references, efforts and the like stay).
 * - The first `Status:` line (plain or bold) in a paragraph of a group's own section →
 *   the group's `status`, cut at a ` | ` that starts another field.
 * - Prose stays where it stood, verbatim: each line belongs to the innermost task item
 *   around it (its description, less the common indentation), else to the open section
 *   (its group's description), else to the overview; YAML front matter to the notes.
 *   Runs of one owner separated by others' lines are joined with one blank line. Line
 *   endings are normalised to `\n` and a BOM is dropped before anything else.
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

import type { TaskStatus } from '../model';
import { PlanDraft } from './plan-draft';
import { readMarkdownConventions } from './markdown-conventions';
import { maxPlanBytes } from './plan-model';
import type { Plan, PlanErrorType, PlanGroup, PlanResult, PlanTask } from './plan-model';

export { maxPlanBytes, ungroupedName } from './plan-model';
export type {
  Plan,
  PlanConvention,
  PlanError,
  PlanErrorType,
  PlanFormat,
  PlanGroup,
  PlanResult,
  PlanTask,
} from './plan-model';

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

/**
 * Who a source line belongs to: a task (`t…`, its description), a group (`g…`, its
 * section prose), the overview, the notes, or nobody (`skip`: a task title or a heading,
 * which became a title or a name).
 */
type LineOwner = string;

interface Builder {
  name: string | null;
  draft: PlanDraft;
  /** The open headings, outermost first. */
  sections: SectionHead[];
  current: PlanGroup | null;
  /** Whether the current section may still set its group's status. */
  statusOpen: boolean;
  /** 1-based inclusive line ranges that hold task titles (they are the titles). */
  taskLines: Array<[number, number]>;
  /** The owner of each line (0-based), set when the line has been read. */
  owners: LineOwner[];
}

function buildPlan(source: string, fileName: string | undefined): Plan {
  const lines = source.split('\n');
  const s: Scan = {
    b: {
      name: null,
      draft: new PlanDraft(),
      sections: [],
      current: null,
      statusOpen: false,
      taskLines: [],
      owners: new Array<LineOwner>(lines.length),
    },
    containers: [],
    leaf: null,
  };
  const { b } = s;
  const body = frontMatterEnd(lines);
  for (let i = 0; i < body; i++) b.owners[i] = 'notes';
  for (let i = body; i < lines.length; i++) {
    scanLine(s, lines[i] ?? '', i + 1);
    b.owners[i] ??= ownerOfLine(s);
  }
  closeTo(s, 0);
  closeLeaf(s);
  for (const [first, last] of b.taskLines) b.owners.fill('skip', first - 1, last);
  const prose = proseByOwner(lines, b.owners);
  for (const group of b.draft.groups) {
    const text = prose.get(group.key);
    if (text !== undefined) group.description = text;
  }
  for (const task of b.draft.tasks) {
    const text = prose.get(task.key);
    if (text !== undefined) task.description = dedent(text);
  }
  const format = readMarkdownConventions(b.draft, source, fileName);
  return b.draft.finish(
    format,
    b.name ?? nameFromFileName(fileName),
    prose.get('overview') ?? '',
    prose.get('notes') ?? '',
  );
}

/** The innermost task around the scanner's position, else the open section. */
function ownerOfLine(s: Scan): LineOwner {
  const last = s.containers[s.containers.length - 1];
  const task = last ? ((last.kind === 'item' ? last.task : null) ?? last.owner) : null;
  if (task) return task.key;
  return s.b.current ? s.b.current.key : 'overview';
}

/**
 * Each owner's lines, verbatim and in order; runs interrupted by other owners' lines are
 * joined by one blank line, and blank lines at the ends of a run are dropped.
 */
function proseByOwner(lines: readonly string[], owners: readonly LineOwner[]): Map<string, string> {
  const runs = new Map<string, { text: string[]; run: string[]; lastLine: number }>();
  const flush = (entry: { text: string[]; run: string[] }): void => {
    let start = 0;
    let end = entry.run.length;
    while (start < end && (entry.run[start] ?? '').trim() === '') start++;
    while (end > start && (entry.run[end - 1] ?? '').trim() === '') end--;
    if (end > start) entry.text.push(entry.run.slice(start, end).join('\n'));
    entry.run = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const owner = owners[i] ?? 'skip';
    if (owner === 'skip') continue;
    let entry = runs.get(owner);
    if (!entry) {
      entry = { text: [], run: [], lastLine: i };
      runs.set(owner, entry);
    } else if (entry.lastLine !== i - 1) {
      flush(entry);
    }
    entry.run.push(lines[i] ?? '');
    entry.lastLine = i;
  }
  const prose = new Map<string, string>();
  for (const [owner, entry] of runs) {
    flush(entry);
    if (entry.text.length > 0) prose.set(owner, entry.text.join('\n\n'));
  }
  return prose;
}

/** Removes the indentation every non-blank line shares (a task's detail lines). */
function dedent(text: string): string {
  const lines = text.split('\n');
  let common = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    common = Math.min(common, line.length - line.trimStart().length);
  }
  if (common === 0 || common === Infinity) return text;
  return lines
    .map((line) => line.slice(Math.min(common, line.length - line.trimStart().length)))
    .join('\n');
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

/** A top-level heading: the title, or a group nested under the open shallower headings. */
function enterHeading(b: Builder, depth: number, name: string, lines: readonly number[]): void {
  // A lone `#` is a separator in some plans: it neither opens nor closes a section.
  if (name === '') return;
  for (const line of lines) b.owners[line - 1] = 'skip';
  if (b.name === null && depth === 1) {
    // The title: later headings nest from the top again, as if it weren't there.
    b.name = name;
    b.sections = [];
    b.current = null;
    b.statusOpen = false;
    return;
  }
  while ((b.sections[b.sections.length - 1]?.depth ?? 0) >= depth) b.sections.pop();
  const group = b.draft.addGroup(name, b.sections[b.sections.length - 1]?.group ?? null);
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

/** What a checkbox means before the format's own conventions are read. */
function statusOfCheckbox(state: string): TaskStatus {
  if (state === 'x' || state === 'X') return 'completed';
  // Any other state (`[-]`, `[/]`, `[~]`, `[?]` …) is never done; the format decides later.
  return state === ' ' ? 'pending' : 'in_progress';
}

function addTask(
  b: Builder,
  title: string,
  check: TaskCheck,
  parent: PlanTask | null,
  line: number,
): PlanTask {
  const group = parent ? null : (b.current ?? b.draft.ungroupedGroup());
  const task = b.draft.addTask(title, statusOfCheckbox(check.state), group, parent, line);
  const standard = check.state === ' ' || check.state === 'x' || check.state === 'X';
  if (!standard || check.optional) task.checkbox = `[${check.state}]${check.optional ? '*' : ''}`;
  return task;
}

// ---------------------------------------------------------------------------------------
// The block scanner (CommonMark's container / leaf model, reduced to what a plan needs).

interface Quote {
  kind: 'quote';
  /** The nearest task item around this container. */
  owner: PlanTask | null;
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
  /** The nearest task item around this one: the parent of its task. */
  owner: PlanTask | null;
}

type Container = Quote | Item;

interface TaskCheck {
  item: Item;
  /** The character between the brackets: ` `, `x`, `-`, `/` … */
  state: string;
  /** Kiro's `[ ]*`: an optional task. */
  optional: boolean;
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
      pushContainer(s, c, { kind: 'quote', owner: null });
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
      owner: null,
    };
    pushContainer(s, c, item);
    c.pos = p + marker.width + marker.padding;
    const check = checkboxPattern.exec(c.line.slice(c.pos));
    if (check) {
      const optional = check[2] === '*';
      c.task = { item, state: check[1] ?? ' ', optional };
      c.pos += optional ? 4 : 3;
      return;
    }
  }
}

/**
 * GFM's `[ ]`, `[x]`, `[X]`, and the states other tools write (`[-]`, `[/]`, `[~]`, `[?]`,
 * `[!]`, `[>]`, `[<]`); Kiro marks an optional task `[ ]*`.
 */
const checkboxPattern = /^\[([ xX\-/~?!><])\](\*)?(?= |$)/;

function pushContainer(s: Scan, c: Cursor, container: Container): void {
  closeTo(s, c.matched);
  closeLeaf(s);
  const around = s.containers[s.containers.length - 1];
  container.owner = around ? ((around.kind === 'item' ? around.task : null) ?? around.owner) : null;
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
    if (s.containers.length === 0) {
      const lines: number[] = [];
      for (let n = open.last - open.lines.length + 1; n <= c.lineNo; n++) lines.push(n);
      enterHeading(s.b, depth, open.lines.filter(Boolean).join(' '), lines);
    }
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
    if (s.containers.length === 0) enterHeading(s.b, hashes.length, name, [c.lineNo]);
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
  const { item } = leaf.task;
  item.task = addTask(s.b, title, leaf.task, item.owner, item.line);
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
