/** The export API: a session as JSON, markdown or a zip, saved in the folder or downloaded; archiving. */
import type { Session } from '../../core/model';
import { type AppError, type Result, ok } from '../result';
import { type SessionExport, exportSessionJson } from '../domain/export-json';
import { archiveSession } from '../domain/sessions';
import { readBytes, writeFile } from '../folder/fs';
import { appPathFromString } from '../folder/paths';
import { type ExportFormat, buildSessionExport } from '../sync/export-files';
import type { ApiContext, MethodList, Reply } from './context';

export interface ExportResult {
  fileName: string;
  /** Where the file was written, relative to the project folder, when one is open. */
  savedTo: string | null;
  /** The file for a download when no folder is open. */
  download: { mimeType: string; bytes: Uint8Array } | null;
}

export interface ExportApi {
  /** Every field of every row of a session, as a versioned JSON document. */
  exportSessionJson(sessionId: string): Reply<SessionExport>;
  /**
   * Exports a session as markdown, JSON, or a zip of both plus its mode file: into
   * `.task_orchestrator/exports/` when a folder is open (`savedTo`), else as bytes to download.
   */
  exportSession(sessionId: string, format: ExportFormat): Reply<ExportResult>;
  /**
   * Archives a session in one action: its zip export goes to `.task_orchestrator/archives/`
   * (or is returned for download without a folder) and the session becomes archived
   * (read-only until reactivated). Refused, with nothing written, where the lifecycle
   * does not allow archiving.
   */
  archiveSession(sessionId: string): Reply<ExportResult & { session: Session }>;
}

export const exportMethods = {
  exportSessionJson: true,
  exportSession: true,
  archiveSession: true,
} satisfies MethodList<ExportApi>;

/** Builds an export and saves it in the folder's `exports/` or `archives/`, or returns it. */
async function saveExport(
  { db, engine }: ApiContext,
  sessionId: string,
  format: ExportFormat,
  folder: 'exports' | 'archives',
): Promise<Result<ExportResult, AppError>> {
  const app = engine.appFolder();
  const readModeFile = async (path: string) => {
    const appPath = app ? appPathFromString(path) : null;
    return appPath ? readBytes(app!, appPath) : null;
  };
  const file = await buildSessionExport(db, sessionId, format, readModeFile);
  if (!file.ok) return file;
  const { fileName, mimeType, bytes } = file.value;
  if (!app) return ok({ fileName, savedTo: null, download: { mimeType, bytes } });
  // A folder failure throws a FolderError; the service's boundary turns it into `Folder`.
  await writeFile(app, [folder, fileName], bytes as Uint8Array<ArrayBuffer>);
  return ok({ fileName, savedTo: `.task_orchestrator/${folder}/${fileName}`, download: null });
}

export function exportApi(context: ApiContext): ExportApi {
  const { db } = context;
  return {
    exportSessionJson: (sessionId) => exportSessionJson(db, sessionId),
    exportSession: (sessionId, format) => saveExport(context, sessionId, format, 'exports'),
    archiveSession: (sessionId) =>
      archiveSession(db, sessionId, () => saveExport(context, sessionId, 'zip', 'archives')),
  };
}
