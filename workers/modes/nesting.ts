/**
 * How deeply a YAML text nests, measured in one linear pass before it is parsed. The YAML
 * library builds nested collections recursively: a file of a million `[` ran for seconds and
 * then overflowed the stack. Role files are a few levels deep, so anything past the limit is
 * refused with its line before the parser sees it.
 *
 * Counted: flow brackets (`[`, `{`) outside quotes and comments, block indentation levels,
 * and compact sequence dashes (`- - -`). Lines of a block scalar (`|`, `>`) are text and are
 * skipped. The count errs towards more depth only on odd files, never on role files.
 */

/** Deepest nesting a mode file may have. */
export const maxModeNesting = 64;

export interface TooDeep {
  /** 1-based line of the first place past the limit. */
  line: number;
}

/** Where `text` first nests deeper than `limit`, or null. */
export function findDeepNesting(text: string, limit = maxModeNesting): TooDeep | null {
  const indents: number[] = [];
  let flow = 0;
  let blockScalarIndent = -1;
  let lineNo = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    lineNo++;
    let i = 0;
    while (i < line.length && line[i] === ' ') i++;
    if (i === line.length || line[i] === '#') continue;
    if (blockScalarIndent >= 0) {
      if (i > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    if (flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= i) indents.pop();
      indents.push(i);
    }
    let dashes = 0;
    while (flow === 0 && line[i] === '-' && (line[i + 1] === ' ' || i + 1 === line.length)) {
      dashes++;
      i += 2;
      while (line[i] === ' ') i++;
    }
    let quote: string | null = null;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (quote) {
        if (c === quote) quote = null;
        continue;
      }
      if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
      if (c === '"' || c === "'") quote = c;
      else if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      if (indents.length + dashes + flow > limit) return { line: lineNo };
    }
    if (indents.length + dashes + flow > limit) return { line: lineNo };
    if (flow === 0 && /(?:^|[\s:])[|>][-+0-9]*\s*(?:#.*)?$/.test(line)) {
      blockScalarIndent = indents[indents.length - 1] ?? 0;
    }
  }
  return null;
}
