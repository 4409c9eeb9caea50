/**
 * Where an export goes: with a project folder open, into its `.task_orchestrator/exports/`
 * (or `archives/`); without one, back to the page as bytes to download.
 */
import type { Db } from '../db/sqlite';
import { type AppError, type Result, ok } from '../result';
import { readBytes, writeFile } from '../folder/fs';
import { appPathFromString } from '../folder/paths';
import { type ExportFormat, buildSessionExport } from './session-files';

export interface ExportResult {
  fileName: string;
  /** Where the file was written, relative to the project folder, when one is open. */
  savedTo: string | null;
  /** The file for a download when no folder is open. */
  download: { mimeType: string; bytes: Uint8Array } | null;
}

/** Builds an export and saves it in the folder's `exports/` or `archives/`, or returns it. */
export async function saveExport(
  db: Db,
  app: FileSystemDirectoryHandle | null,
  sessionId: string,
  format: ExportFormat,
  folder: 'exports' | 'archives',
): Promise<Result<ExportResult, AppError>> {
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
