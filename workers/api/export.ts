/** The export API: a session as JSON, markdown or a zip, saved in the folder or downloaded; archiving. */
import type { Session } from '../../core/model';
import { type SessionExport, exportSessionJson } from '../domain/export-json';
import { archiveSession } from '../domain/sessions';
import type { ExportFormat } from '../export/session-files';
import { type ExportResult, saveExport } from '../export/save-export';
import type { ApiContext, MethodList, Reply } from './context';

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

export function exportApi(context: ApiContext): ExportApi {
  const { db } = context;
  return {
    exportSessionJson: (sessionId) => exportSessionJson(db, sessionId),
    exportSession: (sessionId, format) =>
      saveExport(context.db, context.engine.appFolder(), sessionId, format, 'exports'),
    archiveSession: (sessionId) =>
      archiveSession(db, sessionId, () =>
        saveExport(context.db, context.engine.appFolder(), sessionId, 'zip', 'archives'),
      ),
  };
}
