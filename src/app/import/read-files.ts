/**
 * Files the user picked or dropped, read as text for the plan import: several files, a
 * folder from the folder picker (`webkitdirectory`), or folders dropped (read through
 * `webkitGetAsEntry`). Only the kinds a plan can be are read, and never version-control or
 * dependency folders, so picking a whole project stays quick.
 */
import type { PlanFile } from '../../../workers/api';

const planLike = /\.(?:md|markdown|mdown|mkd|txt|json)$/i;
const skipped = /(?:^|\/)(?:\.git|node_modules|\.svn|\.hg)(?:\/|$)/;
/** Bigger files are left out (the import takes 20 MB in all). */
const maxFileBytes = 20 * 1024 * 1024;
const maxFiles = 5000;

/** Whether a path inside a picked folder may hold a plan. */
export function isPlanPath(path: string): boolean {
  return planLike.test(path) && !skipped.test(path);
}

/** Reads the plan-like files of a list (a file input's `files`), with their folder paths. */
export async function readPickedFiles(files: Iterable<File>): Promise<PlanFile[]> {
  const picked: Array<{ path: string; file: File }> = [];
  for (const file of files) {
    const path = file.webkitRelativePath || file.name;
    if (picked.length < maxFiles && isPlanPath(path) && file.size <= maxFileBytes)
      picked.push({ path, file });
  }
  return Promise.all(picked.map(async ({ path, file }) => ({ path, text: await file.text() })));
}

/** Reads what was dropped: files and, through the entry API, whole folders. */
export async function readDropped(transfer: DataTransfer): Promise<PlanFile[]> {
  const entries = [...transfer.items]
    .map((item) => item.webkitGetAsEntry?.() ?? null)
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return readPickedFiles(transfer.files);
  const found: Array<{ path: string; file: File }> = [];
  const queue: FileSystemEntry[] = [...entries];
  while (queue.length > 0 && found.length < maxFiles) {
    const entry = queue.shift()!;
    const path = entry.fullPath.replace(/^\//, '');
    if (skipped.test(path)) continue;
    if (entry.isDirectory) queue.push(...(await readAllEntries(entry as FileSystemDirectoryEntry)));
    else if (isPlanPath(path)) {
      const file = await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject),
      );
      if (file.size <= maxFileBytes) found.push({ path, file });
    }
  }
  return Promise.all(found.map(async ({ path, file }) => ({ path, text: await file.text() })));
}

/** A directory reader returns entries in batches until an empty one. */
async function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
