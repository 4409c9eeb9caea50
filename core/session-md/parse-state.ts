/**
 * Shared state of one parse: the problems found so far and the collector that keeps text the
 * parser does not understand, verbatim, anchored to the structural line before it.
 */
import { unescapeTextLine } from './markdown-syntax';
import type { Anchor, ExtraText } from './session-doc';

export const parseProblemTypes = [
  /** Git conflict markers: the file is mid-merge; its content is not data until resolved. */
  'GitConflict',
  /** The same id on two lines: the later line becomes a new task or group. */
  'DuplicateId',
  /** An id the fallback doc does not know (only reported when a fallback is given). */
  'UnknownId',
  /** A line that looks like a task item but is not well formed. */
  'MalformedTaskItem',
  /** A field with a value the app cannot read; the text stays where it was. */
  'InvalidField',
  /** A header field or the title is missing; the fallback value is used. */
  'MissingField',
  /** A code fence that never closes: not treated as a code block. */
  'UnclosedCodeFence',
  /** A very long line (over 10,000 characters); parsed, but probably not intended. */
  'LongLine',
  /** The parser itself failed; the whole text is kept as extras. Should never happen. */
  'ParserFailure',
] as const;
export type ParseProblemType = (typeof parseProblemTypes)[number];

/** Something the parser noticed; `line` is 1-based. Errors mean "do not merge this file". */
export interface ParseProblem {
  type: ParseProblemType;
  severity: 'error' | 'warning';
  line: number;
  message: string;
  /** The task or group id concerned, when there is one. */
  id?: string;
}

export const longLineLimit = 10_000;

export class Problems {
  readonly list: ParseProblem[] = [];

  error(type: ParseProblemType, line: number, message: string, id?: string): void {
    this.list.push({ type, severity: 'error', line, message, ...(id != null ? { id } : {}) });
  }

  warn(type: ParseProblemType, line: number, message: string, id?: string): void {
    this.list.push({ type, severity: 'warning', line, message, ...(id != null ? { id } : {}) });
  }
}

/**
 * Groups consecutive unknown lines into one block per anchor. Blank lines inside a block are
 * kept; blank lines before or after it are layout and are dropped.
 */
export class ExtrasCollector {
  readonly extras: ExtraText[] = [];
  private current: ExtraText | null = null;
  private pendingBlanks = 0;

  add(anchor: Anchor, raw: string): void {
    const line = unescapeTextLine(raw);
    if (this.current && this.current.anchor === anchor) {
      for (; this.pendingBlanks > 0; this.pendingBlanks--) this.current.lines.push('');
      this.current.lines.push(line);
    } else {
      this.current = { anchor, lines: [line] };
      this.extras.push(this.current);
    }
    this.pendingBlanks = 0;
  }

  blank(): void {
    if (this.current) this.pendingBlanks++;
  }

  /** A structural line: the next unknown line starts a new block. */
  interrupt(): void {
    this.current = null;
    this.pendingBlanks = 0;
  }
}
