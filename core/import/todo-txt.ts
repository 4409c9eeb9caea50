/**
 * todo.txt (one task a line): `x` → done, `(A)` → priority, the dates at the start →
 * completed at (and created, kept), the first `+project` → the task's group, the first
 * `@context` → its specialist, `due:` → due date, `t:` (threshold) → scheduled date.
 * `id:`, `parent:`, `dep:`, `status:` and `est:` — what our own todo.txt export writes — give
 * back the hierarchy, dependencies, status and effort. Everything else stays in the title;
 * the priority and creation date, which have no field, go to the description verbatim.
 * One pass over the lines, no backtracking patterns.
 */
import type { TaskStatus } from '../model';
import { hoursFromText, taskStatusFromWord } from '../session-md/markdown-tags';
import { PlanDraft, appendDescriptionLine, planDateOf } from './plan-draft';
import type { Plan, PlanGroup, PlanTask } from './plan-model';

/** Whether a text looks like todo.txt rather than markdown: most lines read as todo.txt. */
export function looksLikeTodoTxt(text: string): boolean {
  let todo = 0;
  let other = 0;
  for (const raw of text.split('\n', 2000)) {
    const line = raw.trim();
    if (line === '') continue;
    if (/^(?:[-*+]|\d+[.)])\s+\[[ xX]\]/.test(line) || /^#{1,6}\s/.test(line)) other++;
    else if (
      /^(?:x |\([A-Z]\) |\d{4}-\d{2}-\d{2} )/.test(line) ||
      /(?:^|\s)(?:[+@]\S|[a-z]+:\S)/.test(line)
    )
      todo++;
  }
  return todo > 0 && todo >= other * 2;
}

interface Parsed {
  task: PlanTask;
  id?: string;
  parent?: string;
}

export function planFromTodoTxt(text: string, name: string): Plan {
  const draft = new PlanDraft();
  const groups = new Map<string, PlanGroup>();
  const parsed: Parsed[] = [];
  const lines = text.split('\n');
  const skipped: string[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const read = readLine(draft, groups, line, index + 1);
    if (read) parsed.push(read);
    else skipped.push(raw);
  });
  // `parent:` names a task by its `id:`; a parent must come first, as the export writes it.
  const byId = new Map<string, PlanTask>();
  for (const { task, id, parent } of parsed) {
    const up = parent === undefined ? undefined : byId.get(parent.toLowerCase());
    if (up !== undefined && up !== task) {
      task.parentKey = up.key;
      draft.note('parent:', 'a subtask of the task with that id:');
    } else if (parent !== undefined) {
      appendDescriptionLine(task, `parent:${parent} (not found in this file)`);
    }
    if (id !== undefined) byId.set(id.toLowerCase(), task);
  }
  draft.orderParentsFirst();
  return draft.finish('todo-txt', name, '', skipped.join('\n'));
}

function readLine(
  draft: PlanDraft,
  groups: Map<string, PlanGroup>,
  line: string,
  lineNo: number,
): Parsed | null {
  let rest = line;
  let done = false;
  const kept: string[] = [];
  let priority: number | undefined;
  let completedAt: string | undefined;
  if (/^x\s/.test(rest)) {
    done = true;
    rest = rest.slice(2).trimStart();
  }
  const pri = /^\(([A-Z])\)\s+/.exec(rest);
  if (pri) {
    priority = priorityOf(pri[1] ?? 'Z');
    kept.push(`(${pri[1]})`);
    rest = rest.slice(pri[0].length);
  }
  // Done: completion date, then creation date. Open: creation date only.
  const first = planDateOf(rest);
  if (first !== undefined && /^\d{4}-\d{2}-\d{2}\s/.test(rest)) {
    rest = rest.slice(first.length).trimStart();
    const second = planDateOf(rest);
    if (done && second !== undefined && /^\d{4}-\d{2}-\d{2}\s/.test(rest)) {
      completedAt = first;
      kept.push(`created ${second}`);
      rest = rest.slice(second.length).trimStart();
    } else if (done) {
      completedAt = first;
    } else {
      kept.push(`created ${first}`);
    }
  }
  const words = rest.split(/\s+/);
  const titleWords: string[] = [];
  let project: string | undefined;
  let context: string | undefined;
  const fields: Array<[string, string, string]> = [];
  for (const word of words) {
    if (project === undefined && /^\+\S/.test(word)) project = word.slice(1);
    else if (context === undefined && /^@\S/.test(word)) context = word.slice(1);
    else {
      const kv = /^([A-Za-z][\w-]*):(\S+)$/.exec(word);
      const key = kv?.[1]?.toLowerCase();
      if (kv && key !== undefined && fieldKeys.has(key)) fields.push([key, kv[2] ?? '', word]);
      else titleWords.push(word);
    }
  }
  const title = titleWords.join(' ');
  if (title === '') return null;
  let status: TaskStatus = done ? 'completed' : 'pending';
  const group = project === undefined ? null : groupFor(draft, groups, project);
  const task = draft.addTask(title, status, group, null, lineNo);
  task.text = line;
  if (project !== undefined) draft.note('+project', 'the group');
  if (context !== undefined) {
    task.specialist = context;
    draft.note('@context', 'the specialist');
  }
  if (done) draft.note('x', 'done');
  if (priority !== undefined) {
    task.priority = priority;
    draft.note('(A)', 'a priority (kept in the description: tasks have no priority)');
  }
  if (completedAt !== undefined) {
    task.completedAt = completedAt;
    draft.note('x 2026-01-02', 'the date it was completed');
  }
  if (kept.some((k) => k.startsWith('created ')))
    draft.note('creation date', 'kept in the description');
  const result: Parsed = { task };
  for (const [key, value, word] of fields) {
    const date = planDateOf(value);
    if (key === 'due' && date === value) {
      task.dueDate = date;
      draft.note('due:', 'the due date');
    } else if (key === 't' && date === value) {
      task.scheduledDate = date;
      draft.note('t:', 'the scheduled date');
    } else if (key === 'pri' && /^[A-Z]$/.test(value)) {
      task.priority = priorityOf(value);
      kept.push(word);
    } else if (key === 'id') {
      result.id = value;
      task.ref = value;
      draft.note('id:', 'the reference (kept in the description)');
      kept.push(word);
    } else if (key === 'parent') {
      result.parent = value;
    } else if (key === 'dep') {
      draft.want(task, 'depends', value.split(','), word);
      draft.note('dep:', 'dependencies');
    } else if (key === 'status' && taskStatusFromWord(value) !== null) {
      status = taskStatusFromWord(value) ?? status;
      if (!done) task.status = status;
      draft.note('status:', 'the status');
    } else if (key === 'est' && hoursFromText(value) !== null) {
      task.estimatedEffortHours = hoursFromText(value) ?? 0;
      draft.note('est:', 'estimated effort');
    } else {
      // A key we know with a value we cannot read stays in the title.
      task.title = `${task.title} ${word}`;
    }
  }
  if (kept.length > 0) appendDescriptionLine(task, kept.join(' '));
  return result;
}

const fieldKeys: ReadonlySet<string> = new Set([
  'due',
  't',
  'pri',
  'id',
  'parent',
  'dep',
  'status',
  'est',
]);

/** (A) highest … (E) and below lowest, on the app's 1–5 scale. */
function priorityOf(letter: string): number {
  return Math.min(5, Math.max(1, letter.charCodeAt(0) - 64));
}

function groupFor(draft: PlanDraft, groups: Map<string, PlanGroup>, project: string): PlanGroup {
  const name = project.replace(/_+/g, ' ').trim() || project;
  let group = groups.get(name.toLowerCase());
  if (!group) {
    group = draft.addGroup(name, null);
    groups.set(name.toLowerCase(), group);
  }
  return group;
}
