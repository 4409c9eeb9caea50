/** The import API: a markdown plan or a JSON export becomes a new session. */
import type { Session } from '../../core/model';
import { type Plan, planFromMarkdown } from '../../core/import/import-plan';
import { type AppError, err, ok } from '../db/result';
import { type ImportReport, importSessionJson } from '../domain/export-json';
import { importPlan } from '../sync/import-session';
import type { ApiContext, MethodList, Reply } from './context';

export interface ImportApi {
  /** Reads a markdown plan into a preview; nothing is written. */
  previewPlan(text: string, fileName: string): Reply<Plan>;
  /** Creates a new session from a markdown plan (the file itself is never changed). */
  importPlan(text: string, fileName: string): Reply<Session>;
  /** Imports a JSON export as a new session (fresh ids where they clash). */
  importSessionJson(data: unknown): Reply<ImportReport>;
}

export const importMethods = {
  previewPlan: true,
  importPlan: true,
  importSessionJson: true,
} satisfies MethodList<ImportApi>;

const planError = (message: string): AppError => ({ type: 'Validation', field: 'file', message });

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
    importSessionJson: (data) => importSessionJson(db, data),
  };
}
