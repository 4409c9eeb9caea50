/**
 * The File System Access adapter: the only code that reads or writes the user's project
 * folder. Every path is an AppPath under `.task_orchestrator/` (see paths.ts). Writes go
 * through `createWritable`, which writes a swap file and replaces the target on close, so a
 * crash leaves the old content or the new, never half a file.
 */
import { type AppPath, appFolderName, appSubfolders, isSafeSegment } from './paths';
import { FolderError } from './folder-error';

export { FolderError, type FolderErrorType } from './folder-error';

export interface FileText {
  text: string;
  bytes: Uint8Array<ArrayBuffer>;
  lastModified: number;
}

function folderErrorFrom(error: unknown, what: string): FolderError {
  if (error instanceof FolderError) return error;
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new FolderError(
      'PermissionDenied',
      `Permission to the project folder was denied while ${what}. Reconnect the folder to continue.`,
    );
  }
  if (name === 'NotFoundError') {
    return new FolderError(
      'NotFound',
      `Not found while ${what}: the folder or file was moved or deleted.`,
    );
  }
  if (name === 'QuotaExceededError') {
    return new FolderError(
      'QuotaExceeded',
      `The disk is full while ${what}. Free some space; nothing was lost.`,
    );
  }
  return new FolderError(
    'Failed',
    `Failed while ${what}: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/** Runs a folder operation, turning DOM exceptions into FolderErrors with clear messages. */
export async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw folderErrorFrom(error, what);
  }
}

/** Whether read-write permission is granted for the folder (never prompts). */
export async function hasWritePermission(project: FileSystemDirectoryHandle): Promise<boolean> {
  const handle = project as FileSystemDirectoryHandle & {
    queryPermission?: (d: { mode: 'readwrite' }) => Promise<PermissionState>;
  };
  if (!handle.queryPermission) return true; // OPFS handles have no permission API
  return (await handle.queryPermission({ mode: 'readwrite' })) === 'granted';
}

async function directory(
  root: FileSystemDirectoryHandle,
  segments: readonly string[],
  create: boolean,
): Promise<FileSystemDirectoryHandle> {
  let dir = root;
  for (const segment of segments) {
    if (!isSafeSegment(segment))
      throw new FolderError('Unsafe', `Refused an unsafe path segment "${segment}".`);
    dir = await dir.getDirectoryHandle(segment, { create });
  }
  return dir;
}

/**
 * Opens (creating when missing) `.task_orchestrator/` and its subfolders, and returns its
 * handle. `defaultRoles` is written to `roles/<name>` when `roles/` holds no YAML file.
 */
export async function ensureAppFolder(
  project: FileSystemDirectoryHandle,
  defaultRoles: { name: string; text: string },
): Promise<FileSystemDirectoryHandle> {
  return guard('preparing .task_orchestrator/', async () => {
    const app = await project.getDirectoryHandle(appFolderName, { create: true });
    for (const sub of appSubfolders) await app.getDirectoryHandle(sub, { create: true });
    const roles = await app.getDirectoryHandle('roles');
    let hasYaml = false;
    for await (const [name, entry] of roles.entries()) {
      if (entry.kind === 'file' && /\.ya?ml$/i.test(name)) hasYaml = true;
    }
    if (!hasYaml) await writeFile(app, ['roles', defaultRoles.name], defaultRoles.text);
    return app;
  });
}

/** The file under the app folder, or null when it does not exist. */
async function fileAt(app: FileSystemDirectoryHandle, path: AppPath): Promise<File | null> {
  let handle: FileSystemFileHandle;
  try {
    const dir = await directory(app, path.slice(0, -1), false);
    handle = await dir.getFileHandle(path[path.length - 1]!);
  } catch (error) {
    if (
      error instanceof DOMException &&
      (error.name === 'NotFoundError' || error.name === 'TypeMismatchError')
    )
      return null;
    throw error;
  }
  return handle.getFile();
}

/**
 * The file's bytes, or null when it does not exist. A file that changes while it is read (an
 * editor saving) cannot be read from the File taken before: it is taken again.
 */
async function readWhole(
  app: FileSystemDirectoryHandle,
  path: AppPath,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; lastModified: number } | null> {
  for (let attempt = 1; ; attempt++) {
    const file = await fileAt(app, path);
    if (!file) return null;
    try {
      return { bytes: new Uint8Array(await file.arrayBuffer()), lastModified: file.lastModified };
    } catch (error) {
      const changed = error instanceof DOMException && error.name === 'NotReadableError';
      if (!changed || attempt === 3) throw error;
    }
  }
}

/**
 * Reads a file under the app folder; null when it does not exist. A leading BOM stays in
 * the text, so the parser sees it and a re-render keeps it.
 */
export async function readFile(
  app: FileSystemDirectoryHandle,
  path: AppPath,
): Promise<FileText | null> {
  return guard(`reading ${path.join('/')}`, async () => {
    const read = await readWhole(app, path);
    if (!read) return null;
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(read.bytes);
    return { text, ...read };
  });
}

/** Reads a file's bytes only (no decoding); null when it does not exist. */
export async function readBytes(
  app: FileSystemDirectoryHandle,
  path: AppPath,
): Promise<Uint8Array<ArrayBuffer> | null> {
  return guard(
    `reading ${path.join('/')}`,
    async () => (await readWhole(app, path))?.bytes ?? null,
  );
}

/** The file's last-modified time, or null when it does not exist (cheap change polling). */
export async function fileLastModified(
  app: FileSystemDirectoryHandle,
  path: AppPath,
): Promise<number | null> {
  return guard(
    `checking ${path.join('/')}`,
    async () => (await fileAt(app, path))?.lastModified ?? null,
  );
}

/** Writes a whole file atomically (creating folders on the way); returns its new mtime. */
export async function writeFile(
  app: FileSystemDirectoryHandle,
  path: AppPath,
  text: string | Uint8Array<ArrayBuffer>,
): Promise<number> {
  return guard(`writing ${path.join('/')}`, async () => {
    const mtime = await writeWhole(app, path, text, true);
    return mtime as number; // false only comes from a `commit` check, and there is none
  });
}

/**
 * Replaces an existing file atomically, unless it changed: the new content goes to the swap
 * file first, and `unchanged()` (which reads the file again) is asked only then, just before
 * the swap replaces it. So an outside save can slip in only between that check and the swap.
 * Returns the new mtime, or false — nothing written — when `unchanged()` says no or the file
 * is gone (it is never created here).
 */
export async function replaceFileIfUnchanged(
  app: FileSystemDirectoryHandle,
  path: AppPath,
  bytes: Uint8Array<ArrayBuffer>,
  unchanged: () => Promise<boolean>,
): Promise<number | false> {
  return guard(`writing ${path.join('/')}`, async () => {
    try {
      return await writeWhole(app, path, bytes, false, unchanged);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'NotFoundError') return false;
      throw error;
    }
  });
}

async function writeWhole(
  app: FileSystemDirectoryHandle,
  path: AppPath,
  content: string | Uint8Array<ArrayBuffer>,
  create: boolean,
  commit?: () => Promise<boolean>,
): Promise<number | false> {
  const dir = await directory(app, path.slice(0, -1), create);
  const name = path[path.length - 1]!;
  if (!isSafeSegment(name))
    throw new FolderError('Unsafe', `Refused an unsafe file name "${name}".`);
  const handle = await dir.getFileHandle(name, { create });
  const writable = await handle.createWritable();
  try {
    await writable.write(content);
    if (commit && !(await commit())) {
      await writable.abort();
      return false;
    }
    await writable.close();
  } catch (error) {
    await writable.abort().catch(() => undefined);
    throw error;
  }
  return (await handle.getFile()).lastModified;
}

/** Names of the subfolders of `sessions/` that hold a `session.md`. */
export async function listSessionFolders(app: FileSystemDirectoryHandle): Promise<string[]> {
  return guard('listing sessions/', async () => {
    const sessions = await app.getDirectoryHandle('sessions', { create: true });
    const ids: string[] = [];
    for await (const [name, entry] of sessions.entries()) {
      if (entry.kind !== 'directory' || !isSafeSegment(name)) continue;
      try {
        await (entry as FileSystemDirectoryHandle).getFileHandle('session.md');
        ids.push(name);
      } catch {
        // a folder without session.md is not a session
      }
    }
    return ids.sort();
  });
}

/** Every `*.yaml` / `*.yml` in `roles/` with its modification time (no content read). */
export async function roleFileTimes(app: FileSystemDirectoryHandle): Promise<Map<string, number>> {
  return guard('checking roles/', async () => {
    const roles = await app.getDirectoryHandle('roles', { create: true });
    const times = new Map<string, number>();
    for await (const [name, entry] of roles.entries()) {
      if (entry.kind !== 'file' || !/\.ya?ml$/i.test(name) || !isSafeSegment(name)) continue;
      times.set(`roles/${name}`, (await (entry as FileSystemFileHandle).getFile()).lastModified);
    }
    return times;
  });
}

/** Every `*.yaml` / `*.yml` in `roles/`, with its bytes. */
export async function listRoleFiles(
  app: FileSystemDirectoryHandle,
): Promise<Array<{ path: string; bytes: Uint8Array; lastModified: number }>> {
  return guard('reading roles/', async () => {
    const roles = await app.getDirectoryHandle('roles', { create: true });
    const files: Array<{ path: string; bytes: Uint8Array; lastModified: number }> = [];
    for await (const [name, entry] of roles.entries()) {
      if (entry.kind !== 'file' || !/\.ya?ml$/i.test(name) || !isSafeSegment(name)) continue;
      const file = await (entry as FileSystemFileHandle).getFile();
      files.push({
        path: `roles/${name}`,
        bytes: new Uint8Array(await file.arrayBuffer()),
        lastModified: file.lastModified,
      });
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : 1));
  });
}
