/**
 * session.md text → session doc, for hand-edited files. A careful line-based parser rather
 * than a markdown AST: it must keep every line it does not understand verbatim and in place,
 * know the exact line of every problem, and read 10,000 tasks in a few milliseconds. It
 * never throws: anything odd becomes a problem in the result, and no text is dropped.
 */
import { TasksAreaParser } from './parse-tasks';
import { ExtrasCollector, Problems, longLineLimit } from './parse-state';
import type { ParseProblem } from './parse-state';
import {
  conflictMarker,
  priorityFromText,
  readBullet,
  readFence,
  readHeading,
  readMetaLine,
  readTaskItem,
  sectionFromHeading,
  sessionStatusFromText,
  titleSeparator,
  unescapeTextLine,
} from './markdown-syntax';
import type { MetaKey, TitledSection } from './markdown-syntax';
import type { TextFormat } from './render';
import { normalizeText } from './session-doc';
import type { SessionDoc, SessionHeader } from './session-doc';

export type { ParseProblem, ParseProblemType } from './parse-state';

export interface ParseOptions {
  /**
   * Usually the base doc (last synced file). Supplies session fields the file lacks or
   * garbles, the status of a task whose checkbox was removed, and enables UnknownId reports.
   */
  fallback?: SessionDoc;
}

export interface ParseResult {
  doc: SessionDoc;
  /** In line order within each kind; errors mean the doc must not be merged. */
  problems: ParseProblem[];
  /** Git conflict markers were found. The doc then shows only the first side, for preview. */
  hasConflict: boolean;
  /** The file's line ending and BOM; pass to the renderer to keep them. */
  format: TextFormat;
  /** Temporary ids given to tasks and groups written without an id (or with a duplicate). */
  newTaskIds: string[];
  newGroupIds: string[];
}

type Area = 'preamble' | 'header' | TitledSection;

const defaultHeader: SessionHeader = {
  session_id: '',
  name: '',
  status: 'active',
  priority_level: 3,
  mode_file: null,
  description: null,
};

/** Parses session.md. Never throws; see {@link ParseResult}. */
export const parseSessionMarkdown = (text: string, options: ParseOptions = {}): ParseResult => {
  try {
    return parseUnsafe(text, options);
  } catch (error) {
    // A safety net only: keep the whole text so nothing is lost, and say what happened.
    const { body, format } = decodeText(text);
    return {
      doc: {
        session: { ...(options.fallback?.session ?? defaultHeader) },
        groups: [],
        tasks: [],
        notes: null,
        changeLog: [],
        extras: [{ anchor: 'section:preamble', lines: splitLines(body) }],
      },
      problems: [
        {
          type: 'ParserFailure',
          severity: 'error',
          line: 1,
          message: `The parser failed: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
      hasConflict: false,
      format,
      newTaskIds: [],
      newGroupIds: [],
    };
  }
};

const decodeText = (text: string): { body: string; format: TextFormat } => {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  let lf = 0;
  let crlf = 0;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) {
    if (i > 0 && body.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return { body, format: { lineEnding: crlf > lf ? '\r\n' : '\n', bom } };
};

const splitLines = (body: string): string[] => {
  const lines = body.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
};

const parseUnsafe = (text: string, options: ParseOptions): ParseResult => {
  const { body, format } = decodeText(text);
  const lines = splitLines(body);
  const problems = new Problems();
  const skip = markConflicts(lines, problems);
  const fenceEnds = pairFences(lines, skip, problems);
  const extras = new ExtrasCollector();
  const tasks = new TasksAreaParser(problems, extras, options.fallback);
  const header = new HeaderReader(problems);
  const texts: Record<'overview' | 'notes', string[]> = { overview: [], notes: [] };
  const changeLog = new ChangeLogReader(tasks, extras);
  const seen = new Set<TitledSection>();
  let area: Area = 'preamble';

  for (let i = 0; i < lines.length; i++) {
    if (skip[i]) continue;
    const line = lines[i]!;
    const lineNo = i + 1;
    if (line.length > longLineLimit) {
      problems.warn('LongLine', lineNo, `Line is ${line.length} characters long.`);
    }
    const fenceEnd = fenceEnds.get(i);
    if (fenceEnd !== undefined) {
      // A fenced block is opaque text wherever it is, never tasks or headings.
      for (let j = i; j <= fenceEnd; j++) {
        if (skip[j]) continue;
        const fenced = lines[j]!;
        if (area === 'overview' || area === 'notes') texts[area].push(unescapeTextLine(fenced));
        else if (area === 'tasks') tasks.keep(fenced);
        else extras.add(`section:${area}`, fenced);
      }
      i = fenceEnd;
      continue;
    }
    const heading = readHeading(line);
    if (heading?.level === 1 && area === 'preamble') {
      header.title(heading.text);
      area = 'header';
      extras.interrupt();
      continue;
    }
    const section = heading?.level === 2 ? sectionFromHeading(heading.text) : null;
    if (section != null && !seen.has(section)) {
      seen.add(section);
      area = section;
      if (section === 'tasks') tasks.enterUngrouped();
      extras.interrupt();
      continue;
    }
    if ((area === 'preamble' || area === 'header') && TasksAreaParser.startsTaskContent(line)) {
      // Tasks or groups written without a "## Tasks" heading: the Tasks area starts here.
      area = 'tasks';
      tasks.enterUngrouped();
    }
    switch (area) {
      case 'preamble':
      case 'header':
        if (line.trim() === '') extras.blank();
        else if (!header.meta(line, lineNo)) extras.add(`section:${area}`, line);
        else extras.interrupt();
        break;
      case 'overview':
      case 'notes':
        texts[area].push(unescapeTextLine(line));
        break;
      case 'tasks':
        if (section != null) tasks.keep(line);
        else tasks.line(line, lineNo);
        break;
      case 'changelog':
        changeLog.line(line, lineNo);
        break;
    }
  }
  tasks.finish();
  const session = header.finish(options.fallback?.session, texts.overview);
  const doc: SessionDoc = {
    session,
    groups: tasks.groups,
    tasks: tasks.tasks,
    notes: normalizeText(texts.notes.join('\n')),
    changeLog: changeLog.entries,
    extras: extras.extras,
  };
  return {
    doc,
    problems: problems.list,
    hasConflict: problems.list.some((p) => p.type === 'GitConflict'),
    format,
    newTaskIds: tasks.newTaskIds,
    newGroupIds: tasks.newGroupIds,
  };
};

/**
 * Change log entries are plain bullets. A task item here was most likely appended to the
 * end of the file by a person or an agent: it becomes an ungrouped task, not an entry, and
 * indented or quoted lines after it are its subtasks and description.
 */
class ChangeLogReader {
  readonly entries: string[] = [];
  private inTasks = false;

  private readonly tasks: TasksAreaParser;
  private readonly extras: ExtrasCollector;

  constructor(tasks: TasksAreaParser, extras: ExtrasCollector) {
    this.tasks = tasks;
    this.extras = extras;
  }

  line(line: string, lineNo: number): void {
    const item = readTaskItem(line);
    const continuesTask = this.inTasks && (/^[ \t]/.test(line) || line.startsWith('>'));
    if ((item && item.indent === 0) || continuesTask) {
      if (!this.inTasks) this.tasks.enterUngrouped();
      this.inTasks = true;
      this.tasks.line(line, lineNo);
      return;
    }
    this.inTasks = false;
    if (line.trim() === '') return this.extras.blank();
    const bullet = readBullet(line);
    if (bullet && bullet.indent < 2) {
      const text = bullet.text.trim();
      this.entries.push(
        text.startsWith(titleSeparator) ? text.slice(titleSeparator.length).trim() : text,
      );
      this.extras.interrupt();
      return;
    }
    this.extras.add('section:changelog', line);
  }
}

/** Reads the title and the `- **Key:** value` lines of the header. */
class HeaderReader {
  private name: string | null = null;
  private readonly values = new Map<MetaKey, { value: string; line: number }>();

  private readonly problems: Problems;

  constructor(problems: Problems) {
    this.problems = problems;
  }

  title(text: string): void {
    this.name = text;
  }

  meta(line: string, lineNo: number): boolean {
    const meta = readMetaLine(line);
    if (!meta) return false;
    this.values.set(meta.key, { value: meta.value, line: lineNo });
    return true;
  }

  finish(fallback: SessionHeader | undefined, overview: readonly string[]): SessionHeader {
    const base = fallback ?? defaultHeader;
    const read = <T>(key: MetaKey, label: string, parse: (v: string) => T | null, or: T): T => {
      const entry = this.values.get(key);
      if (!entry) {
        this.problems.warn('MissingField', 1, `No "${label}" line; keeping ${String(or)}.`);
        return or;
      }
      const value = parse(entry.value);
      if (value == null) {
        this.problems.warn('InvalidField', entry.line, `Cannot read ${label} "${entry.value}".`);
        return or;
      }
      return value;
    };
    if (this.name == null) {
      this.problems.warn('MissingField', 1, 'No "# Title" line; keeping the session name.');
    }
    const idFromMeta = this.values.get('id')?.value.replace(/`/g, '').trim();
    const sessionId = idFromMeta || base.session_id;
    const mode = this.values.get('mode')?.value.replace(/^`|`$/g, '').trim();
    return {
      session_id: sessionId,
      name: this.name ?? base.name,
      status: read('status', 'Status', sessionStatusFromText, base.status),
      priority_level: read('priority', 'Priority', priorityFromText, base.priority_level),
      mode_file: mode == null || mode === '' ? null : mode,
      description: normalizeText(overview.join('\n')),
    };
  }
}

/**
 * Marks git conflict blocks. The markers and the "theirs"/base parts are skipped, so the
 * doc (a preview only) shows the first side; each block is reported as an error.
 */
const markConflicts = (lines: readonly string[], problems: Problems): Uint8Array => {
  const skip = new Uint8Array(lines.length);
  let state: 'none' | 'ours' | 'skipping' = 'none';
  for (let i = 0; i < lines.length; i++) {
    const marker = conflictMarker(lines[i]!);
    if (marker === 'start') {
      problems.error('GitConflict', i + 1, 'Git conflict markers: resolve the merge in git first.');
      state = 'ours';
      skip[i] = 1;
    } else if (marker === 'base' || marker === 'end') {
      if (state === 'none') {
        problems.error(
          'GitConflict',
          i + 1,
          `Stray git conflict marker "${lines[i]!.slice(0, 7)}".`,
        );
      }
      state = marker === 'end' ? 'none' : 'skipping';
      skip[i] = 1;
    } else if (marker === 'middle' && state !== 'none') {
      state = 'skipping';
      skip[i] = 1;
    } else if (state === 'skipping') {
      skip[i] = 1;
    }
  }
  return skip;
};

/**
 * Pairs code fences: opening line index → closing line index. A fence that never closes is
 * reported and ignored (treating the rest of the file as code would hide every task below).
 */
const pairFences = (
  lines: readonly string[],
  skip: Uint8Array,
  problems: Problems,
): Map<number, number> => {
  const fences: Array<{ index: number; char: string; length: number; info: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Cheap pre-check before the regex: fences start with ` or ~ after indentation.
    const first = line.trimStart().charAt(0);
    if (skip[i] || (first !== '`' && first !== '~')) continue;
    const fence = readFence(line.trimStart());
    if (fence) fences.push({ index: i, ...fence });
  }
  const ends = new Map<number, number>();
  // Shortest fence length per character that found no closer: longer ones cannot either.
  const failed = new Map<string, number>();
  for (let k = 0; k < fences.length; k++) {
    const open = fences[k]!;
    if (open.length >= (failed.get(open.char) ?? Infinity)) {
      problems.warn('UnclosedCodeFence', open.index + 1, 'Code fence is never closed.');
      continue;
    }
    let closeAt = -1;
    for (let j = k + 1; j < fences.length; j++) {
      const close = fences[j]!;
      if (close.char === open.char && close.length >= open.length && close.info === '') {
        closeAt = j;
        break;
      }
    }
    if (closeAt < 0) {
      failed.set(open.char, open.length);
      problems.warn('UnclosedCodeFence', open.index + 1, 'Code fence is never closed.');
      continue;
    }
    ends.set(open.index, fences[closeAt]!.index);
    k = closeAt;
  }
  return ends;
};
