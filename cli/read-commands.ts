/** The commands that only read: sessions, show, ready, next, search. */
import { buildDocTree } from '../core/session-md/doc-tree';
import { readyTasks, tasksInOrder } from '../core/session-md/edit';
import type { SessionDoc, TaskDoc } from '../core/session-md/session-doc';
import { computeSessionMetrics } from '../core/session-md/session-doc';
import type { Context } from './context';
import { groupJson, progressJson, sessionJson, taskJson, taskLine } from './format';
import { findSession, sessionFiles } from './project';
import type { SessionFile } from './project';
import { loadSession } from './store';

interface Loaded {
  file: SessionFile;
  doc: SessionDoc;
}

const load = (file: SessionFile): Loaded => {
  const doc = loadSession(file.path).parsed.doc;
  return {
    file,
    doc: { ...doc, session: { ...doc.session, session_id: doc.session.session_id || file.id } },
  };
};

/** The named session, or every session. */
const chosen = (ctx: Context, ref: string | undefined): Loaded[] =>
  ref !== undefined
    ? [load(findSession(ctx.project(), ref))]
    : sessionFiles(ctx.project()).map(load);

const summary = (doc: SessionDoc): string => {
  const m = computeSessionMetrics(doc);
  return `${m.completedTasks}/${m.totalTasks} done (${m.progressPercentage}%)`;
};

export const sessions = (ctx: Context): void => {
  const all = sessionFiles(ctx.project()).map(load);
  if (ctx.json) {
    return ctx.printJson({
      sessions: all.map(({ file, doc }) => ({
        ...sessionJson(doc.session, file.path),
        progress: progressJson(doc),
      })),
    });
  }
  if (all.length === 0) return ctx.print('No sessions yet. Start one with: new-session <name>');
  for (const { doc } of all) {
    ctx.print(
      `${doc.session.session_id}  ${doc.session.status}  ${summary(doc)}  ${doc.session.name}`,
    );
  }
};

export const show = (ctx: Context, ref: string): void => {
  const { file, doc } = load(findSession(ctx.project(), ref));
  if (ctx.json) {
    return ctx.printJson({
      session: { ...sessionJson(doc.session, file.path), description: doc.session.description },
      progress: progressJson(doc),
      groups: doc.groups.map(groupJson),
      tasks: tasksInOrder(doc).map(taskJson),
    });
  }
  const { session } = doc;
  ctx.print(`${session.name}  ${session.session_id}  ${session.status}  ${summary(doc)}`);
  const tree = buildDocTree(doc);
  const tasks = (top: readonly number[], indent: string) => {
    const stack = [...top].reverse().map((index) => ({ index, depth: 0 }));
    while (stack.length > 0) {
      const { index, depth } = stack.pop()!;
      ctx.print(`${indent}${'  '.repeat(depth)}${taskLine(doc.tasks[index]!)}`);
      const children = tree.subtasks[index] ?? [];
      for (let i = children.length - 1; i >= 0; i--)
        stack.push({ index: children[i]!, depth: depth + 1 });
    }
  };
  tasks(tree.topTasks.get('') ?? [], '');
  const groups = [...(tree.groupsByParent.get(null) ?? [])]
    .reverse()
    .map((group) => ({ group, depth: 0 }));
  while (groups.length > 0) {
    const { group, depth } = groups.pop()!;
    const indent = '  '.repeat(depth);
    ctx.print(`${indent}## ${group.group_name}  ${group.group_id}`);
    tasks(tree.topTasks.get(group.group_id) ?? [], `${indent}  `);
    const children = tree.groupsByParent.get(group.group_id) ?? [];
    for (let i = children.length - 1; i >= 0; i--)
      groups.push({ group: children[i]!, depth: depth + 1 });
  }
};

const withSession = (loaded: Loaded, task: TaskDoc) => ({
  ...taskJson(task),
  session: loaded.doc.session.session_id,
});

const printTasks = (
  ctx: Context,
  found: Array<{ loaded: Loaded; task: TaskDoc }>,
  several: boolean,
  none: string,
) => {
  if (ctx.json)
    return ctx.printJson({ tasks: found.map(({ loaded, task }) => withSession(loaded, task)) });
  if (found.length === 0) return ctx.print(none);
  for (const { loaded, task } of found) {
    ctx.print(several ? `${taskLine(task)}  (${loaded.doc.session.name})` : taskLine(task));
  }
};

export const ready = (ctx: Context, ref: string | undefined): void => {
  const all = chosen(ctx, ref);
  const found = all.flatMap((loaded) => readyTasks(loaded.doc).map((task) => ({ loaded, task })));
  printTasks(ctx, found, all.length > 1, 'No task is ready.');
};

/** Sessions to take the next task from: the active ones first, then the others, by name. */
const byActivity = (all: Loaded[]): Loaded[] =>
  [...all].sort(
    (a, b) =>
      Number(b.doc.session.status === 'active') - Number(a.doc.session.status === 'active') ||
      a.doc.session.name.localeCompare(b.doc.session.name),
  );

export const next = (ctx: Context, ref: string | undefined): void => {
  for (const loaded of byActivity(chosen(ctx, ref))) {
    const task = readyTasks(loaded.doc)[0];
    if (!task) continue;
    if (ctx.json) return ctx.printJson({ task: withSession(loaded, task) });
    return ctx.print(`${taskLine(task)}  (${loaded.doc.session.name})`);
  }
  if (ctx.json) return ctx.printJson({ task: null });
  ctx.print('No task is ready.');
};

export const search = (ctx: Context, words: string[], ref: string | undefined): void => {
  const terms = words
    .join(' ')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  const all = chosen(ctx, ref);
  const found = all.flatMap((loaded) => {
    const groupName = new Map(loaded.doc.groups.map((g) => [g.group_id, g.group_name]));
    return tasksInOrder(loaded.doc)
      .filter((task) => {
        const text =
          `${task.title}\n${task.description ?? ''}\n${groupName.get(task.task_group ?? '') ?? ''}\n${task.specialist_type ?? ''}`.toLowerCase();
        return terms.every((term) => text.includes(term));
      })
      .map((task) => ({ loaded, task }));
  });
  printTasks(ctx, found, all.length > 1, 'Nothing found.');
};
