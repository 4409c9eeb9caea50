/**
 * The session document: what a `session.md` holds, as plain data. The renderer turns it into
 * text, the parser turns text back into it, and the three-way merge compares three of them
 * (base = last synced file, ours = database, theirs = file). It carries only what the file
 * shows; counters, timestamps and the like stay in the database.
 */
import type { Session, Task, TaskGroup } from '../model';

/** The session fields the file shows and lets people edit. `description` is the Overview. */
export type SessionHeader = Pick<
  Session,
  'session_id' | 'name' | 'status' | 'priority_level' | 'mode_file' | 'description'
>;

/**
 * A task group as the file shows it. `position_in_session` is the ordinal (0, 1, 2…) among the
 * groups that share `parent_group_id`, so that the file and the database compare equal even
 * when database positions are sparse.
 */
export type GroupDoc = Pick<
  TaskGroup,
  | 'group_id'
  | 'group_name'
  | 'parent_group_id'
  | 'position_in_session'
  | 'description'
  | 'specialist_focus'
>;

/**
 * A task as the file shows it. `position_in_group` is the ordinal among its siblings (same
 * parent task, or same group for top-level tasks). A subtask's `task_group` is always its
 * root task's group: the file nests subtasks under their parent, so that is where they live.
 */
export type TaskDoc = Pick<
  Task,
  | 'task_id'
  | 'parent_task_id'
  | 'task_group'
  | 'position_in_group'
  | 'title'
  | 'status'
  | 'specialist_type'
  | 'estimated_effort'
  | 'actual_effort'
  | 'due_date'
  | 'scheduled_date'
  | 'complexity_level'
  | 'depends_on'
  | 'related_tasks'
  | 'description'
>;

/** The fixed top-level sections, in the order the renderer writes them. */
export const docSections = [
  'preamble',
  'header',
  'overview',
  'tasks',
  'notes',
  'changelog',
] as const;
export type DocSection = (typeof docSections)[number];

/**
 * Where a block of text the app does not understand sits: right after a task's own line(s),
 * after a group's heading and description, or inside one of the fixed sections.
 * Encoded as a string (`task:<id>`, `group:<id>`, `section:<name>`) so it is plain data.
 */
export type Anchor = `task:${string}` | `group:${string}` | `section:${DocSection}`;

/** Verbatim lines (no line endings) kept in place for the next render. */
export interface ExtraText {
  anchor: Anchor;
  lines: string[];
}

export interface SessionDoc {
  session: SessionHeader;
  groups: GroupDoc[];
  tasks: TaskDoc[];
  /** The "Notes" section: free markdown, kept verbatim; null when empty. */
  notes: string | null;
  /** Short change log, newest last; one line of text per entry. */
  changeLog: string[];
  /** Text the parser did not understand, in file order. Empty for a doc built from the database. */
  extras: ExtraText[];
}

/** Progress and effort figures shown in the header; derived from the tasks, never stored. */
export interface SessionMetrics {
  totalTasks: number;
  completedTasks: number;
  /** Whole percent, 0 when there are no tasks. */
  progressPercentage: number;
  estimatedHours: number;
  actualHours: number;
}

/** Prefix of the temporary ids the parser gives to tasks and groups written without an id. */
export const tempIdPrefix = '~new-';

/** Whether an id is a parser-made placeholder that the caller must replace with a real id. */
export const isTempId = (id: string): boolean => id.startsWith(tempIdPrefix);

/** Sums the figures shown in the header. */
export const computeSessionMetrics = (doc: SessionDoc): SessionMetrics => {
  let completed = 0;
  let estimated = 0;
  let actual = 0;
  for (const task of doc.tasks) {
    if (task.status === 'completed') completed++;
    estimated += task.estimated_effort ?? 0;
    actual += task.actual_effort ?? 0;
  }
  const total = doc.tasks.length;
  return {
    totalTasks: total,
    completedTasks: completed,
    progressPercentage: total === 0 ? 0 : Math.round((completed * 100) / total),
    estimatedHours: estimated,
    actualHours: actual,
  };
};

/**
 * Normalizes free text the way the file stores it: LF line breaks, no leading or trailing
 * blank lines, null when nothing is left. Both sides of a merge go through this, so "" and
 * null, or a trailing newline, never look like edits.
 */
export const normalizeText = (text: string | null): string | null => {
  if (text == null) return null;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? '').trim() === '') start++;
  while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
  return start === end ? null : lines.slice(start, end).join('\n');
};

/** Input of {@link sessionDocFromRows}: database rows plus the parts only the file keeps. */
export interface SessionRows {
  session: SessionHeader;
  groups: readonly GroupDoc[];
  tasks: readonly TaskDoc[];
  notes?: string | null;
  changeLog?: readonly string[];
  /** Usually the base doc's extras, so unknown text survives a database-side render. */
  extras?: readonly ExtraText[];
}

const byPositionThenId =
  <T>(position: (row: T) => number, id: (row: T) => string) =>
  (a: T, b: T): number =>
    position(a) - position(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

const groupDoc = (g: GroupDoc): GroupDoc => ({
  group_id: g.group_id,
  group_name: g.group_name,
  parent_group_id: g.parent_group_id,
  position_in_session: g.position_in_session,
  description: g.description,
  specialist_focus: g.specialist_focus,
});

const taskDoc = (t: TaskDoc): TaskDoc => ({
  task_id: t.task_id,
  parent_task_id: t.parent_task_id,
  task_group: t.task_group,
  position_in_group: t.position_in_group,
  title: t.title,
  status: t.status,
  specialist_type: t.specialist_type,
  estimated_effort: t.estimated_effort,
  actual_effort: t.actual_effort,
  due_date: t.due_date,
  scheduled_date: t.scheduled_date,
  complexity_level: t.complexity_level,
  depends_on: [...t.depends_on],
  related_tasks: [...t.related_tasks],
  description: t.description,
});

/**
 * Builds a canonical doc from database rows (Task/TaskGroup rows fit, extra columns are
 * dropped): positions become ordinals among siblings, subtasks take their root's group,
 * empty texts become null, the mode file "" becomes null. Deterministic: row order does not
 * matter.
 */
export const sessionDocFromRows = (rows: SessionRows): SessionDoc =>
  canonicalDoc(rows, rows.groups.map(groupDoc), rows.tasks.map(taskDoc));

/**
 * {@link sessionDocFromRows} for task objects made for this doc alone (a load from the
 * database): they are made canonical in place and become the doc's, which saves a copy of
 * every task of a large session.
 */
export const sessionDocFromOwnTasks = (rows: SessionRows & { tasks: TaskDoc[] }): SessionDoc =>
  canonicalDoc(rows, rows.groups.map(groupDoc), rows.tasks);

/** Normalizes fresh `groups` and `tasks` in place and assembles the doc around them. */
const canonicalDoc = (rows: SessionRows, groups: GroupDoc[], tasks: TaskDoc[]): SessionDoc => {
  for (const g of groups) {
    g.description = normalizeText(g.description);
    if (g.specialist_focus === '') g.specialist_focus = null;
  }
  for (const t of tasks) {
    t.description = normalizeText(t.description);
    if (t.specialist_type === '') t.specialist_type = null;
  }
  renumberGroups(groups);
  renumberTasks(tasks);
  return {
    session: {
      ...rows.session,
      description: normalizeText(rows.session.description),
      mode_file: rows.session.mode_file === '' ? null : rows.session.mode_file,
    },
    groups,
    tasks,
    notes: normalizeText(rows.notes ?? null),
    changeLog: [...(rows.changeLog ?? [])],
    extras: (rows.extras ?? []).map((e) => ({ anchor: e.anchor, lines: [...e.lines] })),
  };
};

/** Rewrites group positions (in place) as 0-based ordinals among siblings. */
export const renumberGroups = (groups: GroupDoc[]): void => {
  const byParent = new Map<string | null, GroupDoc[]>();
  for (const g of groups) pushTo(byParent, g.parent_group_id, g);
  const order = byPositionThenId<GroupDoc>(
    (g) => g.position_in_session,
    (g) => g.group_id,
  );
  for (const siblings of byParent.values()) {
    siblings.sort(order).forEach((g, i) => (g.position_in_session = i));
  }
};

/** The key of the sibling list a task belongs to: its parent task, or its group. */
export const taskContainerKey = (t: Pick<TaskDoc, 'parent_task_id' | 'task_group'>): string =>
  t.parent_task_id != null ? `task:${t.parent_task_id}` : `group:${t.task_group ?? ''}`;

/** Moves a task (in place) to the sibling list named by a {@link taskContainerKey}. */
export const placeTask = (task: TaskDoc, container: string | null): void => {
  if (container?.startsWith('task:')) {
    task.parent_task_id = container.slice(5);
  } else {
    task.parent_task_id = null;
    const group = container?.startsWith('group:') ? container.slice(6) : '';
    task.task_group = group === '' ? null : group;
  }
};

/**
 * Rewrites task positions (in place) as 0-based ordinals among siblings, and gives every
 * subtask its root task's group. Tasks are linked by index, not by id strings, so a session
 * of 100,000 tasks costs ten times one of 10,000, not more. A parent cycle (bad input) gives
 * its tasks the group of the task where the walk up found the cycle.
 */
export const renumberTasks = (tasks: TaskDoc[]): void => {
  const index = new Map<string, number>();
  tasks.forEach((t, i) => index.set(t.task_id, i));
  const parent = new Int32Array(tasks.length);
  tasks.forEach((t, i) => {
    parent[i] = t.parent_task_id == null ? -1 : (index.get(t.parent_task_id) ?? -1);
  });

  // Every task takes its root's group (in a cycle: the group of the task closing it).
  walkParents(parent, (path, end) => {
    const group = tasks[end === -1 ? path[path.length - 1]! : end]!.task_group;
    for (const p of path) tasks[p]!.task_group = group;
  });

  // Siblings: under a task found here by index, otherwise (top level, missing parent) by key.
  const subtasks: Array<TaskDoc[] | undefined> = new Array<TaskDoc[] | undefined>(tasks.length);
  const byContainer = new Map<string, TaskDoc[]>();
  tasks.forEach((t, i) => {
    const p = parent[i]!;
    if (p === -1) pushTo(byContainer, taskContainerKey(t), t);
    else (subtasks[p] ??= []).push(t);
  });
  const order = byPositionThenId<TaskDoc>(
    (t) => t.position_in_group,
    (t) => t.task_id,
  );
  const renumber = (siblings: TaskDoc[]) =>
    siblings.sort(order).forEach((t, i) => (t.position_in_group = i));
  for (const siblings of byContainer.values()) renumber(siblings);
  for (const siblings of subtasks) if (siblings) renumber(siblings);
};

/**
 * Walks up every chain of parent indexes (-1: none), each node once: `visit` gets the nodes
 * of one walk, child first, and where it stopped — -1 (past a root), a node of an earlier walk,
 * or a node of this one (a parent cycle, closed by the walk's last node; `cycle` is then true).
 */
export const walkParents = (
  parents: ArrayLike<number>,
  visit: (path: readonly number[], end: number, cycle: boolean) => void,
): void => {
  const state = new Uint8Array(parents.length); // 0 not seen, 1 on this walk, 2 done
  const path: number[] = [];
  for (let start = 0; start < parents.length; start++) {
    if (state[start] !== 0) continue;
    let i = start;
    while (i !== -1 && state[i] === 0) {
      state[i] = 1;
      path.push(i);
      i = parents[i]!;
    }
    visit(path, i, i !== -1 && state[i] === 1);
    for (const p of path) state[p] = 2;
    path.length = 0;
  }
};

/** Appends to the list stored under `key`, creating it on first use. */
export const pushTo = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * Replaces temporary ids (from {@link isTempId}, or those `replace` picks) with real ones
 * everywhere they occur: ids, parent links, dependencies and text anchors. `idFor` is called
 * once per replaced id; returns a new doc, the input is not changed.
 */
export const replaceTempIds = (
  doc: SessionDoc,
  idFor: (tempId: string) => string,
  replace: (id: string) => boolean = isTempId,
): SessionDoc => {
  const mapping = new Map<string, string>();
  const map = (id: string): string => {
    if (!replace(id)) return id;
    let real = mapping.get(id);
    if (real === undefined) {
      real = idFor(id);
      mapping.set(id, real);
    }
    return real;
  };
  const mapNullable = (id: string | null): string | null => (id == null ? null : map(id));
  return {
    ...doc,
    session: { ...doc.session },
    groups: doc.groups.map((g) => ({
      ...g,
      group_id: map(g.group_id),
      parent_group_id: mapNullable(g.parent_group_id),
    })),
    tasks: doc.tasks.map((t) => ({
      ...t,
      task_id: map(t.task_id),
      parent_task_id: mapNullable(t.parent_task_id),
      task_group: mapNullable(t.task_group),
      depends_on: t.depends_on.map(map),
      related_tasks: t.related_tasks.map(map),
    })),
    changeLog: [...doc.changeLog],
    extras: doc.extras.map((e) => ({ anchor: mapAnchor(e.anchor, map), lines: [...e.lines] })),
  };
};

const mapAnchor = (anchor: Anchor, map: (id: string) => string): Anchor => {
  if (anchor.startsWith('task:')) return `task:${map(anchor.slice(5))}`;
  if (anchor.startsWith('group:')) return `group:${map(anchor.slice(6))}`;
  return anchor;
};

/** An empty doc for a session, e.g. the fallback when a file has no title. */
export const emptySessionDoc = (session: SessionHeader): SessionDoc => ({
  session: { ...session },
  groups: [],
  tasks: [],
  notes: null,
  changeLog: [],
  extras: [],
});
