/**
 * The Tasks area of session.md, line by line: group headings (nesting by heading level),
 * task items (nesting by indentation), their `> ` descriptions, and everything else kept as
 * anchored extras. Tasks and groups written without an id get temporary ids.
 */
import {
  isEscapedTextLine,
  readBrokenCheckbox,
  readBullet,
  readHeading,
  readQuote,
  readTaskItem,
  splitIdComment,
} from './markdown-syntax';
import { splitTrailingTags } from './markdown-tags';
import type { Tag } from './markdown-tags';
import type { ExtrasCollector, Problems } from './parse-state';
import { normalizeText, taskContainerKey, tempIdPrefix } from './session-doc';
import type { Anchor, GroupDoc, SessionDoc, TaskDoc } from './session-doc';

interface OpenItem {
  indent: number;
  task: TaskDoc;
}

export class TasksAreaParser {
  readonly tasks: TaskDoc[] = [];
  readonly groups: GroupDoc[] = [];
  readonly newTaskIds: string[] = [];
  readonly newGroupIds: string[] = [];

  private readonly taskIds = new Set<string>();
  private readonly groupIds = new Set<string>();
  private readonly fallbackTasks: ReadonlyMap<string, TaskDoc>;
  private readonly fallbackGroups: ReadonlySet<string> | null;
  private readonly nextPosition = new Map<string, number>();
  private readonly descriptions = new Map<TaskDoc, string[]>();
  private readonly groupDescriptions = new Map<GroupDoc, string[]>();

  private headingStack: Array<{ level: number; group: GroupDoc }> = [];
  private itemStack: OpenItem[] = [];
  /** Where unknown text goes: after the last structural line. */
  anchor: Anchor = 'section:tasks';
  /** The item whose `> ` description may continue on the next line. */
  private describing: OpenItem | null = null;
  /** The group whose `> ` description may start or continue on the next line. */
  private describingGroup: { group: GroupDoc; started: boolean } | null = null;

  private readonly problems: Problems;
  private readonly extras: ExtrasCollector;

  constructor(problems: Problems, extras: ExtrasCollector, fallback: SessionDoc | undefined) {
    this.problems = problems;
    this.extras = extras;
    this.fallbackTasks = new Map((fallback?.tasks ?? []).map((t) => [t.task_id, t]));
    this.fallbackGroups = fallback ? new Set(fallback.groups.map((g) => g.group_id)) : null;
  }

  /** Entering the Tasks section (or tasks written after the change log): ungrouped again. */
  enterUngrouped(): void {
    this.headingStack = [];
    this.itemStack = [];
    this.describing = null;
    this.describingGroup = null;
    this.anchor = 'section:tasks';
    this.extras.interrupt();
  }

  /** Whether this line starts task content (used to leave the header implicitly). */
  static startsTaskContent(line: string): boolean {
    if (readTaskItem(line)) return true;
    const heading = readHeading(line);
    return heading != null && heading.level >= 2 && !isEscapedTextLine(line);
  }

  /** A line that is only text here (a fenced block, a repeated section heading). */
  keep(line: string): void {
    this.describing = null;
    if (this.describingGroup) this.describingGroup = null;
    this.extras.add(this.anchor, line);
  }

  line(line: string, lineNo: number): void {
    if (line.trim() === '') {
      this.describing = null;
      if (this.describingGroup?.started) this.describingGroup = null;
      this.extras.blank();
      return;
    }
    const heading = readHeading(line);
    if (heading != null && heading.level >= 2 && !isEscapedTextLine(line)) {
      return this.groupHeading(heading, lineNo);
    }
    const item = readTaskItem(line);
    if (item) return this.item(item.indent, item.checked, item.text, lineNo, false);
    const bullet = readBullet(line);
    if (bullet) {
      const broken = readBrokenCheckbox(bullet.text);
      const hasId = splitIdComment(bullet.text).id != null;
      if (hasId || broken) {
        this.problems.warn(
          'MalformedTaskItem',
          lineNo,
          hasId
            ? 'A task line lost its checkbox form; read as a task. Write it as "- [ ] title".'
            : 'This looks like a task item but the checkbox is malformed; kept as text. Write "- [ ] title".',
        );
      }
      if (hasId) {
        const text = broken ? broken.text : bullet.text;
        return this.item(bullet.indent, broken?.checked ?? null, text, lineNo, true);
      }
    }
    const quote = readQuote(line);
    if (quote && this.describing && quote.indent > this.describing.indent) {
      this.descriptions.get(this.describing.task)?.push(quote.text);
      return;
    }
    if (quote && this.describingGroup && quote.indent < 4) {
      this.describingGroup.started = true;
      this.groupDescriptions.get(this.describingGroup.group)?.push(quote.text);
      return;
    }
    this.keep(line);
  }

  private groupHeading(heading: { level: number; text: string }, lineNo: number): void {
    const { rest, id } = splitIdComment(heading.text);
    const split = splitTrailingTags(rest, 'group');
    this.reportInvalid(split.invalid, lineNo);
    while (this.headingStack.length > 0 && this.headingStack.at(-1)!.level >= heading.level) {
      this.headingStack.pop();
    }
    const parentTag = findTag(split.tags, 'parent');
    const specialist = findTag(split.tags, 'specialist');
    const parent = parentTag ?? this.headingStack.at(-1)?.group.group_id ?? null;
    const groupId = this.claimId(id, this.groupIds, 'group', lineNo);
    if (id != null && groupId === id && this.fallbackGroups && !this.fallbackGroups.has(id)) {
      this.problems.warn('UnknownId', lineNo, `Group id ${id} is not known to the app.`, id);
    }
    const group: GroupDoc = {
      group_id: groupId,
      group_name: split.title,
      parent_group_id: parent,
      position_in_session: this.takePosition(`parent:${parent ?? ''}`),
      description: null,
      specialist_focus: specialist ?? null,
    };
    this.groups.push(group);
    this.groupDescriptions.set(group, []);
    this.headingStack.push({ level: heading.level, group });
    this.itemStack = [];
    this.describing = null;
    this.describingGroup = { group, started: false };
    this.anchor = `group:${groupId}`;
    this.extras.interrupt();
  }

  /** `checked` null: the checkbox is missing, so the status comes from the fallback. */
  private item(
    indent: number,
    checked: boolean | null,
    text: string,
    lineNo: number,
    malformed: boolean,
  ): void {
    while (this.itemStack.length > 0 && indent < this.itemStack.at(-1)!.indent + 2) {
      this.itemStack.pop();
    }
    const parent = this.itemStack.at(-1)?.task ?? null;
    const { rest, id } = splitIdComment(text);
    const split = splitTrailingTags(rest, 'task');
    this.reportInvalid(split.invalid, lineNo);
    const taskId = this.claimId(id, this.taskIds, 'task', lineNo);
    const known = id != null ? this.fallbackTasks.get(id) : undefined;
    if (id != null && taskId === id && !known && this.fallbackGroups) {
      this.problems.warn('UnknownId', lineNo, `Task id ${id} is not known to the app.`, id);
    }
    const statusTag = findTag(split.tags, 'status');
    const status =
      checked === true
        ? 'completed'
        : checked === false || !malformed
          ? (statusTag ?? 'pending')
          : (statusTag ?? known?.status ?? 'pending');
    const task: TaskDoc = {
      task_id: taskId,
      parent_task_id: parent?.task_id ?? null,
      task_group: parent ? parent.task_group : (this.headingStack.at(-1)?.group.group_id ?? null),
      position_in_group: 0,
      title: split.title,
      status,
      specialist_type: findTag(split.tags, 'specialist') ?? null,
      estimated_effort: findTag(split.tags, 'estimated') ?? null,
      actual_effort: findTag(split.tags, 'actual') ?? null,
      due_date: findTag(split.tags, 'due') ?? null,
      scheduled_date: findTag(split.tags, 'scheduled') ?? null,
      complexity_level: findTag(split.tags, 'complexity') ?? 'moderate',
      depends_on: findTag(split.tags, 'depends') ?? [],
      related_tasks: findTag(split.tags, 'related') ?? [],
      description: null,
    };
    task.position_in_group = this.takePosition(taskContainerKey(task));
    this.tasks.push(task);
    const open = { indent, task };
    this.itemStack.push(open);
    this.descriptions.set(task, []);
    this.describing = open;
    this.describingGroup = null;
    this.anchor = `task:${taskId}`;
    this.extras.interrupt();
  }

  /** Puts collected descriptions on their tasks and groups. */
  finish(): void {
    for (const [task, lines] of this.descriptions)
      task.description = normalizeText(lines.join('\n'));
    for (const [group, lines] of this.groupDescriptions) {
      group.description = normalizeText(lines.join('\n'));
    }
  }

  /** The id to use: the written one, or a temporary one when missing or already taken. */
  private claimId(
    id: string | null,
    taken: Set<string>,
    kind: 'task' | 'group',
    lineNo: number,
  ): string {
    if (id != null && !taken.has(id)) {
      taken.add(id);
      return id;
    }
    if (id != null) {
      this.problems.warn(
        'DuplicateId',
        lineNo,
        `The ${kind} id ${id} appears more than once; this line is read as a new ${kind}.`,
        id,
      );
    }
    const temp = `${tempIdPrefix}${kind}-${lineNo}`;
    (kind === 'task' ? this.newTaskIds : this.newGroupIds).push(temp);
    return temp;
  }

  private takePosition(container: string): number {
    const position = this.nextPosition.get(container) ?? 0;
    this.nextPosition.set(container, position + 1);
    return position;
  }

  private reportInvalid(invalid: readonly string[], lineNo: number): void {
    for (const raw of invalid) {
      this.problems.warn(
        'InvalidField',
        lineNo,
        `Cannot read \`${raw}\`; it is kept as part of the title.`,
      );
    }
  }
}

type TagValue<K extends Tag['kind']> =
  Extract<Tag, { kind: K }> extends { value: infer V } ? V : never;

/** The last tag of a kind (a later duplicate wins, as it is closer to the id). */
const findTag = <K extends Tag['kind']>(tags: readonly Tag[], kind: K): TagValue<K> | undefined => {
  for (let i = tags.length - 1; i >= 0; i--) {
    const tag = tags[i]!;
    if (tag.kind === kind && 'value' in tag) return tag.value as TagValue<K>;
  }
  return undefined;
};
