/**
 * Session doc → session.md text. Deterministic (same doc, same bytes) and line-local: a
 * task's fields live on its own line (plus its description lines), so changing one task
 * changes only those lines and, for status or effort, the header's progress figures.
 * The layout is described in docs/session-markdown.md.
 */
import { buildDocTree } from './doc-tree';
import type { DocTree } from './doc-tree';
import {
  displayHours,
  escapeTextLine,
  idComment,
  metaLine,
  oneLine,
  priorityText,
  quoteLine,
  readBullet,
  readQuote,
  readTaskItem,
  sectionTitles,
  titleSeparator,
  readFence,
} from './markdown-syntax';
import { codeSpan, hoursText, titleNeedsSeparator } from './markdown-tags';
import type { TagContext } from './markdown-tags';
import { computeSessionMetrics, isTempId, normalizeText } from './session-doc';
import type { Anchor, GroupDoc, SessionDoc, TaskDoc } from './session-doc';

/** How the text is encoded; the parser reports the same shape, so a re-render keeps it. */
export interface TextFormat {
  lineEnding: '\n' | '\r\n';
  bom: boolean;
}

export type RenderOptions = Partial<TextFormat>;

/** Deepest heading level; groups nested deeper name their parent in a `parent:` tag. */
const maxHeadingLevel = 6;
const topGroupLevel = 3;

/**
 * Renders a session doc as session.md. Ends with one line break; LF and no BOM unless the
 * options say otherwise. Temporary ids are not written (the next parse makes new ones).
 * Extras whose anchor no longer exists are written at the end of the Tasks section.
 */
export const renderSessionMarkdown = (doc: SessionDoc, options: RenderOptions = {}): string => {
  const out = new LineWriter(options.lineEnding ?? '\n');
  const extras = new ExtrasByAnchor(doc);
  const tree = buildDocTree(doc);

  extras.writeBlock(out, 'section:preamble');
  out.blank();
  out.push(`# ${oneLine(doc.session.name)}`.trimEnd());
  out.blank();
  writeMeta(out, doc);
  extras.writeBlock(out, 'section:header');

  writeTextSection(out, sectionTitles.overview, doc.session.description);

  out.heading(`## ${sectionTitles.tasks}`);
  extras.writeBlock(out, 'section:tasks');
  out.blank();
  writeTasks(out, doc, tree, extras, tree.topTasks.get('') ?? []);
  writeGroups(out, doc, tree, extras);
  extras.writeOrphans(out, 'section:changelog');

  writeTextSection(out, sectionTitles.notes, doc.notes);

  out.heading(`## ${sectionTitles.changelog}`);
  for (const entry of doc.changeLog) out.push(changeLogLine(entry));
  extras.writeBlock(out, 'section:changelog');

  return (options.bom === true ? '\uFEFF' : '') + out.text();
};

/** A change log bullet; an entry that would read as a task item is guarded. */
const changeLogLine = (entry: string): string => {
  const text = oneLine(entry).trim();
  const line = `- ${text}`.trimEnd();
  const guard = readTaskItem(line) != null || text.startsWith(titleSeparator);
  return guard ? `- ${titleSeparator} ${text}`.trimEnd() : line;
};

const writeMeta = (out: LineWriter, doc: SessionDoc): void => {
  const { session } = doc;
  const metrics = computeSessionMetrics(doc);
  out.push(metaLine('id', oneLine(session.session_id)));
  out.push(metaLine('status', session.status));
  out.push(metaLine('priority', priorityText(session.priority_level)));
  if (session.mode_file != null && session.mode_file.trim() !== '') {
    out.push(metaLine('mode', oneLine(session.mode_file)));
  }
  out.push(
    metaLine(
      'progress',
      `${metrics.completedTasks}/${metrics.totalTasks} tasks completed (${metrics.progressPercentage}%)`,
    ),
  );
  out.push(
    metaLine(
      'effort',
      `${displayHours(metrics.estimatedHours)} estimated · ${displayHours(metrics.actualHours)} actual`,
    ),
  );
};

const writeTextSection = (out: LineWriter, title: string, text: string | null): void => {
  out.heading(`## ${title}`);
  const body = normalizeText(text);
  if (body != null) out.push(...closeOpenFence(body.split('\n').map(escapeTextLine)));
};

/** Title, separator when needed, tags and id comment, space-separated. */
const itemText = (title: string, tags: string[], id: string, context: TagContext): string => {
  const parts: string[] = [];
  const line = oneLine(title);
  if (line !== '') parts.push(line);
  if (titleNeedsSeparator(line, context)) parts.push(titleSeparator);
  parts.push(...tags);
  if (!isTempId(id)) parts.push(idComment(id));
  return parts.join(' ');
};

/** The tags of a task, in a fixed order; default values are left out. */
const taskTags = (task: TaskDoc): string[] => {
  const tags: string[] = [];
  if (task.status !== 'pending' && task.status !== 'completed') {
    tags.push(codeSpan(task.status.replace(/_/g, ' ')));
  }
  if (task.specialist_type != null) tags.push(codeSpan(`@${task.specialist_type}`));
  if (task.complexity_level !== 'moderate') {
    tags.push(codeSpan(`complexity:${task.complexity_level}`));
  }
  if (task.estimated_effort != null) tags.push(codeSpan(`est:${hoursText(task.estimated_effort)}`));
  if (task.actual_effort != null) tags.push(codeSpan(`actual:${hoursText(task.actual_effort)}`));
  if (task.scheduled_date != null) tags.push(codeSpan(`scheduled:${task.scheduled_date}`));
  if (task.due_date != null) tags.push(codeSpan(`due:${task.due_date}`));
  if (task.depends_on.length > 0) tags.push(codeSpan(`depends:${task.depends_on.join(',')}`));
  if (task.related_tasks.length > 0) {
    tags.push(codeSpan(`related:${task.related_tasks.join(',')}`));
  }
  return tags;
};

/** Writes task subtrees depth-first with an explicit stack (chains may be very deep). */
const writeTasks = (
  out: LineWriter,
  doc: SessionDoc,
  tree: DocTree,
  extras: ExtrasByAnchor,
  topLevel: readonly number[],
): void => {
  const stack: Array<{ index: number; depth: number }> = [];
  for (let i = topLevel.length - 1; i >= 0; i--) stack.push({ index: topLevel[i]!, depth: 0 });
  while (stack.length > 0) {
    const { index, depth } = stack.pop()!;
    const task = doc.tasks[index]!;
    const indent = '  '.repeat(depth);
    const box = task.status === 'completed' ? '[x]' : '[ ]';
    const text = itemText(task.title, taskTags(task), task.task_id, 'task');
    out.push(`${indent}- ${box}${text === '' ? '' : ` ${text}`}`);
    const description = normalizeText(task.description);
    if (description != null) {
      for (const line of description.split('\n')) out.push(`${indent}  ${quoteLine(line)}`);
    }
    if (extras.any) extras.writeAfterItem(out, `task:${task.task_id}`);
    const children = tree.subtasks[index] ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ index: children[i]!, depth: depth + 1 });
    }
  }
  out.blank();
};

const writeGroups = (
  out: LineWriter,
  doc: SessionDoc,
  tree: DocTree,
  extras: ExtrasByAnchor,
): void => {
  const stack: Array<{ group: GroupDoc; depth: number }> = [];
  const top = tree.groupsByParent.get(null) ?? [];
  for (let i = top.length - 1; i >= 0; i--) stack.push({ group: top[i]!, depth: 0 });
  while (stack.length > 0) {
    const { group, depth } = stack.pop()!;
    const level = topGroupLevel + depth;
    const tags: string[] = [];
    if (group.specialist_focus != null) tags.push(codeSpan(`@${group.specialist_focus}`));
    // Headings stop at level 6: deeper groups, and groups whose parent is missing, say
    // who their parent is instead of relying on heading levels.
    if (
      group.parent_group_id != null &&
      (level > maxHeadingLevel || tree.detachedGroups.has(group.group_id))
    ) {
      tags.push(codeSpan(`parent:${group.parent_group_id}`));
    }
    const hashes = '#'.repeat(Math.min(level, maxHeadingLevel));
    const text = itemText(group.group_name, tags, group.group_id, 'group');
    out.heading(`${hashes}${text === '' ? '' : ` ${text}`}`);
    const description = normalizeText(group.description);
    if (description != null) {
      out.push(...description.split('\n').map(quoteLine));
      out.blank();
    }
    extras.writeBlock(out, `group:${group.group_id}`);
    out.blank();
    writeTasks(out, doc, tree, extras, tree.topTasks.get(group.group_id) ?? []);
    const children = tree.groupsByParent.get(group.group_id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ group: children[i]!, depth: depth + 1 });
    }
  }
};

/**
 * Collects output lines and keeps blank lines single. Lines are joined into chunks of a few
 * thousand as they come: a 100k-task file would otherwise keep 110,000 small strings alive to
 * the end, and the garbage collector would copy them again and again (render time then grows
 * faster than the file).
 */
class LineWriter {
  private readonly chunks: string[] = [];
  private lines: string[] = [];
  /** Blank lines not written yet: dropped if nothing follows them. */
  private blanks = 0;
  private written = false;
  private readonly eol: string;

  constructor(eol: string) {
    this.eol = eol;
  }

  push(...lines: string[]): void {
    for (const line of lines) {
      if (line === '') {
        this.blanks++;
        continue;
      }
      for (; this.blanks > 0; this.blanks--) this.add('');
      this.add(line);
    }
  }

  /** One blank line, unless the last line is already blank or nothing was written. */
  blank(): void {
    if (this.blanks === 0 && this.written) this.blanks = 1;
  }

  heading(line: string): void {
    this.blank();
    this.push(line);
    this.blanks++;
  }

  /** The text so far, without trailing blank lines, ending with one line break. */
  text(): string {
    if (this.lines.length > 0) this.chunks.push(this.lines.join(this.eol));
    this.lines = [];
    return this.chunks.join(this.eol) + this.eol;
  }

  private add(line: string): void {
    this.written = true;
    this.lines.push(line);
    if (this.lines.length === linesPerChunk) {
      this.chunks.push(this.lines.join(this.eol));
      this.lines = [];
    }
  }
}

const linesPerChunk = 4096;

/** The doc's extras grouped by anchor, remembering which anchors were written. */
class ExtrasByAnchor {
  private readonly byAnchor = new Map<Anchor, string[]>();
  private readonly written = new Set<Anchor>();
  private readonly order: Anchor[] = [];
  /** Whether any text is kept at all (usually not: most tasks have nothing after them). */
  readonly any: boolean;

  constructor(doc: SessionDoc) {
    for (const extra of doc.extras) {
      // Escaped like overview text: a kept "## Notes" line must not start the Notes section.
      const lines = closeOpenFence(trimBlankLines(extra.lines).map(escapeTextLine));
      if (lines.length === 0) continue;
      const existing = this.byAnchor.get(extra.anchor);
      if (existing) existing.push('', ...lines);
      else {
        this.byAnchor.set(extra.anchor, [...lines]);
        this.order.push(extra.anchor);
      }
    }
    this.any = this.order.length > 0;
  }

  /** Block context (after a heading or section start): blank lines around the text. */
  writeBlock(out: LineWriter, anchor: Anchor): void {
    const lines = this.take(anchor);
    if (!lines) return;
    out.blank();
    out.push(...lines);
    out.blank();
  }

  /**
   * After a task item: indented text and bullets follow the item directly (they were inside
   * the list); anything else gets a blank line first, so the parser never reads it as the
   * item's description and GitHub does not fold it into the item.
   */
  writeAfterItem(out: LineWriter, anchor: Anchor): void {
    const lines = this.take(anchor);
    if (!lines) return;
    const first = lines[0] ?? '';
    const inList = /^[ \t]+\S/.test(first) && readQuote(first) == null;
    if (!inList && readBullet(first) == null) out.blank();
    out.push(...lines);
  }

  /** Text whose task or group is gone: kept, at the end of the Tasks section. */
  writeOrphans(out: LineWriter, except: Anchor): void {
    for (const anchor of this.order) if (anchor !== except) this.writeBlock(out, anchor);
  }

  private take(anchor: Anchor): string[] | undefined {
    if (this.written.has(anchor)) return undefined;
    this.written.add(anchor);
    return this.byAnchor.get(anchor);
  }
}

/**
 * Free text whose code fence never closes would swallow every section after it when the file
 * is read again (and with them, tasks): such a block gets its closing fence.
 */
const closeOpenFence = (lines: string[]): string[] => {
  let open: { char: string; length: number } | null = null;
  for (const line of lines) {
    const fence = readFence(line);
    if (!fence) continue;
    if (!open) open = { char: fence.char, length: fence.length };
    else if (fence.char === open.char && fence.length >= open.length && fence.info === '')
      open = null;
  }
  return open ? [...lines, open.char.repeat(open.length)] : lines;
};

const trimBlankLines = (lines: readonly string[]): string[] => {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? '').trim() === '') start++;
  while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
  return lines.slice(start, end);
};
