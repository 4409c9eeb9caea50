/**
 * The import API: a plan (a markdown task list, Kiro or Spec Kit tasks.md, Obsidian Tasks,
 * todo.txt, a Backlog.md folder, Task Master's tasks.json) or a JSON export becomes a new
 * session.
 */
import type { Session } from '../../core/model';
import { type Plan, planFromMarkdown } from '../../core/import/import-plan';
import { type PlanFile, planFromFiles } from '../../core/import/plan-files';
import { err, invalid, ok } from '../result';
import { type ImportReport, importSessionJson } from '../domain/export-json';
import { importPlan } from '../import/plan-import';
import type { ApiContext, MethodList, Reply } from './context';

export interface ImportApi {
  /** Reads a markdown plan into a preview; nothing is written. */
  previewPlan(text: string, fileName: string): Reply<Plan>;
  /** Creates a new session from a markdown plan (the file itself is never changed). */
  importPlan(text: string, fileName: string): Reply<Session>;
  /** Reads picked files (one, several, or a folder's) into a preview of their plan. */
  previewPlanFiles(files: PlanFile[]): Reply<Plan>;
  /** Creates a new session from picked files' plan (the files are never changed). */
  importPlanFiles(files: PlanFile[]): Reply<Session>;
  /** Imports a JSON export as a new session (fresh ids where they clash). */
  importSessionJson(data: unknown): Reply<ImportReport>;
}

export const importMethods = {
  previewPlan: true,
  importPlan: true,
  previewPlanFiles: true,
  importPlanFiles: true,
  importSessionJson: true,
} satisfies MethodList<ImportApi>;

const planError = (message: string) => invalid('file', message);

/** How the new session's overview names where it came from. */
function sourceName(files: readonly PlanFile[]): string {
  const first = files[0]?.path ?? 'a plan';
  return files.length === 1 ? first : `${first} and ${files.length - 1} more files`;
}

export function importApi({ db }: ApiContext): ImportApi {
  return {
    previewPlan: async (text, fileName) => {
      const result = planFromMarkdown(text, fileName);
      return result.ok ? ok(result.plan) : err(planError(result.error.message));
    },
    importPlan: async (text, fileName) => {
      const result = planFromMarkdown(text, fileName);
      return result.ok
        ? importPlan(db, result.plan, fileName)
        : err(planError(result.error.message));
    },
    previewPlanFiles: async (files) => {
      const result = planFromFiles(files);
      return result.ok ? ok(result.plan) : err(planError(result.error.message));
    },
    importPlanFiles: async (files) => {
      const result = planFromFiles(files);
      return result.ok
        ? importPlan(db, result.plan, sourceName(files))
        : err(planError(result.error.message));
    },
    importSessionJson: (data) => importSessionJson(db, data),
  };
}
