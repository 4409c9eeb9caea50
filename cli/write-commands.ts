/** The commands that write: add, done/reopen/start/block, edit, note, new-session. */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { complexityLevels, taskStatuses } from '../core/model';
import type { ComplexityLevel, TaskStatus } from '../core/model';
import {
  EditError,
  addTask,
  appendNote,
  findTask,
  newSessionDoc,
  updateTask,
} from '../core/session-md/edit';
import type { TaskPatch } from '../core/session-md/edit';
import { hoursFromText } from '../core/session-md/markdown-tags';
import { renderSessionMarkdown } from '../core/session-md/render';
import type { SessionDoc, TaskDoc } from '../core/session-md/session-doc';
import type { Context } from './context';
import { ProblemError, UsageError } from './errors';
import { sessionJson, taskJson, taskLine } from './format';
import { appFolderName, findSession, readHeader, sessionFiles, sessionPath } from './project';
import type { Project, SessionFile } from './project';
import { createSessionFile, editSessionFile } from './store';

/** Runs a core edit, turning its refusals into problems (exit 1). */
const editing = <T>(fn: () => T): T => {
  try {
    return fn();
  } catch (error) {
    if (error instanceof EditError) throw new ProblemError(error.message);
    throw error;
  }
};

/** The session a new task goes to: named, or the only one, or the only active one. */
const targetSession = (project: Project, ref: string | undefined): SessionFile => {
  if (ref !== undefined) return findSession(project, ref);
  const files = sessionFiles(project);
  if (files.length === 1) return files[0]!;
  if (files.length === 0)
    throw new ProblemError('No sessions yet. Start one with: new-session <name>');
  const active = files.filter((f) => readHeader(f).status === 'active');
  if (active.length === 1) return active[0]!;
  throw new UsageError(`${files.length} sessions: name one with --session (see: sessions).`);
};

/** The session holding a task: the named one, or the only one whose file has the id. */
const sessionOfTask = (project: Project, taskRef: string, ref: string | undefined): SessionFile => {
  if (ref !== undefined) return findSession(project, ref);
  const files = sessionFiles(project).filter((f) => readFileSync(f.path, 'utf8').includes(taskRef));
  if (files.length === 1) return files[0]!;
  if (files.length === 0) throw new ProblemError(`No task "${taskRef}" in any session.`);
  throw new UsageError(`"${taskRef}" is in ${files.length} sessions: name one with --session.`);
};

export const hours = (flag: string, value: string | undefined): number | null | undefined => {
  if (value === undefined) return undefined;
  if (value === '' || value === 'none') return null;
  const h = hoursFromText(value);
  if (h == null || h < 0)
    throw new UsageError(`--${flag} takes hours, like 2h or 1.5: "${value}".`);
  return h;
};

const idList = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(/[\s,]+/).filter((id) => id !== '');

const oneOf = <T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined => {
  if (value === undefined) return undefined;
  const normal = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const found = allowed.find((a) => a === normal);
  if (!found) throw new UsageError(`--${flag} is one of ${allowed.join(', ')}: "${value}".`);
  return found;
};

/** The task fields the flags of add and edit set. */
export interface FieldFlags {
  title?: string;
  est?: string;
  actual?: string;
  specialist?: string;
  complexity?: string;
  depends?: string;
  related?: string;
  status?: string;
  description?: string;
  due?: string;
  scheduled?: string;
}

export const patchFromFlags = (flags: FieldFlags): TaskPatch => {
  const patch: TaskPatch = {};
  if (flags.title !== undefined) patch.title = flags.title;
  const est = hours('est', flags.est);
  if (est !== undefined) patch.estimated_effort = est;
  const actual = hours('actual', flags.actual);
  if (actual !== undefined) patch.actual_effort = actual;
  if (flags.specialist !== undefined)
    patch.specialist_type = flags.specialist === '' ? null : flags.specialist;
  const complexity = oneOf<ComplexityLevel>('complexity', flags.complexity, complexityLevels);
  if (complexity) patch.complexity_level = complexity;
  const status = oneOf<TaskStatus>('status', flags.status, taskStatuses);
  if (status) patch.status = status;
  const depends = idList(flags.depends);
  if (depends) patch.depends_on = depends;
  const related = idList(flags.related);
  if (related) patch.related_tasks = related;
  if (flags.description !== undefined) patch.description = flags.description;
  if (flags.due !== undefined) patch.due_date = flags.due === '' ? null : flags.due;
  if (flags.scheduled !== undefined) {
    patch.scheduled_date = flags.scheduled === '' ? null : flags.scheduled;
  }
  return patch;
};

const printTask = (ctx: Context, session: SessionDoc, task: TaskDoc, printed: string) => {
  if (ctx.json)
    return ctx.printJson({ task: { ...taskJson(task), session: session.session.session_id } });
  ctx.print(printed);
};

export const add = (
  ctx: Context,
  title: string,
  flags: FieldFlags & { session?: string; group?: string; parent?: string },
): void => {
  const project = ctx.project();
  const file =
    flags.parent !== undefined
      ? sessionOfTask(project, flags.parent, flags.session)
      : targetSession(project, flags.session);
  const patch = patchFromFlags(flags);
  const { doc, task } = editSessionFile(file.path, (current) => {
    const added = editing(() =>
      addTask(current, {
        ...patch,
        title,
        group: flags.group ?? null,
        parent: flags.parent ?? null,
      }),
    );
    return { doc: added.doc, result: added };
  });
  printTask(ctx, doc, task, task.task_id);
};

/** Changes one task; prints its new line. */
export const change = (
  ctx: Context,
  ref: string,
  session: string | undefined,
  patch: TaskPatch | ((doc: SessionDoc) => SessionDoc),
): void => {
  const file = sessionOfTask(ctx.project(), ref, session);
  const { doc, task } = editSessionFile(file.path, (current) => {
    const next = editing(() =>
      typeof patch === 'function' ? patch(current) : updateTask(current, ref, patch),
    );
    const id = editing(() => findTask(current, ref)).task_id;
    return { doc: next, result: { doc: next, task: findTask(next, id) } };
  });
  printTask(ctx, doc, task, taskLine(task));
};

export const setStatus = (
  ctx: Context,
  ref: string,
  session: string | undefined,
  status: TaskStatus,
) => change(ctx, ref, session, { status });

export const note = (ctx: Context, ref: string, session: string | undefined, text: string) =>
  change(ctx, ref, session, (doc) => appendNote(doc, ref, text));

/** The project, or a new `.task_orchestrator/` in --dir (or here) when there is none. */
const projectOrNew = (ctx: Context): Project => {
  try {
    return ctx.project();
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    const root = resolve(ctx.cwd, ctx.dir ?? '.');
    const app = join(root, appFolderName);
    mkdirSync(join(app, 'sessions'), { recursive: true });
    ctx.warn(`Created ${app}/`);
    return { root, app };
  }
};

export const newSession = (ctx: Context, name: string, description: string | undefined): void => {
  const project = projectOrNew(ctx);
  const doc = editing(() => newSessionDoc(name, new Date()));
  const withText =
    description !== undefined ? { ...doc, session: { ...doc.session, description } } : doc;
  const path = sessionPath(project, doc.session.session_id);
  createSessionFile(path, renderSessionMarkdown(withText));
  if (ctx.json) return ctx.printJson({ session: sessionJson(withText.session, path) });
  ctx.print(doc.session.session_id);
};
