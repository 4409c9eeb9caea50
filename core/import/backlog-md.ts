/**
 * Backlog.md: one file per task (`backlog/tasks/task-12 - Title.md`), YAML front matter and
 * a markdown body. `id` → the reference, `title`, `status` (To Do / In Progress / Done and
 * the app's own words), `dependencies` → dependencies, `parent_task_id` → the parent,
 * `milestone` → the group, `priority` → a priority (kept: tasks have no priority field).
 * The body (description, acceptance criteria, plan, notes) becomes the description verbatim,
 * less the tool's `<!-- SECTION:… -->` / `<!-- AC:… -->` marker lines; the other front-matter
 * keys (assignee, labels, dates …) are kept as YAML lines above it.
 */
import { parse } from 'yaml';
import type { TaskStatus } from '../model';
import { taskStatusFromWord } from '../session-md/markdown-tags';
import { PlanDraft, appendDescription, statusNames } from './plan-draft';
import type { Plan, PlanGroup } from './plan-model';
import type { PlanFile } from './plan-files';

const frontMatter = /^\uFEFF?---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/** Whether a file is a Backlog.md task: front matter with an `id` and a `title`. */
export function isBacklogTask(file: PlanFile): boolean {
  if (!/\.md$/i.test(file.path)) return false;
  const head = frontMatter.exec(file.text.slice(0, 20_000).replace(/\r\n?/g, '\n'))?.[1] ?? '';
  return /^id:[ \t]*\S/m.test(head) && /^title:[ \t]*\S/m.test(head);
}

const mappedKeys = new Set([
  'id',
  'title',
  'status',
  'dependencies',
  'parent_task_id',
  'parent',
  'milestone',
  'priority',
  'ordinal',
]);

interface Entry {
  file: PlanFile;
  data: Record<string, unknown>;
  /** The front matter's top-level keys with their lines, verbatim. */
  blocks: Map<string, string>;
  body: string;
  problem?: string;
}

export function planFromBacklog(files: readonly PlanFile[], name: string): Plan {
  const draft = new PlanDraft();
  const entries = files.map(readEntry);
  // Reading order: by ordinal when the board set one, then by the id's number.
  entries.sort(
    (a, b) =>
      ordinalOf(a) - ordinalOf(b) || idNumber(a) - idNumber(b) || compare(a.file.path, b.file.path),
  );
  const milestones = new Map<string, PlanGroup>();
  const parents: Array<[string, string]> = [];
  entries.forEach((entry, i) => {
    const { data } = entry;
    const title = text(data['title']) || entry.file.path.split('/').pop()!.replace(/\.md$/i, '');
    const milestone = text(data['milestone']);
    let group: PlanGroup | null = null;
    if (milestone !== '') {
      group = milestones.get(milestone) ?? draft.addGroup(milestone, null);
      milestones.set(milestone, group);
      draft.note('milestone:', 'the group');
    }
    const rawStatus = text(data['status']);
    const status = statusOf(rawStatus);
    const task = draft.addTask(title, status ?? 'pending', group, null, i + 1);
    task.text = title;
    if (rawStatus !== '')
      draft.note(
        `status: ${rawStatus}`,
        status ? statusNames[status] : 'open (kept in the description)',
      );
    const id = text(data['id']);
    if (id !== '') {
      task.ref = id;
      draft.note('id:', 'the reference (kept in the description)');
    }
    const deps = list(data['dependencies']);
    if (deps.length > 0) {
      draft.want(task, 'depends', deps, `dependencies: ${deps.join(', ')}`);
      draft.note('dependencies:', 'dependencies');
    }
    const parent = text(data['parent_task_id']) || text(data['parent']);
    if (parent !== '') parents.push([task.key, parent]);
    const priority = priorities.get(text(data['priority']).toLowerCase());
    if (priority !== undefined) {
      task.priority = priority;
      draft.note('priority:', 'a priority (kept in the description: tasks have no priority)');
    }
    // Keys without a field (and the id and priority, which have none either) stay verbatim.
    const kept: string[] = [];
    for (const [key, lines] of entry.blocks) {
      const unmapped = !mappedKeys.has(key) || key === 'id' || key === 'priority';
      if (unmapped || (key === 'status' && status === null)) kept.push(lines);
    }
    if (entry.problem !== undefined) appendDescription(task, entry.problem);
    appendDescription(task, kept.join('\n'));
    appendDescription(task, entry.body);
  });
  const byRef = new Map(draft.tasks.map((t) => [(t.ref ?? '').toLowerCase(), t]));
  const byKey = new Map(draft.tasks.map((t) => [t.key, t]));
  for (const [key, ref] of parents) {
    const task = byKey.get(key)!;
    const parent = byRef.get(ref.toLowerCase());
    if (parent && parent !== task) {
      task.parentKey = parent.key;
      draft.note('parent_task_id:', 'a subtask');
    } else appendDescription(task, `parent_task_id: ${ref} (not found in these files)`);
  }
  draft.orderParentsFirst();
  draft.tasks.forEach((task, i) => {
    task.line = i + 1;
  });
  return draft.finish('backlog-md', name, '', '');
}

function readEntry(file: PlanFile): Entry {
  const source = file.text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const match = frontMatter.exec(source);
  const bodyText = match ? source.slice(match[0].length) : source;
  const body = bodyText
    .split('\n')
    .filter(
      (line) =>
        !/^[ \t]*<!--[ \t]*(?:SECTION|AC|DOD|PLAN|NOTES):[A-Z_]*(?::BEGIN|:END)?[ \t]*-->[ \t]*$/.test(
          line,
        ),
    )
    .join('\n')
    .trim();
  try {
    const data: unknown = parse(match?.[1] ?? '');
    if (data !== null && typeof data === 'object' && !Array.isArray(data))
      return {
        file,
        data: data as Record<string, unknown>,
        blocks: keyBlocks(match?.[1] ?? ''),
        body,
      };
    return {
      file,
      data: {},
      blocks: new Map(),
      body: source.trim(),
      problem: `${file.path}: the front matter is not a list of fields.`,
    };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // The whole file is kept: a bad header must not lose the task.
    return {
      file,
      data: {},
      blocks: new Map(),
      body: source.trim(),
      problem: `${file.path}: the front matter could not be read (${detail}).`,
    };
  }
}

/** Each top-level key of the front matter with its lines (the key's and those under it). */
function keyBlocks(yaml: string): Map<string, string> {
  const blocks = new Map<string, string>();
  let key: string | null = null;
  let lines: string[] = [];
  const flush = (): void => {
    if (key !== null) blocks.set(key, lines.join('\n').trimEnd());
  };
  for (const line of yaml.split('\n')) {
    const top = /^([A-Za-z_][\w-]*)[ \t]*:/.exec(line);
    if (top) {
      flush();
      key = top[1] ?? null;
      lines = [line];
    } else if (key !== null) lines.push(line);
  }
  flush();
  return blocks;
}

const priorities = new Map([
  ['critical', 1],
  ['high', 2],
  ['medium', 3],
  ['low', 4],
]);

function statusOf(raw: string): TaskStatus | null {
  const word = raw.trim().toLowerCase();
  if (word === '') return 'pending';
  if (word === 'to do') return 'pending';
  return taskStatusFromWord(word);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((v) => v !== '');
  return text(value)
    .split(/[\s,]+/)
    .filter((v) => v !== '');
}

function ordinalOf(entry: Entry): number {
  const value = entry.data['ordinal'];
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.MAX_SAFE_INTEGER;
}

function idNumber(entry: Entry): number {
  const match = /(\d+)(?:\.(\d+))?\s*$/.exec(text(entry.data['id']));
  if (!match) return Number.MAX_SAFE_INTEGER;
  return Number(match[1]) + (match[2] === undefined ? 0 : Number(match[2]) / 1e6);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
