/**
 * Validation of a session.md for people and CI: what the parser reports (conflict markers,
 * tags it cannot read, duplicate ids, malformed items…) plus what only the whole doc shows —
 * prerequisites that name no task, and dependency cycles — each with its line.
 */
import { splitIdComment } from './markdown-syntax';
import { parseSessionMarkdown } from './parse';
import type { ParseProblemType } from './parse';
import type { TaskDoc } from './session-doc';

export interface CheckProblem {
  line: number;
  severity: 'error' | 'warning';
  type: ParseProblemType | 'UnknownDependency' | 'DependencyCycle';
  message: string;
}

/** Parser findings that make a file fail the check (the rest are warnings). */
const failing: ReadonlySet<string> = new Set<ParseProblemType>([
  'GitConflict',
  'DuplicateId',
  'InvalidField',
  'MalformedTaskItem',
  'ParserFailure',
]);

/** Every problem of one file, in line order. */
export const checkSessionText = (text: string): CheckProblem[] => {
  const parsed = parseSessionMarkdown(text);
  const problems: CheckProblem[] = parsed.problems.map((p) => ({
    line: p.line,
    severity: failing.has(p.type) ? 'error' : 'warning',
    type: p.type,
    message: p.message,
  }));
  const lineOf = idLines(text);
  const { tasks } = parsed.doc;
  const known = new Set(tasks.map((t) => t.task_id));
  for (const task of tasks) {
    for (const dep of task.depends_on) {
      if (!known.has(dep)) {
        problems.push({
          line: lineOf.get(task.task_id) ?? 1,
          severity: 'error',
          type: 'UnknownDependency',
          message: `"${task.title}" depends on ${dep}, which is no task of this session.`,
        });
      }
    }
  }
  for (const cycle of dependencyCycles(tasks)) {
    problems.push({
      line: lineOf.get(cycle[0]!) ?? 1,
      severity: 'error',
      type: 'DependencyCycle',
      message: `Dependency cycle: ${cycle.join(' → ')}.`,
    });
  }
  return problems.sort((a, b) => a.line - b.line);
};

/** The first line (1-based) of every `<!-- id:… -->`. */
const idLines = (text: string): Map<string, number> => {
  const lines = new Map<string, number>();
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (!line.includes('<!--')) continue;
    const { id } = splitIdComment(line.replace(/\r$/, ''));
    if (id != null && !lines.has(id)) lines.set(id, lineNo);
  }
  return lines;
};

/**
 * Dependency cycles, each once (as a path that starts and ends with the same task), found by
 * one depth-first walk over all tasks with an explicit stack: O(tasks + dependencies).
 */
const dependencyCycles = (tasks: readonly TaskDoc[]): string[][] => {
  const deps = new Map(tasks.map((t) => [t.task_id, t.depends_on]));
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
  const cycles: string[][] = [];
  for (const task of tasks) {
    if (state.has(task.task_id)) continue;
    const path: Array<{ id: string; next: number }> = [{ id: task.task_id, next: 0 }];
    state.set(task.task_id, 1);
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const list = deps.get(top.id) ?? [];
      if (top.next >= list.length) {
        state.set(top.id, 2);
        path.pop();
        continue;
      }
      const dep = list[top.next++]!;
      if (!deps.has(dep)) continue;
      const seen = state.get(dep);
      if (seen === 1) {
        const from = path.findIndex((p) => p.id === dep);
        cycles.push([...path.slice(from).map((p) => p.id), dep]);
      } else if (seen === undefined) {
        state.set(dep, 1);
        path.push({ id: dep, next: 0 });
      }
    }
  }
  return cycles;
};
