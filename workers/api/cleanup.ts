/** The cleanup API: orphans and inconsistencies, found (a dry run) and fixed. */
import {
  type CleanupProblem,
  type CleanupReport,
  findProblems,
  fixProblems,
} from '../domain/cleanup';
import { listSessionFolders } from '../folder/fs';
import { appPathToString, sessionFilePath } from '../folder/paths';
import type { ApiContext, MethodList, Reply } from './context';

export interface CleanupApi {
  /** Dry run: orphans and inconsistencies, each with what fixing would do. */
  findProblems(): Reply<CleanupProblem[]>;
  /** Fixes what findProblems lists, in one transaction. */
  fixProblems(): Reply<CleanupReport>;
}

export const cleanupMethods = {
  findProblems: true,
  fixProblems: true,
} satisfies MethodList<CleanupApi>;

/** With a folder open, cleanup also reports sync state of session files that are gone. */
async function cleanupOptions({ engine }: ApiContext): Promise<{ existingFiles?: string[] }> {
  const app = engine.appFolder();
  if (!app) return {};
  const ids = await listSessionFolders(app);
  return { existingFiles: ids.map((id) => appPathToString(sessionFilePath(id)!)) };
}

export function cleanupApi(context: ApiContext): CleanupApi {
  const { db } = context;
  return {
    findProblems: async () => findProblems(db, await cleanupOptions(context)),
    fixProblems: async () => fixProblems(db, await cleanupOptions(context)),
  };
}
