/**
 * Benchmark data: a markdown plan with `tasks` tasks in 20 groups (nested 3 levels: 4 top-level
 * groups, each with 2 subgroups, each with 1 sub-subgroup) and tasks 3 levels deep (every
 * top-level task has 7 subtasks with 6 subtasks each: subtrees of 50). It goes in through the
 * app's own plan import (`api.importPlan`), the bulk path of the real app. Deterministic.
 */

export const groupCount = 20;
export const subtreeSize = 50;
const children = 7;
const grandchildren = 6;

const verbs = ['Design', 'Implement', 'Review', 'Test', 'Document', 'Deploy', 'Refactor', 'Audit'];
const nouns = ['parser', 'cache', 'schema', 'login', 'export', 'search', 'sync', 'layout'];

/** A word that appears in one title in a hundred: what the search benchmark looks for. */
export const rareWord = 'zeppelin';

function title(n: number): string {
  const verb = verbs[n % verbs.length]!;
  const noun = nouns[Math.floor(n / verbs.length) % nouns.length]!;
  return `${verb} the ${noun}${n % 100 === 7 ? ` ${rareWord}` : ''} step ${n}`;
}

/** Group headings in document order, with their markdown heading depth. */
function groupHeadings(): Array<{ depth: number; name: string }> {
  const out: Array<{ depth: number; name: string }> = [];
  for (let a = 1; a <= 4; a++) {
    out.push({ depth: 2, name: `Area ${a}` });
    for (let b = 1; b <= 2; b++) {
      out.push({ depth: 3, name: `Area ${a}.${b}` });
      out.push({ depth: 4, name: `Area ${a}.${b}.1` });
    }
  }
  return out;
}

/** The plan's markdown. `tasks` must be a multiple of 1,000. */
export function generatePlan(tasks: number, name: string): string {
  if (tasks % (groupCount * subtreeSize) !== 0)
    throw new Error(`tasks must be a multiple of ${groupCount * subtreeSize}`);
  const perGroup = tasks / groupCount;
  const lines = [`# ${name}`, '', 'Generated for the benchmark.', ''];
  let n = 0;
  const item = (indent: number) => {
    n++;
    const done = n % 10 < 3 ? 'x' : ' ';
    const effort = n % 4 === 0 ? ` (${(n % 8) + 1}h)` : '';
    lines.push(`${'  '.repeat(indent)}- [${done}] ${title(n)}${effort}`);
  };
  for (const heading of groupHeadings()) {
    lines.push(`${'#'.repeat(heading.depth)} ${heading.name}`, '');
    for (let root = 0; root < perGroup / subtreeSize; root++) {
      item(0);
      for (let c = 0; c < children; c++) {
        item(1);
        for (let g = 0; g < grandchildren; g++) item(2);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}
