/**
 * Import from whatever the user picked: one file, several, or a folder. Recognises, in
 * order: Task Master's `tasks.json`, a Backlog.md task folder, a `tasks.md` among a spec
 * folder's documents (Kiro, Spec Kit), todo.txt, and any markdown task list. Pure and
 * never throws; each format's own module does the reading.
 */
import { isBacklogTask, planFromBacklog } from './backlog-md';
import { planFromMarkdown } from './import-plan';
import { maxPlanBytes } from './plan-model';
import type { Plan, PlanErrorType, PlanResult } from './plan-model';
import { planFromTaskMaster, taskMasterTags } from './task-master';
import { looksLikeTodoTxt, planFromTodoTxt } from './todo-txt';

/** A file to import: `path` is its name, or its path inside a picked folder. */
export interface PlanFile {
  path: string;
  text: string;
}

const textFile = /\.(?:md|markdown|mdown|mkd|txt)$/i;

export function planFromFiles(files: readonly PlanFile[]): PlanResult {
  if (files.length === 0) return failure('NoTaskList', 'No file was chosen: nothing to import.');
  let chars = 0;
  for (const file of files) chars += file.text.length;
  if (chars > maxPlanBytes) {
    const limit = `${maxPlanBytes / (1024 * 1024)} MB`;
    return failure('TooLarge', `The files are larger than ${limit} together, too large to import.`);
  }
  try {
    return choose(files.map((f) => ({ path: f.path.replace(/\\/g, '/'), text: f.text })));
  } catch (error) {
    // Not expected (every reader accepts any text), but an import must never crash.
    const detail = error instanceof Error ? error.message : String(error);
    return failure('ParseFailed', `The files could not be read as a plan: ${detail}`);
  }
}

function choose(files: PlanFile[]): PlanResult {
  const left = (used: readonly PlanFile[]): string[] =>
    files.filter((f) => !used.includes(f)).map((f) => f.path);

  const json = files.filter((f) => /\.json$/i.test(f.path));
  const tasksJson =
    json.find((f) => /(?:^|\/)\.taskmaster\/tasks\/tasks\.json$/i.test(f.path)) ??
    json.find((f) => /(?:^|\/)tasks\.json$/i.test(f.path)) ??
    (files.length === 1 ? json[0] : undefined);
  if (tasksJson) {
    let data: unknown;
    try {
      data = JSON.parse(tasksJson.text.replace(/^\uFEFF/, ''));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return failure('ParseFailed', `"${tasksJson.path}" is not valid JSON: ${detail}`);
    }
    if (taskMasterTags(data) !== null) {
      const plan = planFromTaskMaster(data, taskMasterName(tasksJson.path));
      return withLeftOut(nonEmpty(plan, tasksJson.path), left([tasksJson]));
    }
    if (files.length === 1)
      return failure(
        'NoTaskList',
        `"${tasksJson.path}" has no "tasks" list: it is not a Task Master tasks.json.`,
      );
  }

  // Backlog.md: task files with front matter; archived tasks stay out.
  const backlog = files.filter((f) => !/(?:^|\/)archive\//i.test(f.path) && isBacklogTask(f));
  if (
    backlog.length > 0 &&
    (backlog.length > 1 || /(?:^|\/)backlog\/|(?:^|\/)task-\d/i.test(backlog[0]!.path))
  ) {
    const plan = planFromBacklog(backlog, backlogName(backlog[0]!.path));
    return withLeftOut(nonEmpty(plan, backlog[0]!.path), left(backlog));
  }

  const texts = files.filter((f) => textFile.test(f.path) || !/\.[^/]*$/.test(f.path));
  let chosen: PlanFile | undefined = texts.length === 1 ? texts[0] : undefined;
  if (!chosen) {
    // A spec folder (Kiro's .kiro/specs/x/, Spec Kit's specs/001-x/): its tasks.md.
    const tasksMd = texts.filter((f) => /(?:^|\/)tasks\.md$/i.test(f.path));
    const todo = texts.filter((f) => /(?:^|\/)todo\.txt$/i.test(f.path));
    chosen =
      tasksMd.length === 1
        ? tasksMd[0]
        : tasksMd.length === 0 && todo.length === 1
          ? todo[0]
          : undefined;
  }
  if (!chosen) {
    if (texts.length === 0)
      return failure(
        'NoTaskList',
        `None of the ${files.length} files is a plan: choose a markdown file, a todo.txt, a Backlog.md folder or a Task Master tasks.json.`,
      );
    const names = texts
      .slice(0, 5)
      .map((f) => `"${f.path}"`)
      .join(', ');
    return failure(
      'NoTaskList',
      `${texts.length} plan files were chosen (${names}${texts.length > 5 ? ', …' : ''}): choose one of them.`,
    );
  }
  const name = chosen.path.split('/').pop() ?? chosen.path;
  const isTodo =
    /(?:^|\/)(?:todo|done)\.txt$/i.test(chosen.path) ||
    ((/\.txt$/i.test(chosen.path) || !/\.[^/]*$/.test(chosen.path)) &&
      looksLikeTodoTxt(chosen.text));
  if (isTodo) {
    const plan = planFromTodoTxt(
      chosen.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'),
      name.replace(/\.txt$/i, ''),
    );
    return withLeftOut(nonEmpty(plan, chosen.path), left([chosen]));
  }
  const result = planFromMarkdown(chosen.text, chosen.path);
  return result.ok ? withLeftOut(result, left([chosen])) : result;
}

function nonEmpty(plan: Plan, path: string): PlanResult {
  if (plan.tasks.length > 0) return { ok: true, plan };
  return failure('NoTaskList', `"${path}" has no tasks: nothing to import.`);
}

/** Files of a picked folder that are not part of the plan are named in its notes. */
function withLeftOut(result: PlanResult, paths: readonly string[]): PlanResult {
  if (!result.ok || paths.length === 0) return result;
  const list = `Not imported (other files that were chosen): ${paths.join(', ')}`;
  const { plan } = result;
  plan.notes = plan.notes === '' ? list : `${plan.notes}\n\n${list}`;
  return result;
}

function taskMasterName(path: string): string {
  const parts = path.split('/');
  const at = parts.findIndex((p) => p.toLowerCase() === '.taskmaster');
  return (at > 0 ? parts[at - 1] : undefined) ?? 'Task Master tasks';
}

function backlogName(path: string): string {
  const parts = path.split('/');
  const at = parts.findIndex((p) => p.toLowerCase() === 'backlog');
  return (at > 0 ? parts[at - 1] : undefined) ?? 'Backlog';
}

function failure(type: PlanErrorType, message: string): PlanResult {
  return { ok: false, error: { type, message } };
}
