/**
 * The conventions a markdown plan's task items carry, read into fields after the scanner
 * has found the items: which tool wrote the file (Kiro, GitHub Spec Kit, Obsidian Tasks, or
 * any task list), session.md's own trailing tags, checkbox states beyond `[ ]`/`[x]`,
 * references and the dependencies that name them, Obsidian's emoji and Dataview fields.
 * What a convention says that no field holds stays in the title or goes, verbatim, to the
 * task's description. One pass over the tasks; every pattern is anchored or bounded.
 */
import type { TaskStatus } from '../model';
import { splitTrailingTags } from '../session-md/markdown-tags';
import type { Tag } from '../session-md/markdown-tags';
import { appendDescriptionLine, planDateOf, statusNames } from './plan-draft';
import type { PlanDraft } from './plan-draft';
import type { PlanFormat, PlanTask } from './plan-model';

/** Decides the format, then reads every task's conventions; returns the format. */
export function readMarkdownConventions(
  draft: PlanDraft,
  source: string,
  fileName: string | undefined,
): PlanFormat {
  const format = markdownFormatOf(draft.tasks, source, fileName);
  for (const task of draft.tasks) readTask(draft, task, format);
  if (format === 'kiro') nestByNumber(draft);
  if (format === 'spec-kit') {
    for (const group of draft.groups) {
      if (/^Phase\s+\d+/i.test(group.name)) draft.note('## Phase N: …', 'a group');
      if (/\bCheckpoint\b/.test(group.description ?? ''))
        draft.note('Checkpoint', "kept in the phase group's description");
    }
  }
  return format;
}

const kiroNumber = /^(\d{1,9}(?:\.\d{1,9})*)\.?(?= )/;
const specKitId = /^(T\d{3,9})\b/;

/** Which tool's `tasks.md` this is, from how most task titles start. */
function markdownFormatOf(
  tasks: readonly PlanTask[],
  source: string,
  fileName: string | undefined,
): PlanFormat {
  if (tasks.length === 0) return 'markdown';
  const most = (test: (task: PlanTask) => boolean): boolean => {
    let n = 0;
    for (const task of tasks) if (test(task)) n++;
    return n * 2 >= tasks.length;
  };
  if (most((t) => specKitId.test(t.text))) return 'spec-kit';
  if (most((t) => kiroNumber.test(t.text))) {
    const kiroSigns =
      /_Requirements:/.test(source) ||
      /(?:^|\/)tasks\.md$/i.test(fileName ?? '') ||
      tasks.some((t) => /^\d+\.\d+/.test(t.text) || t.checkbox?.endsWith('*') === true);
    if (kiroSigns) return 'kiro';
  }
  if (tasks.some((t) => hasObsidianFields(t.text))) return 'obsidian-tasks';
  return 'markdown';
}

function readTask(draft: PlanDraft, task: PlanTask, format: PlanFormat): void {
  let title = task.text;
  const kept: string[] = [];

  // session.md's own tags, read exactly as session.md reads them.
  const split = splitTrailingTags(title, 'task');
  if (split.tags.length > 0) {
    title = split.title;
    for (const tag of split.tags) readTag(draft, task, tag);
  }

  // Obsidian Tasks fields, wherever a plan uses them.
  title = readObsidianFields(draft, task, title, kept);

  readCheckbox(draft, task, format, kept);

  const externalId = externalIdPattern.exec(title)?.[1];
  if (externalId !== undefined) {
    task.externalId = externalId;
    draft.note('`task_12` / `T-12`', 'the reference (kept in the title)');
  }
  if (task.estimatedEffortHours === undefined) {
    const effort = effortHoursOf(title);
    if (effort !== undefined) {
      task.estimatedEffortHours = effort;
      draft.note('(4h) / (30m)', 'estimated effort (kept in the title)');
    }
  }
  if (format === 'kiro') {
    const number = kiroNumber.exec(title)?.[1];
    if (number !== undefined) {
      task.ref ??= number;
      draft.note('1. / 1.1 numbering', 'the reference (kept in the title)');
    }
    if (task.description !== undefined && /_Requirements:/.test(task.description))
      draft.note('_Requirements: …_', 'the description');
  }
  if (format === 'spec-kit') {
    const id = specKitId.exec(title)?.[1];
    if (id !== undefined) {
      task.ref ??= id;
      draft.note('T001', 'the reference (kept in the title)');
    }
    if (/(?:^|\s)\[P\](?=\s|$)/.test(title)) draft.note('[P]', 'kept in the title (parallel)');
    if (/(?:^|\s)\[US\d+\](?=\s|$)/.test(title))
      draft.note('[US1]', 'kept in the title (user story)');
  }
  readTextDependencies(draft, task, title);

  task.title = title.trim() === '' ? task.text : title;
  if (kept.length > 0) appendDescriptionLine(task, kept.join(' '));
}

// ---------------------------------------------------------------------------------------
// session.md tags

function readTag(draft: PlanDraft, task: PlanTask, tag: Tag): void {
  switch (tag.kind) {
    case 'status':
      // A ticked box stays done whatever the tag says.
      if (task.status !== 'completed') task.status = tag.value;
      draft.note(`\`${statusNames[tag.value]}\``, `status ${statusNames[tag.value]}`);
      return;
    case 'specialist':
      task.specialist = tag.value;
      draft.note('`@specialist`', 'the specialist');
      return;
    case 'complexity':
      task.complexity = tag.value;
      draft.note('`complexity:…`', 'the complexity');
      return;
    case 'estimated':
      task.estimatedEffortHours = tag.value;
      draft.note('`est:…`', 'estimated effort');
      return;
    case 'actual':
      task.actualEffortHours = tag.value;
      draft.note('`actual:…`', 'actual effort');
      return;
    case 'depends':
      draft.want(task, 'depends', tag.value, `\`depends:${tag.value.join(',')}\``);
      draft.note('`depends:…`', 'dependencies');
      return;
    case 'related':
      draft.want(task, 'related', tag.value, `\`related:${tag.value.join(',')}\``);
      draft.note('`related:…`', 'related tasks');
      return;
    case 'due':
      task.dueDate = tag.value;
      draft.note('`due:…`', 'the due date');
      return;
    case 'scheduled':
      task.scheduledDate = tag.value;
      draft.note('`scheduled:…`', 'the scheduled date');
      return;
    case 'parent':
    case 'invalid':
      // Never taken off a task's title: splitTrailingTags leaves them in it.
      return;
    default: {
      // A tag kind added to session.md must be mapped here, or its text would be lost.
      const unmapped: never = tag;
      return unmapped;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Checkbox states

/** What each checkbox state becomes, per format; states no format documents keep a note. */
function readCheckbox(draft: PlanDraft, task: PlanTask, format: PlanFormat, kept: string[]): void {
  const box = task.checkbox;
  if (box === undefined) return;
  const state = box[1] ?? ' ';
  const optional = box.endsWith('*');
  if (optional) {
    kept.push('Optional task (`[ ]*`).');
    draft.note('[ ]*', 'an optional task (said in the description)');
    if (state === ' ' || state === 'x' || state === 'X') return;
  }
  const documented = documentedStates[format]?.[state];
  const status: TaskStatus = documented ?? fallbackStates[state] ?? 'pending';
  // A tag or an Obsidian field may have said more (cancelled, done): it wins.
  if (task.status === 'in_progress' || task.status === 'pending') task.status = status;
  if (documented === undefined) kept.push(`Checkbox: [${state}]`);
  draft.note(
    `[${state}]`,
    documented === undefined
      ? `${statusNames[status]} (the box is kept in the description)`
      : statusNames[status],
  );
}

const documentedStates: Partial<Record<PlanFormat, Readonly<Record<string, TaskStatus>>>> = {
  kiro: { '-': 'in_progress' },
  'obsidian-tasks': { '-': 'cancelled', '/': 'in_progress' },
};

/** Never done: a box we cannot be sure of is open, or in progress when it says so. */
const fallbackStates: Readonly<Record<string, TaskStatus>> = {
  '-': 'in_progress',
  '/': 'in_progress',
  '~': 'in_progress',
  '?': 'pending',
  '!': 'pending',
  '>': 'pending',
  '<': 'pending',
};

// ---------------------------------------------------------------------------------------
// Obsidian Tasks: emoji fields at the end of the line, Dataview `[key:: value]` anywhere.

type ObsidianField =
  | 'due'
  | 'scheduled'
  | 'start'
  | 'created'
  | 'done'
  | 'cancelled'
  | 'id'
  | 'dependsOn'
  | 'priority'
  | 'recurrence'
  | 'onCompletion';

const emojiFields: ReadonlyArray<readonly [string, ObsidianField, number?]> = [
  ['📅', 'due'],
  ['📆', 'due'],
  ['🗓', 'due'],
  ['⏳', 'scheduled'],
  ['⌛', 'scheduled'],
  ['🛫', 'start'],
  ['➕', 'created'],
  ['✅', 'done'],
  ['❌', 'cancelled'],
  ['🆔', 'id'],
  ['⛔', 'dependsOn'],
  ['🔺', 'priority', 1],
  ['⏫', 'priority', 2],
  ['🔼', 'priority', 3],
  ['🔽', 'priority', 4],
  ['⏬', 'priority', 5],
  ['🔁', 'recurrence'],
  ['🏁', 'onCompletion'],
];

/** How the preview names an emoji field, so it reads even without an emoji font. */
const emojiNames: ReadonlyMap<string, string> = new Map([
  ['📅', 'due'],
  ['📆', 'due'],
  ['🗓', 'due'],
  ['⏳', 'scheduled'],
  ['⌛', 'scheduled'],
  ['🛫', 'start'],
  ['➕', 'created'],
  ['✅', 'done'],
  ['❌', 'cancelled'],
  ['🆔', 'id'],
  ['⛔', 'depends on'],
  ['🔺', 'highest'],
  ['⏫', 'high'],
  ['🔼', 'medium'],
  ['🔽', 'low'],
  ['⏬', 'lowest'],
  ['🔁', 'repeats'],
  ['🏁', 'on completion'],
]);

const dataviewKeys: ReadonlyMap<string, ObsidianField> = new Map([
  ['due', 'due'],
  ['scheduled', 'scheduled'],
  ['start', 'start'],
  ['created', 'created'],
  ['completion', 'done'],
  ['cancelled', 'cancelled'],
  ['id', 'id'],
  ['dependson', 'dependsOn'],
  ['priority', 'priority'],
  ['repeat', 'recurrence'],
  ['oncompletion', 'onCompletion'],
]);

const dataviewPriorities: ReadonlyMap<string, number> = new Map([
  ['highest', 1],
  ['high', 2],
  ['medium', 3],
  ['low', 4],
  ['lowest', 5],
]);

const dataviewPattern = /[[(]([A-Za-z]{2,12})::[ \t]*([^\])[]*)[\])]/g;

interface EmojiMark {
  at: number;
  emoji: string;
  field: ObsidianField;
  priority?: number;
}

/**
 * The emoji fields at the end of `text`, each running to the next: an emoji counts only
 * where its value is valid (a date after 📅, an id after 🆔 …) and some title precedes it,
 * so "✅ Done: setup" or "Ship it 🎉" read as plain titles.
 */
function emojiMarksOf(text: string): EmojiMark[] {
  const found: EmojiMark[] = [];
  for (const [emoji, field, priority] of emojiFields) {
    for (let at = text.indexOf(emoji); at >= 0; at = text.indexOf(emoji, at + emoji.length))
      found.push(priority === undefined ? { at, emoji, field } : { at, emoji, field, priority });
  }
  if (found.length === 0) return found;
  found.sort((a, b) => a.at - b.at);
  const marks = found.filter((mark, i) =>
    validField(mark.field, valueAt(text, mark, found[i + 1]?.at ?? text.length)),
  );
  // Fields follow the title: everything from the first one on must be fields.
  const first = marks[0];
  return first !== undefined && text.slice(0, first.at).trim() !== '' ? marks : [];
}

function valueAt(text: string, mark: EmojiMark, end: number): string {
  return text
    .slice(mark.at + mark.emoji.length, end)
    .replace(/^\uFE0F/, '')
    .trim();
}

function validField(field: ObsidianField, value: string): boolean {
  switch (field) {
    case 'due':
    case 'scheduled':
    case 'start':
    case 'created':
    case 'done':
    case 'cancelled':
      return planDateOf(value) !== undefined;
    case 'id':
    case 'dependsOn':
      return /^[\w-]+/.test(value);
    case 'priority':
      return true;
    case 'recurrence':
    case 'onCompletion':
      return value !== '';
  }
}

function hasDataviewField(text: string): boolean {
  if (!text.includes('::')) return false;
  dataviewPattern.lastIndex = 0;
  for (let m = dataviewPattern.exec(text); m; m = dataviewPattern.exec(text)) {
    if (dataviewKeys.has((m[1] ?? '').toLowerCase())) return true;
  }
  return false;
}

/** Whether a task item carries Obsidian Tasks fields. */
function hasObsidianFields(text: string): boolean {
  return hasDataviewField(text) || emojiMarksOf(text).length > 0;
}

/** Reads the fields into the task and returns the title without them. */
function readObsidianFields(
  draft: PlanDraft,
  task: PlanTask,
  text: string,
  kept: string[],
): string {
  let title = text;
  // Dataview fields first: they are bracketed and may stand anywhere.
  if (hasDataviewField(title)) {
    title = title.replace(dataviewPattern, (whole, key: string, value: string) => {
      const field = dataviewKeys.get(key.toLowerCase());
      if (field === undefined) return whole;
      const priority = dataviewPriorities.get(value.trim().toLowerCase());
      readField(draft, task, field, value.trim(), whole, kept, priority, `[${key}:: …]`);
      return '';
    });
    title = title.replace(/[ \t]{2,}/g, ' ').trim();
  }
  const marks = emojiMarksOf(title);
  const start = marks[0]?.at;
  if (start === undefined) return title;
  marks.forEach((mark, i) => {
    const end = marks[i + 1]?.at ?? title.length;
    const whole = title.slice(mark.at, end).trim();
    const value = valueAt(title, mark, end);
    const found = `${mark.emoji} (${emojiNames.get(mark.emoji) ?? mark.field})`;
    readField(draft, task, mark.field, value, whole, kept, mark.priority, found);
  });
  return title.slice(0, start).trim();
}

function readField(
  draft: PlanDraft,
  task: PlanTask,
  field: ObsidianField,
  value: string,
  whole: string,
  kept: string[],
  priority: number | undefined,
  found: string,
): void {
  const date = planDateOf(value);
  // What follows a date (tags, words) has no field: it is kept.
  const rest = date === undefined ? value : value.trim().slice(date.length).trim();
  const keepRest = (): void => {
    if (rest !== '') kept.push(rest);
  };
  switch (field) {
    case 'due':
    case 'scheduled':
      if (date === undefined) break;
      if (field === 'due') task.dueDate = date;
      else task.scheduledDate = date;
      draft.note(found, field === 'due' ? 'the due date' : 'the scheduled date');
      keepRest();
      return;
    case 'done':
      task.status = 'completed';
      if (date !== undefined) task.completedAt = date;
      draft.note(found, date === undefined ? 'done' : 'done, with the date it was completed');
      keepRest();
      return;
    case 'cancelled':
      task.status = 'cancelled';
      draft.note(found, 'cancelled (the date is kept in the description)');
      kept.push(whole);
      return;
    case 'id':
      if (!/^[\w-]+$/.test(value)) break;
      task.ref = value;
      draft.note(found, 'the reference (kept in the description)');
      kept.push(whole);
      return;
    case 'dependsOn':
      draft.want(
        task,
        'depends',
        value.split(/[\s,]+/).filter((ref) => ref !== ''),
        whole,
      );
      draft.note(found, 'dependencies');
      return;
    case 'priority':
      if (priority === undefined) break;
      task.priority = priority;
      draft.note(found, 'a priority (kept in the description: tasks have no priority)');
      kept.push(whole);
      return;
    case 'start':
    case 'created':
    case 'recurrence':
    case 'onCompletion':
      break;
  }
  draft.note(found, 'kept in the description');
  kept.push(whole);
}

// ---------------------------------------------------------------------------------------
// References and dependencies written as text

/** A backticked id like `task_65480` or `T-12`; code names like `generic_tasks` are not ids. */
const externalIdPattern = /`(task_[a-z0-9]*[0-9][a-z0-9]*|[A-Z][A-Z0-9]{0,9}-[0-9]+)`/i;

const effortPattern = /\((\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?)\)/i;

function effortHoursOf(title: string): number | undefined {
  const match = effortPattern.exec(title);
  if (!match?.[1] || !match[2]) return undefined;
  const amount = Number(match[1]);
  const hours = match[2].toLowerCase().startsWith('h') ? amount : amount / 60;
  return Number.isFinite(hours) ? hours : undefined;
}

const refWord = String.raw`(?:[A-Za-z]{1,10}-?\d{1,9}(?:\.\d{1,9})*|\d{1,9}(?:\.\d{1,9})+)`;
const refList = String.raw`${refWord}(?:[ \t]*(?:,|&|and)[ \t]*${refWord})*`;
/** "depends on T012", "(after T003)", "requires T001, T002": the text stays where it is. */
const dependencyPattern = new RegExp(
  String.raw`\b(?:depends[ \t]+on|depend[ \t]+on|after|requires|blocked[ \t]+by)[ \t]*:?[ \t]*(${refList})`,
  'gi',
);

function readTextDependencies(draft: PlanDraft, task: PlanTask, title: string): void {
  const texts = [title];
  if (task.description !== undefined) texts.push(task.description);
  for (const text of texts) {
    dependencyPattern.lastIndex = 0;
    for (let m = dependencyPattern.exec(text); m; m = dependencyPattern.exec(text)) {
      const refs = (m[1] ?? '').split(/[ \t]*(?:,|&|\band\b)[ \t]*/);
      // Only refs that some task carries count; the text itself stays, so nothing is lost.
      draft.want(task, 'depends', refs, '', [
        '"depends on T012" / "after T003"',
        'dependencies (the text stays)',
      ]);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Kiro: `2.1` under `2.` when the file writes them as siblings.

function nestByNumber(draft: PlanDraft): void {
  const byNumber = new Map<string, PlanTask>();
  for (const task of draft.tasks) {
    const ref = task.ref;
    if (ref === undefined) continue;
    const dot = ref.lastIndexOf('.');
    const parent = dot > 0 ? byNumber.get(ref.slice(0, dot)) : undefined;
    if (
      parent !== undefined &&
      task.parentKey !== parent.key &&
      task.parentKey === parent.parentKey &&
      task.groupKey === parent.groupKey
    ) {
      task.parentKey = parent.key;
      draft.note('2.1 after 2.', 'a subtask of 2.');
    }
    byNumber.set(ref, task);
  }
}
