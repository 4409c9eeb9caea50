/**
 * A session as files to hand over: its session.md, its JSON export (every field of every
 * row), a todo.txt (flat, each subtask naming its parent), or a zip of session.md and JSON
 * plus the mode file it uses. Pure assembly; where the bytes go (the
 * folder's exports/ or archives/, or a download) is the caller's business.
 */
import { strToU8, zipSync } from 'fflate';
import type { Db } from '../db/sqlite';
import { type AppError, type Result, ok } from '../result';
import { exportSessionJson } from '../domain/export-json';
import { effectiveMode } from '../modes/bindings';
import { defaultModeFileName, defaultModeYaml } from '../modes/default-mode';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { renderTodoTxt } from '../../core/export/todo-txt';
import { loadSessionDoc } from '../sync/session-store';

export type ExportFormat = 'markdown' | 'json' | 'zip' | 'todotxt';

export interface ExportFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** `name-2026-11-25T17-40-00` style stem: safe in any file system. */
function stem(sessionId: string, at: Date): string {
  return `${sessionId}-${at.toISOString().slice(0, 19).replace(/:/g, '-')}`;
}

/**
 * Builds the export. `readModeFile` returns the bytes of a mode file from the project folder
 * (null when there is no folder or no such file); the built-in default is used otherwise.
 */
export async function buildSessionExport(
  db: Db,
  sessionId: string,
  format: ExportFormat,
  readModeFile: (path: string) => Promise<Uint8Array | null>,
  at = new Date(),
): Promise<Result<ExportFile, AppError>> {
  const doc = await loadSessionDoc(db, sessionId);
  if (!doc.ok) return doc;
  const name = stem(sessionId, at);
  const markdown = strToU8(renderSessionMarkdown(doc.value));
  if (format === 'markdown')
    return ok({ fileName: `${name}.md`, mimeType: 'text/markdown', bytes: markdown });
  const data = await exportSessionJson(db, sessionId);
  if (!data.ok) return data;
  if (format === 'todotxt') {
    const completedAt = new Map<string, string>();
    for (const row of data.value.tasks) {
      if (typeof row['task_id'] === 'string' && typeof row['completed_at'] === 'string')
        completedAt.set(row['task_id'], row['completed_at']);
    }
    const text = strToU8(renderTodoTxt(doc.value, completedAt));
    return ok({ fileName: `${name}.todo.txt`, mimeType: 'text/plain', bytes: text });
  }
  const json = strToU8(`${JSON.stringify(data.value, null, 2)}\n`);
  if (format === 'json')
    return ok({ fileName: `${name}.json`, mimeType: 'application/json', bytes: json });

  const mode = await effectiveMode(db, sessionId);
  const path = mode.ok ? mode.value.mode.yaml_file_path : '';
  const fromFolder = path.startsWith('roles/') ? await readModeFile(path) : null;
  const modeName = fromFolder ? path.slice('roles/'.length) : defaultModeFileName;
  const zip = zipSync({
    'session.md': markdown,
    'session.json': json,
    [`roles/${modeName}`]: fromFolder ?? strToU8(defaultModeYaml),
  });
  return ok({ fileName: `${name}.zip`, mimeType: 'application/zip', bytes: zip });
}
