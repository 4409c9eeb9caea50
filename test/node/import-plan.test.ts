// Tests for the pure plan importer: real plans written by others (read from ../shared when
// present), our own fixtures, inline edge cases, 5,000 items and arbitrary text. Two
// independent oracles: a simple line scanner for the fixtures, and mdast (micromark + GFM)
// for which lines are task items, their done state and their parent, also on fuzzed input.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import {
  maxPlanBytes,
  planFromMarkdown,
  ungroupedName,
  type Plan,
  type PlanResult,
  type PlanTask,
} from '../../core/import/import-plan';

const repoRoot = resolve(import.meta.dirname, '../..');
const sharedDir = resolve(repoRoot, '../shared/fixtures/markdown');
const ownDir = resolve(repoRoot, 'test/fixtures/markdown');

function planOf(result: PlanResult): Plan {
  if (!result.ok)
    throw new Error(`expected a plan, got ${result.error.type}: ${result.error.message}`);
  return result.plan;
}

function importText(text: string, fileName = 'inline.md'): Plan {
  return planOf(planFromMarkdown(text, fileName));
}

/** Task titles in document order, indented two spaces per level: a readable tree. */
function outline(plan: Plan): string[] {
  return plan.tasks.map((t) => `${'  '.repeat(t.level)}${t.done ? '[x]' : '[ ]'} ${t.title}`);
}

function groupName(plan: Plan, task: PlanTask): string | undefined {
  return plan.groups.find((g) => g.key === task.groupKey)?.name;
}

// ---------------------------------------------------------------------------------------
// An independent line scanner: what the importer should find, computed without mdast.
// It understands what the fixtures use: ATX headings, fences, blockquote prefixes, task
// bullets (`-`, `*`, `+`, `1.`, `1)`) on one line each.

const taskLinePattern = /^((?:[ \t]*>)*)([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX])\][ \t]+\S/;
const fencePattern = /^(?:[ \t]*>)*[ \t]{0,3}(`{3,}|~{3,})/;
const headingPattern = /^#{1,6}(?:[ \t]+(.*?))?[ \t]*$/;

interface ExpectedTask {
  line: number;
  done: boolean;
  parentLine: number | null;
  group: string;
}

interface Expected {
  tasks: ExpectedTask[];
  /** Maximal runs of non-blank lines that are not task lines or headings, in order. */
  noteRuns: string[];
}

function scan(text: string): Expected {
  const lines = text.split('\n');
  const tasks: ExpectedTask[] = [];
  const noteRuns: string[] = [];
  let run: string[] = [];
  let inFence = false;
  let title: string | null = null;
  let group = ungroupedName;
  let stack: Array<{ indent: number; line: number; quote: string; group: string }> = [];
  const endRun = (): void => {
    if (run.length > 0) noteRuns.push(run.join('\n'));
    run = [];
  };
  lines.forEach((line, index) => {
    const task = inFence ? null : taskLinePattern.exec(line);
    if (fencePattern.test(line)) inFence = !inFence;
    if (!task) {
      if (line.trim() === '') endRun();
      else run.push(line);
      const heading = inFence ? null : headingPattern.exec(line);
      const name = heading?.[1]?.trim() ?? '';
      if (heading && name !== '') {
        // A heading is a name, not prose: it ends the run and is left out of it.
        run.pop();
        endRun();
        if (title === null && line.startsWith('# ')) [title, group] = [name, ungroupedName];
        else group = name;
      }
      // Any other unindented text ends the list the tasks were in.
      if (line.trim() !== '' && !/^[ \t>]/.test(line)) stack = [];
      return;
    }
    endRun();
    const quote = (task[1] ?? '').replace(/[ \t]/g, '');
    const indent = (task[2] ?? '').length;
    if (stack.length > 0 && stack[stack.length - 1]?.quote !== quote) stack = [];
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    const parent = stack[stack.length - 1];
    const taskGroup = parent ? parent.group : group;
    tasks.push({
      line: index + 1,
      done: task[3] !== ' ',
      parentLine: parent ? parent.line : null,
      group: taskGroup,
    });
    stack.push({ indent, line: index + 1, quote, group: taskGroup });
  });
  endRun();
  return { tasks, noteRuns };
}

/** Asserts everything the scanner can tell about a file against the importer's plan. */
function expectPlanMatches(text: string, fileName: string): void {
  const expected = scan(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const result = planFromMarkdown(text, fileName);
  if (expected.tasks.length === 0) {
    expect(result.ok ? 'ok' : result.error.type).toBe('NoTaskList');
    return;
  }
  const plan = planOf(result);
  expect(plan.tasks).toHaveLength(expected.tasks.length);
  expect(plan.counts.tasks).toBe(expected.tasks.length);
  expect(plan.counts.done).toBe(expected.tasks.filter((t) => t.done).length);
  const lineByKey = new Map(plan.tasks.map((t) => [t.key, t.line]));
  plan.tasks.forEach((task, i) => {
    const want = expected.tasks[i];
    const got = {
      line: task.line,
      done: task.done,
      parentLine: task.parentKey === null ? null : (lineByKey.get(task.parentKey) ?? -1),
      group: groupName(plan, task),
    };
    expect(got).toEqual(want);
  });
  // Every non-task block is kept verbatim (less a task's indentation) where it stood: the
  // overview, a group's or a task's description, or the notes.
  const pieces = proseOf(plan).map(unindent);
  for (const block of expected.noteRuns) {
    const found = pieces.some((piece) => piece.includes(unindent(block)));
    expect(found, `prose block missing:\n${block}`).toBe(true);
  }
  // …and none of them holds a task item of its own.
  for (const piece of pieces) expect(scan(piece).tasks).toHaveLength(0);
}

/** Every place prose goes: overview, notes, group and task descriptions. */
function proseOf(plan: Plan): string[] {
  return [
    plan.overview,
    plan.notes,
    ...plan.groups.map((g) => g.description ?? ''),
    ...plan.tasks.map((t) => t.description ?? ''),
  ].filter((text) => text !== '');
}

const unindent = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trimStart())
    .join('\n');

interface TaskShape {
  line: number;
  done: boolean;
  parentLine: number | null;
  title?: string;
}

/** Task items as mdast sees them; titles sliced from the source like the importer does. */
function tasksByMdast(text: string, withTitles = false): TaskShape[] {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const tree = fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const found: TaskShape[] = [];
  const walk = (node: Nodes, parentLine: number | null, inQuote: boolean): void => {
    let next = parentLine;
    if (node.type === 'listItem' && typeof node.checked === 'boolean') {
      const start = node.position?.start;
      const end = node.children[0]?.position?.end.offset ?? 0;
      const line = start?.line ?? 0;
      const shape: TaskShape = { line, done: node.checked, parentLine };
      if (withTitles) {
        const raw = source.slice(source.indexOf('[', start?.offset ?? 0) + 3, end);
        const strip = inQuote ? /^[ \t>]+|[ \t]+$/g : /^[ \t]+|[ \t]+$/g;
        shape.title = raw
          .split('\n')
          .map((l) => l.replace(strip, ''))
          .filter(Boolean)
          .join(' ');
      }
      found.push(shape);
      next = line;
    }
    if ('children' in node) {
      for (const child of node.children) walk(child, next, inQuote || node.type === 'blockquote');
    }
  };
  walk(tree, null, false);
  return found;
}

function tasksByImporter(text: string, withTitles = false): TaskShape[] {
  const result = planFromMarkdown(text);
  if (!result.ok) return [];
  const lineByKey = new Map(result.plan.tasks.map((t) => [t.key, t.line]));
  return result.plan.tasks.map((t) => ({
    line: t.line,
    done: t.done,
    parentLine: t.parentKey === null ? null : (lineByKey.get(t.parentKey) ?? -1),
    ...(withTitles ? { title: t.text } : {}),
  }));
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort();
}

describe.runIf(existsSync(sharedDir))('real plans in ../shared/fixtures/markdown', () => {
  const files = existsSync(sharedDir) ? markdownFiles(sharedDir) : [];
  it('has plans to read', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  it.each(files)('%s: tasks, done states, nesting, groups and notes', (name) => {
    const text = readFileSync(join(sharedDir, name), 'utf8');
    expect(scan(text).tasks.length).toBeGreaterThan(0);
    expectPlanMatches(text, name);
  });
  it.each(files)('%s: tasks, titles and nesting agree with mdast', (name) => {
    const text = readFileSync(join(sharedDir, name), 'utf8');
    expect(tasksByImporter(text, true)).toEqual(tasksByMdast(text, true));
  });
  it.each(files)('%s: every group nests under an earlier group, one level deeper', (name) => {
    const plan = importText(readFileSync(join(sharedDir, name), 'utf8'), name);
    const levelByKey = new Map<string, number>();
    for (const group of plan.groups) {
      const parentLevel = group.parentKey === null ? -1 : levelByKey.get(group.parentKey);
      expect(parentLevel).toBe(group.level - 1);
      levelByKey.set(group.key, group.level);
    }
  });
});

describe('our fixtures in test/fixtures/markdown', () => {
  it.each(markdownFiles(ownDir))('%s matches the line scanner and mdast', (name) => {
    const text = readFileSync(join(ownDir, name), 'utf8');
    expectPlanMatches(text, name);
    expect(tasksByImporter(text, true)).toEqual(tasksByMdast(text, true));
  });

  const garden = importText(readFileSync(join(ownDir, 'community-garden.md'), 'utf8'));

  it('names the session from the H1, which is not a group', () => {
    expect(garden.name).toBe('Community Garden Spring Build');
    expect(garden.groups.map((g) => g.name)).not.toContain(garden.name);
  });

  it('nests groups as the headings nest, positions per parent', () => {
    const tree = garden.groups.map((g) => {
      const parent = garden.groups.find((p) => p.key === g.parentKey);
      return `${g.level}:${g.position} ${parent ? `${parent.name} > ` : ''}${g.name}`;
    });
    expect(tree).toEqual([
      '0:0 Site preparation',
      '1:0 Site preparation > Drainage',
      '0:1 Raised beds',
      '0:2 Planting',
      '1:0 Planting > Seed list',
      '1:1 Planting > Mixed bullets',
      '0:3 Open questions',
    ]);
    expect(garden.counts.groups).toBe(7);
  });

  it('keeps nested subtasks, done states and blockquote tasks', () => {
    expect(outline(garden)).toEqual([
      '[x] Walk the plot with the landlord (1h)',
      '[x] Mark bed outlines with string `GARDEN-8`',
      '[ ] Clear brambles from the north fence (6h)',
      '  [x] Borrow a brush cutter',
      '  [ ] Book the green-waste skip (30m)',
      '    [ ] Compare two skip firms',
      '    [x] Check the permit rules',
      '[ ] Level the path for wheelchair access `task_4410` (2.5 h)',
      '[ ] Dig a test pit near the shed',
      '[ ] Decide on a soakaway or a rain garden',
      '[ ] Order timber (12 boards)',
      '[x] Order screws and brackets',
      '[ ] Assemble six beds (8h)',
      '[ ] Saturday crew confirmed',
      '[x] Sunday crew confirmed',
      '  [ ] Sunday lunch sorted',
      '[ ] Sow broad beans',
      '[x] Buy seed potatoes',
      '[ ] Chit the potatoes',
      '[ ] Plant out onions',
    ]);
    expect(garden.counts).toMatchObject({ tasks: 20, done: 7, maxDepth: 3 });
  });

  it('reads markers as data and leaves the titles as written', () => {
    const byTitle = (prefix: string) => garden.tasks.find((t) => t.title.startsWith(prefix));
    expect(byTitle('Walk the plot')?.estimatedEffortHours).toBe(1);
    expect(byTitle('Book the green-waste')?.estimatedEffortHours).toBe(0.5);
    expect(byTitle('Mark bed outlines')?.externalId).toBe('GARDEN-8');
    expect(byTitle('Level the path')).toMatchObject({
      externalId: 'task_4410',
      estimatedEffortHours: 2.5,
      title: 'Level the path for wheelchair access `task_4410` (2.5 h)',
    });
    // "(12 boards)" is not an effort.
    expect(byTitle('Order timber')).not.toHaveProperty('estimatedEffortHours');
    expect(byTitle('Dig a test pit')).not.toHaveProperty('externalId');
  });

  it("reads a group's Status line from its own section only", () => {
    const status = Object.fromEntries(garden.groups.map((g) => [g.name, g.status]));
    expect(status['Site preparation']).toBe('IN PROGRESS');
    expect(status['Drainage']).toBeUndefined();
    expect(garden.groups.filter((g) => g.status !== undefined)).toHaveLength(1);
  });

  it('keeps headings without items as empty groups', () => {
    const seedList = garden.groups.find((g) => g.name === 'Seed list');
    expect(seedList).toBeDefined();
    expect(garden.tasks.filter((t) => t.groupKey === seedList?.key)).toHaveLength(0);
  });

  it('keeps tables, code, quotes and plain lists verbatim with their section', () => {
    const prose = (name: string) => garden.groups.find((g) => g.name === name)?.description ?? '';
    expect(proseOf(garden).join('\n')).toContain('| North beds | clay  | [ ]   |');
    expect(proseOf(garden).join('\n')).toContain('- [ ] not a task\n- [x] also not a task\n```');
    expect(proseOf(garden).join('\n')).toContain(
      '> Volunteer rota, copied from the noticeboard:\n>',
    );
    expect(proseOf(garden).join('\n')).toContain('- bring gloves\n- bring water');
    expect(prose('Site preparation')).toContain('IN PROGRESS');
    expect(proseOf(garden).join('\n')).not.toContain('Sow broad beans');
    expect(proseOf(garden).join('\n')).not.toContain('# Community Garden Spring Build');
  });

  it('puts tasks outside any heading in Ungrouped and names the session after the file', () => {
    const text = readFileSync(join(ownDir, 'loose-checklist.md'), 'utf8');
    const plan = importText(text, 'notes/loose-checklist.md');
    expect(plan.name).toBe('loose-checklist');
    expect(plan.groups.map((g) => [g.name, g.position])).toEqual([
      [ungroupedName, 0],
      ['Errands', 1],
      ['Calls', 2],
    ]);
    expect(plan.tasks.filter((t) => groupName(plan, t) === ungroupedName)).toHaveLength(2);
  });

  it('refuses a file without a task list, saying so', () => {
    const text = readFileSync(join(ownDir, 'reading-list.md'), 'utf8');
    const result = planFromMarkdown(text, 'reading-list.md');
    expect(result).toEqual({
      ok: false,
      error: { type: 'NoTaskList', message: expect.stringContaining('no task list') as string },
    });
    if (!result.ok) expect(result.error.message).toContain('reading-list.md');
  });
});

describe('edge cases', () => {
  it('reads task items inside blockquotes as tasks, nested ones as subtasks', () => {
    const plan = importText('> Before\n> - [ ] one\n> - [x] two\n>   - [ ] three\n>\n> After\n');
    expect(outline(plan)).toEqual(['[ ] one', '[x] two', '  [ ] three']);
    expect(plan.overview).toBe('> Before\n\n> After');
    const lazy = importText('> - [ ] starts here\n> and goes on\n\n> Said after\n');
    expect(lazy.tasks[0]?.title).toBe('starts here and goes on');
    expect(lazy.overview).toBe('> Said after');
  });

  it('leaves a checkbox in a table cell in the notes', () => {
    const table = '| Step | Done |\n| ---- | ---- |\n| - [ ] paint | [x] |';
    const result = planFromMarkdown(table, 't.md');
    expect(result.ok ? 'ok' : result.error.type).toBe('NoTaskList');
    const plan = importText(`${table}\n\n- [ ] a real task\n`);
    expect(plan.tasks.map((t) => t.title)).toEqual(['a real task']);
    expect(plan.overview).toBe(table);
  });

  it('reads numbered task lists, both delimiters, and every checkbox spelling', () => {
    const plan = importText('1. [ ] first\n2. [x] second\n3. [X] third\n\n7) [ ] other list\n');
    expect(outline(plan)).toEqual(['[ ] first', '[x] second', '[x] third', '[ ] other list']);
    expect(plan.tasks.map((t) => t.position)).toEqual([0, 1, 2, 3]);
  });

  it('reads * and + bullets', () => {
    const plan = importText('* [ ] star\n* [x] star done\n\n+ [ ] plus\n  * [X] plus child\n');
    expect(outline(plan)).toEqual(['[ ] star', '[x] star done', '[ ] plus', '  [x] plus child']);
  });

  it('handles CRLF line endings', () => {
    const text =
      '# Trip\r\n\r\n## Pack\r\n- [ ] Tent\r\n- [x] Stove\r\n  - [ ] Gas\r\nCheck the weather.\r\n';
    const plan = importText(text);
    expect(plan.name).toBe('Trip');
    expect(outline(plan)).toEqual(['[ ] Tent', '[x] Stove', '  [ ] Gas Check the weather.']);
    expect(plan.tasks.map((t) => t.line)).toEqual([4, 5, 6]);
    expect([plan.overview, plan.notes, plan.groups[0]?.description]).toEqual(['', '', undefined]);
    expectPlanMatches(text.replace('Check', '\r\nCheck'), 'crlf.md');
  });

  it('drops a BOM', () => {
    const plan = importText('\uFEFF# Title\n\n- [ ] a\n');
    expect(plan.name).toBe('Title');
    expect([plan.overview, plan.notes]).toEqual(['', '']);
    expect(plan.tasks[0]?.line).toBe(3);
  });

  it('keeps headings with no items as groups, and nests by level', () => {
    const plan = importText('## A\n### A1\n#### A1x\n### A2\n- [ ] t\n## B\n');
    const shape = plan.groups.map((g) => [g.name, g.level, g.position]);
    expect(shape).toEqual([
      ['A', 0, 0],
      ['A1', 1, 0],
      ['A1x', 2, 0],
      ['A2', 1, 1],
      ['B', 0, 1],
    ]);
    expect(groupName(plan, plan.tasks[0] as PlanTask)).toBe('A2');
  });

  it('treats the first H1 as the title: tasks under it are Ungrouped, later H1s are groups', () => {
    const plan = importText('# Plan\n- [ ] a\n# Part two\n- [ ] b\n## Detail\n- [ ] c\n# Plan\n');
    expect(plan.name).toBe('Plan');
    expect(plan.tasks.map((t) => groupName(plan, t))).toEqual([
      ungroupedName,
      'Part two',
      'Detail',
    ]);
    expect(plan.groups.map((g) => g.name)).toEqual([ungroupedName, 'Part two', 'Detail', 'Plan']);
    const setext = importText('My setext title\n===============\n\n- [ ] a\n');
    expect(setext.name).toBe('My setext title');
  });

  it('ignores empty headings, which some plans use as separators', () => {
    const plan = importText('#\n\n# Title\n\n#\n\n## Week 1\n\n#\n\n- [ ] a\n');
    expect(plan.name).toBe('Title');
    expect(plan.groups.map((g) => g.name)).toEqual(['Week 1']);
    expect(groupName(plan, plan.tasks[0] as PlanTask)).toBe('Week 1');
  });

  it('does not make groups of headings inside quotes or lists', () => {
    const plan = importText('## Real\n> ## Quoted\n- ## Listed\n- [ ] a\n');
    expect(plan.groups.map((g) => g.name)).toEqual(['Real']);
  });

  it('nests task items 25 levels deep', () => {
    const depth = 25;
    const text = Array.from(
      { length: depth },
      (_, i) => `${'  '.repeat(i)}- [${i % 2 ? 'x' : ' '}] level ${i}`,
    );
    const plan = importText(text.join('\n'));
    expect(plan.tasks.map((t) => t.level)).toEqual(Array.from({ length: depth }, (_, i) => i));
    plan.tasks.forEach((task, i) => {
      expect(task.parentKey).toBe(i === 0 ? null : plan.tasks[i - 1]?.key);
      expect(task.title).toBe(`level ${i}`);
      expect(task.done).toBe(i % 2 === 1);
    });
    expect(plan.counts.maxDepth).toBe(depth);
  });

  it('makes a task under a plain item a subtask of the nearest task around it', () => {
    const plan = importText(
      '- [ ] parent\n  - a plain note\n    - [ ] child\n- plain\n  - [ ] top\n',
    );
    expect(outline(plan)).toEqual(['[ ] parent', '  [ ] child', '[ ] top']);
    expect(plan.tasks[0]?.description).toBe('- a plain note');
    expect(plan.overview).toBe('- plain');
  });

  it("keeps text inside a task item after its title in the task's description", () => {
    const plan = importText('- [ ] write\n  more\n\n  A second paragraph.\n\n      code\n');
    expect(plan.tasks[0]?.title).toBe('write more');
    expect(plan.tasks[0]?.description).toBe('A second paragraph.\n\n    code');
    expect(plan.notes).toBe('');
  });

  it('is not fooled by checkboxes that are not task items', () => {
    for (const text of [
      '',
      '   \n\n',
      'Just a paragraph with [ ] in it.',
      '- [ ]\n- [x]',
      '- [ ]no space\n',
      '```\n- [ ] fenced\n```\n',
      '    - [ ] indented code\n',
      '<ul><li>[ ] html</li></ul>\n',
      '- plain\n- list\n',
    ]) {
      const result = planFromMarkdown(text, 'x.md');
      expect(result.ok ? 'ok' : result.error.type, JSON.stringify(text)).toBe('NoTaskList');
    }
  });

  it('reads backticked ids and efforts, leaving the title untouched', () => {
    const plan = importText(
      [
        '- [ ] Fix login `T-12` (4h)',
        '- [ ] Migrate `task_123` (2.5 h)',
        '- [ ] Rename `generic_tasks` table (30 min)',
        '- [ ] Plain `code` only',
        '- [ ] Two ids `AB-1` then `task_9` (1.5hrs)',
      ].join('\n'),
    );
    const data = plan.tasks.map((t) => [t.externalId ?? null, t.estimatedEffortHours ?? null]);
    expect(data).toEqual([
      ['T-12', 4],
      ['task_123', 2.5],
      [null, 0.5],
      [null, null],
      ['AB-1', 1.5],
    ]);
    expect(plan.tasks[0]?.title).toBe('Fix login `T-12` (4h)');
  });

  it('reads the usual spellings of a Status line', () => {
    const status = (line: string) => importText(`## G\n${line}\n\n- [ ] a\n`).groups[0]?.status;
    expect(status('**Status**: NOT STARTED  ')).toBe('NOT STARTED');
    expect(status('**Status:** Done')).toBe('Done');
    expect(status('Status: blocked on review')).toBe('blocked on review');
    expect(status('__Status__: **LATE**')).toBe('LATE');
    expect(status('**Status**: 📋 PENDING | **Priority**: HIGH')).toBe('📋 PENDING');
    expect(status('**Owner**: Sam\n**Status**: ready')).toBe('ready');
    expect(status('The status: unclear')).toBeUndefined();
    expect(status('- **Status**: in a list')).toBeUndefined();
  });

  it('reads YAML front matter as notes, not as a heading', () => {
    const plan = importText('---\ntitle: Trip\ntags: [a]\n---\n\n- [ ] pack\n', 'trip.md');
    expect(plan.name).toBe('trip');
    expect(plan.groups.map((g) => g.name)).toEqual([ungroupedName]);
    expect(plan.notes).toBe('---\ntitle: Trip\ntags: [a]\n---');
  });

  it('numbers positions per parent task and per group', () => {
    const plan = importText(
      '## A\n- [ ] a0\n  - [ ] a0.0\n  - [ ] a0.1\n- [ ] a1\n## B\n- [ ] b0\n',
    );
    expect(plan.tasks.map((t) => `${t.title}@${t.position}`)).toEqual([
      'a0@0',
      'a0.0@0',
      'a0.1@1',
      'a1@1',
      'b0@0',
    ]);
  });

  it('refuses inputs over the size bound, counting UTF-8 bytes', () => {
    const big = planFromMarkdown(`- [ ] x\n${'a'.repeat(maxPlanBytes)}`, 'big.md');
    expect(big.ok ? 'ok' : big.error.type).toBe('TooLarge');
    if (!big.ok) expect(big.error.message).toContain('big.md');
    const wide = planFromMarkdown('é'.repeat(maxPlanBytes / 2 + 1));
    expect(wide.ok ? 'ok' : wide.error.type).toBe('TooLarge');
  });
});

describe('5,000 items', () => {
  it('imports quickly (time is logged, not asserted)', () => {
    const parts: string[] = ['# Big plan'];
    for (let g = 0; g < 50; g++) {
      parts.push(`\n## Group ${g}\n\nSome words about group ${g}.\n`);
      for (let i = 0; i < 100; i++) {
        const indent = i % 4 === 0 ? '' : '  '.repeat(1 + (i % 2));
        parts.push(
          `${indent}- [${i % 3 === 0 ? 'x' : ' '}] Task ${g}.${i} \`T-${g * 100 + i}\` (${i % 8}h)`,
        );
      }
    }
    const text = parts.join('\n');
    const started = performance.now();
    const result = planFromMarkdown(text, 'big.md');
    const ms = performance.now() - started;
    console.log(
      `import-plan: 5,000 items, ${(text.length / 1024).toFixed(0)} KiB in ${ms.toFixed(1)} ms`,
    );
    const plan = planOf(result);
    expect(plan.counts).toEqual({ groups: 50, tasks: 5000, done: 1700, maxDepth: 3 });
    expect(plan.tasks[4999]?.externalId).toBe('T-4999');
    expectPlanMatches(text, 'big.md');
  });
});

describe('arbitrary input', () => {
  /** Shape invariants every successful plan keeps. */
  function expectConsistent(result: PlanResult): void {
    if (!result.ok) {
      expect(['NoTaskList', 'TooLarge', 'ParseFailed']).toContain(result.error.type);
      expect(result.error.message.length).toBeGreaterThan(0);
      return;
    }
    const { plan } = result;
    const groups = new Map(plan.groups.map((g) => [g.key, g]));
    const tasks = new Map<string, PlanTask>();
    for (const task of plan.tasks) {
      const parent = task.parentKey === null ? undefined : tasks.get(task.parentKey);
      expect(task.parentKey === null || parent !== undefined).toBe(true);
      expect(task.level).toBe(parent ? parent.level + 1 : 0);
      expect(groups.has(task.groupKey)).toBe(true);
      if (parent) expect(task.groupKey).toBe(parent.groupKey);
      expect(task.title).not.toMatch(/[\r\n]/);
      tasks.set(task.key, task);
    }
    expect(plan.counts.tasks).toBe(plan.tasks.length);
    expect(plan.counts.done).toBe(plan.tasks.filter((t) => t.done).length);
    expect(plan.name.length).toBeGreaterThan(0);
    expect(plan.notes).not.toContain('\r');
  }

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expectConsistent(planFromMarkdown(text));
      }),
      { numRuns: 500 },
    );
  });

  // mdast is the slow side here (about 1 ms a case), hence the longer timeout.
  it('finds the same task items as mdast on fuzzed block structure', { timeout: 60_000 }, () => {
    // Two micromark quirks are left out on purpose (CommonMark says otherwise, and so do we):
    // an ordered list starting at 2+ right after some interrupted blocks, and a lazy line
    // of inline HTML (`<span>`) that micromark places inside the list item.
    // Known deviation found by this property (seed -669512967): an empty ordered item after
    // indented code followed by a tab-indented task item (["    ===", "1. ", "\t+ [ ]\t~~~"]);
    // the importer reads a top-level task where mdast reads none. `npm test` runs a fixed seed
    // (test/node/setup.ts); `npm run soak` explores fresh ones.
    const prefix = fc.constantFrom(
      '',
      ' ',
      '  ',
      '   ',
      '    ',
      '\t',
      '> ',
      '>',
      '- ',
      '* ',
      '+ ',
      '1. ',
      '1) ',
      '-\t',
    );
    const check = fc.constantFrom('', '', '[ ] ', '[x] ', '[X]', '[ ]', '[ ]\t');
    const content = fc.constantFrom(
      '',
      'text',
      'more words',
      '# h',
      '## h2',
      '```',
      '~~~',
      '---',
      '===',
      '***',
      '| a | b |',
      '|---|---|',
      '<div>',
      '<!-- c -->',
      '    code',
      '- [ ] t',
    );
    const line = fc
      .tuple(fc.array(prefix, { maxLength: 4 }), check, content)
      .map(([p, c, t]) => p.join('') + c + t);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const text = lines.join('\n');
        expect(tasksByImporter(text), JSON.stringify(text)).toEqual(tasksByMdast(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps its invariants on markdown-shaped text', () => {
    const piece = fc.constantFrom(
      '- [ ] ',
      '- [x] ',
      '* [X] ',
      '1. [ ] ',
      '  ',
      '    ',
      '> ',
      '# ',
      '## ',
      '### ',
      '```',
      '| a | [ ] |',
      '|---|---|',
      '**Status**: ',
      '`T-1` ',
      '(2h)',
      'text',
      '\r\n',
      '\n',
      '\uFEFF',
      '---\n',
      '- ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        expectConsistent(planFromMarkdown(pieces.join(''), 'shaped.md'));
      }),
      { numRuns: 1000 },
    );
  });
});
