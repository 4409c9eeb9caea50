/**
 * The sync engine: keeps each session's `.task_orchestrator/sessions/<id>/session.md` and the
 * database in step, both ways, without ever losing an edit.
 *
 * One sync of a session: read the file; if it is unchanged since the last sync (same hash),
 * render the database and write it when different. If the file changed, parse it and merge
 * three ways (base = last synchronized text, ours = database, theirs = file): no conflict →
 * apply to the database, render, write; a conflict → status `conflict`, nothing is written or
 * applied until the user resolves it. A file that cannot be parsed, or holds git conflict
 * markers, is never overwritten. Before a write replaces different content, the old content
 * is backed up, and the file is read again just before the new content replaces it: if it
 * changed meanwhile the sync starts over (merge first, never overwrite).
 */
import type { Db } from '../db/sqlite';
import { type AppError, type Result, attempt, err, ok } from '../db/result';
import { newId } from '../domain/ids';
import { createSession, restoreSessionStatus } from '../domain/sessions';
import { defaultModeFileName, defaultModeYaml } from '../modes/default-mode';
import { sha256Hex } from '../modes/hash';
import {
  FolderError,
  ensureAppFolder,
  fileLastModified,
  hasWritePermission,
  listSessionFolders,
  readBytes,
  readFile,
  replaceFileIfUnchanged,
  writeFile,
} from '../folder/fs';
import { type AppPath, appPathToString, sessionFilePath } from '../folder/paths';
import { type ParseResult, parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import {
  type MergeConflict,
  applyResolution,
  conflictKey,
  mergeSessionDocs,
} from '../../core/session-md/merge';
import {
  type SessionDoc,
  emptySessionDoc,
  replaceTempIds,
} from '../../core/session-md/session-doc';
import type { RenderOptions, TextFormat } from '../../core/session-md/render';
import { applySessionDoc, loadSessionDoc } from './session-store';
import {
  type SyncState,
  addBackup,
  ensureSyncState,
  getBaseText,
  listSyncStates,
  markConflictResolved,
  recordSynced,
  setSyncStatus,
} from './sync-state';

export type SyncOutcome =
  | { kind: 'unchanged' }
  | { kind: 'written'; created: boolean }
  | { kind: 'merged'; applied: number; refused: string[] }
  | { kind: 'conflict'; conflicts: MergeConflict[] }
  | { kind: 'unreadable'; message: string };

export interface FolderStatus {
  attached: boolean;
  name: string | null;
  permission: 'granted' | 'missing';
  /** The last folder problem, for the UI (cleared by the next successful sync). */
  lastError: string | null;
  watching: 'observer' | 'polling' | null;
}

export interface ConflictView {
  session_id: string;
  /** Why the file could not be merged: field conflicts, git markers, or a parse failure. */
  reason: 'conflicts' | 'git-markers' | 'unreadable' | 'none';
  message: string;
  conflicts: Array<MergeConflict & { key: string }>;
}

type Resolution = 'ours' | 'theirs' | Record<string, 'ours' | 'theirs'>;

export interface SyncEngine {
  attach(
    project: FileSystemDirectoryHandle,
  ): Promise<Result<{ imported: string[]; synced: number }, AppError>>;
  detach(): void;
  status(): FolderStatus;
  /** Syncs every session whose database side changed since its last sync (debounced). */
  schedule(): void;
  /** Checks every session file for outside changes (and new session folders). */
  checkFiles(): Promise<void>;
  syncSession(sessionId: string): Promise<Result<SyncOutcome, AppError>>;
  conflicts(sessionId: string): Promise<Result<ConflictView, AppError>>;
  resolve(sessionId: string, resolution: Resolution): Promise<Result<SyncOutcome, AppError>>;
  /** Writes a backup's content back to the file (the current content is backed up first). */
  restoreBackup(sessionId: string, content: string): Promise<Result<SyncOutcome, AppError>>;
  /** The project folder's `.task_orchestrator/` handle, for other folder users (modes). */
  appFolder(): FileSystemDirectoryHandle | null;
}

const encoder = new TextEncoder();
const hashText = (text: string) => sha256Hex(encoder.encode(text));

/** A rendered file: its text (compared and kept as the next merge base) and its bytes. */
interface Output {
  text: string;
  bytes: Uint8Array<ArrayBuffer>;
}
const output = (text: string): Output => ({ text, bytes: encoder.encode(text) });

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A folder failure as an error value; anything else is a bug and is thrown on. */
function folderFailure(error: unknown): AppError {
  if (error instanceof FolderError) {
    return { type: 'Folder', reason: error.type, message: error.message };
  }
  throw error;
}

const noFolder: AppError = {
  type: 'Folder',
  reason: 'NoFolder',
  message: 'No project folder is open.',
};

/** What a sync needs to know about one session's file and its history. */
interface Sides {
  state: SyncState;
  path: AppPath;
  ours: SessionDoc;
  /**
   * The last synchronized text (the merge base), parsed; read from the database only when a
   * merge or an uncached layout asks for it (at 100k tasks it is a 7 MB text).
   */
  parsedBase: () => Promise<ParseResult | null>;
  /** The file as read, its hash being the SHA-256 of its bytes (as `md_content_hash`). */
  file: (Output & { hash: string; lastModified: number }) | null;
}

export interface SyncEngineOptions {
  /**
   * Runs timer-driven work (debounced syncs, change polling) exclusively with every other
   * use of the connection: the service passes its serial queue. The engine's methods
   * themselves assume their caller already holds it.
   */
  background: <T>(job: () => Promise<T>) => Promise<T>;
  /** Called on attach and on every file check with the app folder (modes read roles/). */
  onFolderCheck?: (app: FileSystemDirectoryHandle) => Promise<void>;
  debounceMs?: number;
  pollMs?: number;
}

/** A real id for a line the parser gave a temporary one (a new task or group in the file). */
const realId = (temp: string) => newId(temp.includes('group') ? 'group' : 'task');

/** The file's document with real ids for new lines, under the session it belongs to. */
function fileDoc(doc: SessionDoc, sessionId: string): SessionDoc {
  const withIds = replaceTempIds(doc, realId);
  return { ...withIds, session: { ...withIds.session, session_id: sessionId } };
}

/** What rendering keeps from the last synchronized text, by the hash of that text. */
interface Layout {
  hash: string;
  extras: SessionDoc['extras'];
  format: RenderOptions;
}

/** How often the app's own earlier output of a file is backed up (outside edits: always). */
const ownBackupEveryMs = 5 * 60 * 1000;

export function createSyncEngine(db: Db, options: SyncEngineOptions): SyncEngine {
  let app: FileSystemDirectoryHandle | null = null;
  let project: FileSystemDirectoryHandle | null = null;
  let lastError: string | null = null;
  let permission: FolderStatus['permission'] = 'missing';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let poller: ReturnType<typeof setInterval> | null = null;
  let observer: { disconnect(): void } | null = null;
  async function readSides(sessionId: string): Promise<Result<Sides, AppError>> {
    const path = sessionFilePath(sessionId);
    if (!path)
      return err({
        type: 'Validation',
        field: 'session_id',
        message: `The session id "${sessionId}" cannot be used as a folder name.`,
      });
    const ours = await loadSessionDoc(db, sessionId);
    if (!ours.ok) return ours;
    const state = await ensureSyncState(db, sessionId, appPathToString(path));
    let parsed: Promise<ParseResult | null> | undefined;
    const parsedBase = () =>
      (parsed ??= getBaseText(db, state.sync_id).then((text) =>
        text === null ? null : parseSessionMarkdown(text),
      ));
    const file = await readFile(app!, path);
    return ok({
      state,
      path,
      ours: ours.value,
      parsedBase,
      file: file && { ...file, hash: await sha256Hex(file.bytes) },
    });
  }

  /**
   * Writes `out` unless the file changed since it was read for this sync (then returns false
   * and the caller merges again): the file is read again and compared byte for byte — after
   * the new content is in the swap file, just before it replaces the file. Backs up the
   * replaced content first.
   */
  async function guardedWrite(sides: Sides, out: Output, reason: string): Promise<number | false> {
    const { file } = sides;
    const unchanged = async () => {
      const now = await readBytes(app!, sides.path);
      return now === null ? file === null : file !== null && sameBytes(now, file.bytes);
    };
    // No file to replace: write one (only after checking none appeared meanwhile).
    if (!file) return (await unchanged()) && writeFile(app!, sides.path, out.bytes);
    if (
      !sameBytes(file.bytes, out.bytes) &&
      (file.hash !== sides.state.md_content_hash || (await backupDue(sides)))
    )
      await addBackup(
        db,
        sides.state.session_id,
        appPathToString(sides.path),
        file.text,
        file.hash,
        reason,
      );
    return replaceFileIfUnchanged(app!, sides.path, out.bytes, unchanged);
  }

  /**
   * What rendering needs from the base: the text the app does not understand (kept in place)
   * and the file's line endings. Remembered from the app's own last write, so a stream of app
   * edits never parses the base again; parsed when the base came from elsewhere.
   */
  async function baseLayout(sides: Sides): Promise<Layout> {
    const cached = layouts.get(sides.state.sync_id);
    if (cached && cached.hash === sides.state.md_content_hash) return cached;
    const parsed = await sides.parsedBase();
    return {
      hash: sides.state.md_content_hash ?? '',
      extras: parsed?.doc.extras ?? [],
      format: parsed?.format ?? {},
    };
  }

  /** Renders `doc` (default: the session as the database has it now) keeping `layout`. */
  async function renderOurs(sessionId: string, layout: Omit<Layout, 'hash'>, doc?: SessionDoc) {
    const current = doc ? ok(doc) : await loadSessionDoc(db, sessionId);
    if (!current.ok) return current;
    return ok(
      output(renderSessionMarkdown({ ...current.value, extras: layout.extras }, layout.format)),
    );
  }

  /** Records a completed sync and remembers its layout for the next render. */
  async function synced(
    sides: Sides,
    out: Output,
    layout: Omit<Layout, 'hash'>,
    modified: number,
    direction: { toFile: boolean; fromFile: boolean },
  ) {
    const hash = await sha256Hex(out.bytes);
    await recordSynced(db, sides.state, out.text, hash, modified, direction);
    layouts.set(sides.state.sync_id, { hash, extras: layout.extras, format: layout.format });
  }

  /** The app's own earlier output is backed up at most every few minutes per session. */
  async function backupDue(sides: Sides): Promise<boolean> {
    const last = await db.get<{ at: string | null }>(
      'SELECT max(created_at) AS at FROM markdown_backups WHERE session_id = ?',
      [sides.state.session_id],
    );
    return !last?.at || Date.now() - Date.parse(last.at) > ownBackupEveryMs;
  }

  async function syncOnce(sessionId: string): Promise<Result<SyncOutcome | 'retry', AppError>> {
    const read = await readSides(sessionId);
    if (!read.ok) return read;
    const sides = read.value;
    const { state, file } = sides;

    // The file is as we last left it (or gone): the database side decides.
    if (!file || (state.md_content_hash !== null && file.hash === state.md_content_hash)) {
      const layout = await baseLayout(sides);
      const text = await renderOurs(sessionId, layout, sides.ours);
      if (!text.ok) return text;
      if (file && text.value.text === file.text) {
        if (state.sync_status !== 'synchronized')
          await setSyncStatus(db, state.sync_id, 'synchronized');
        return ok({ kind: 'unchanged' });
      }
      const written = await guardedWrite(sides, text.value, 'app changes');
      if (written === false) return ok('retry');
      await synced(sides, text.value, layout, written, { toFile: true, fromFile: false });
      return ok({ kind: 'written', created: !file });
    }

    // The file changed outside the app: merge.
    await setSyncStatus(db, state.sync_id, 'md_newer');
    const parsed = parseSessionMarkdown(file.text, {
      fallback: (await sides.parsedBase())?.doc ?? sides.ours,
    });
    if (parsed.hasConflict) {
      conflictSeen.set(sessionId, file.lastModified);
      await setSyncStatus(db, state.sync_id, 'conflict');
      return ok({ kind: 'conflict', conflicts: [] });
    }
    const fatal = parsed.problems.find((p) => p.severity === 'error');
    if (fatal) {
      conflictSeen.set(sessionId, file.lastModified);
      await setSyncStatus(db, state.sync_id, 'conflict');
      return ok({ kind: 'unreadable', message: `session.md line ${fatal.line}: ${fatal.message}` });
    }
    const theirs = fileDoc(parsed.doc, sessionId);
    const base = (await sides.parsedBase())?.doc ?? emptySessionDoc(sides.ours.session);
    const { merged, conflicts } = mergeSessionDocs(base, sides.ours, theirs);
    if (conflicts.length > 0) {
      conflictSeen.set(sessionId, file.lastModified);
      await setSyncStatus(db, state.sync_id, 'conflict');
      return ok({ kind: 'conflict', conflicts });
    }
    return finishMerge(sides, merged, parsed.format);
  }

  /** Applies a merged doc to the database and writes the re-rendered file. */
  async function finishMerge(
    sides: Sides,
    merged: SessionDoc,
    format: TextFormat,
  ): Promise<Result<SyncOutcome | 'retry', AppError>> {
    const sessionId = sides.state.session_id;
    const applied = await applySessionDoc(db, sessionId, merged, sides.ours);
    if (!applied.ok) return applied;
    const layout = { extras: merged.extras, format };
    const text = await renderOurs(sessionId, layout);
    if (!text.ok) return text;
    let modified = sides.file?.lastModified ?? Date.now();
    let out = text.value;
    if (out.text !== sides.file?.text) {
      const written = await guardedWrite(sides, out, 'merge');
      if (written === false) return ok('retry');
      modified = written;
    } else if (sides.file) {
      // Kept as it is: record the file's own bytes (they differ from the text's when the
      // file holds bytes that are not UTF-8), or the next check would see it changed again.
      out = sides.file;
    }
    await synced(sides, out, layout, modified, { toFile: true, fromFile: true });
    const { created, updated, moved, deleted, refused } = applied.value;
    return ok({ kind: 'merged', applied: created + updated + moved + deleted, refused });
  }

  async function syncSessionNow(sessionId: string): Promise<Result<SyncOutcome, AppError>> {
    if (!app) return err(noFolder);
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const result = await syncOnce(sessionId);
        if (!result.ok) {
          lastError = `sessions/${sessionId}/session.md: ${result.error.message}`;
          return result;
        }
        if (result.value !== 'retry') {
          lastError = null;
          return ok(result.value);
        }
      }
      return err({
        type: 'Constraint',
        message: 'session.md kept changing while it was being synced; will try again.',
      });
    } catch (error) {
      const failure = folderFailure(error);
      lastError = failure.message;
      if (error instanceof FolderError && error.type === 'PermissionDenied') permission = 'missing';
      return err(failure);
    }
  }

  /** Sessions whose database side changed since their file was last written. */
  async function dirtySessions(): Promise<string[]> {
    const rows = await db.all<{ session_id: string }>(
      `SELECT s.session_id FROM sessions s LEFT JOIN markdown_sync_state m ON m.session_id = s.session_id
       WHERE m.sync_id IS NULL OR m.last_db_to_md_sync IS NULL OR s.last_activity_at > m.last_db_to_md_sync
          OR m.sync_status IN ('db_newer', 'md_newer')`,
    );
    return rows.map((row) => row.session_id);
  }

  /** The doc's task and group ids that some session in the database already uses. */
  async function existingIds(doc: SessionDoc): Promise<Map<string, 'task' | 'group'>> {
    const taken = new Map<string, 'task' | 'group'>();
    const tasks = await db.all<{ id: string }>(
      'SELECT task_id AS id FROM tasks WHERE task_id IN (SELECT value FROM json_each(?))',
      [JSON.stringify(doc.tasks.map((t) => t.task_id))],
    );
    const groups = await db.all<{ id: string }>(
      'SELECT group_id AS id FROM task_groups WHERE group_id IN (SELECT value FROM json_each(?))',
      [JSON.stringify(doc.groups.map((g) => g.group_id))],
    );
    for (const { id } of tasks) taken.set(id, 'task');
    for (const { id } of groups) taken.set(id, 'group');
    return taken;
  }

  async function importFromFolder(): Promise<string[]> {
    const imported: string[] = [];
    for (const folderId of await listSessionFolders(app!)) {
      if (await db.get('SELECT 1 AS x FROM sessions WHERE session_id = ?', [folderId])) continue;
      const path = sessionFilePath(folderId)!;
      const file = await readFile(app!, path);
      if (!file) continue;
      const parsed = parseSessionMarkdown(file.text);
      if (parsed.hasConflict || parsed.problems.some((p) => p.severity === 'error')) {
        lastError = `sessions/${folderId}/session.md could not be read and was left alone.`;
        continue;
      }
      const withIds = replaceTempIds(parsed.doc, realId);
      // A copy of another session's folder (renamed, duplicated, or from another branch)
      // carries that session's task and group ids: give those fresh ids, so importing the
      // copy never takes rows from the session they belong to.
      const taken = await existingIds(withIds);
      const doc = replaceTempIds(
        withIds,
        (id) => newId(taken.get(id)!),
        (id) => taken.has(id),
      );
      const name = doc.session.name || folderId;
      // A clashing name is a Constraint error value (attempt), and the copy is imported
      // under a name with its folder id instead.
      const created = await attempt(() =>
        createSession(db, {
          session_id: folderId,
          name,
          description: doc.session.description,
          priority_level: doc.session.priority_level,
          activate: false,
        }),
      ).then((r) =>
        r.ok || r.error.type !== 'Constraint'
          ? r
          : attempt(() =>
              createSession(db, {
                session_id: folderId,
                name: `${name} (${folderId})`,
                activate: false,
              }),
            ),
      );
      if (!created.ok) {
        lastError = `sessions/${folderId}/session.md: ${created.error.message}`;
        continue;
      }
      await restoreSessionStatus(db, folderId, doc.session.status);
      const fresh = await loadSessionDoc(db, folderId);
      if (!fresh.ok) continue;
      const target: SessionDoc = {
        ...doc,
        session: { ...fresh.value.session, name: fresh.value.session.name },
      };
      const applied = await applySessionDoc(db, folderId, target);
      if (!applied.ok) {
        lastError = `sessions/${folderId}/session.md: ${applied.error.message}`;
        continue;
      }
      // The file is the base: the next sync writes back ids for new items, nothing else.
      const state = await ensureSyncState(db, folderId, appPathToString(path));
      await recordSynced(db, state, file.text, await sha256Hex(file.bytes), file.lastModified, {
        toFile: false,
        fromFile: true,
      });
      imported.push(folderId);
      // Now write back what the app added (ids for new items), through a normal sync.
      await syncSessionNow(folderId);
    }
    return imported;
  }

  async function syncDirty(): Promise<number> {
    let count = 0;
    for (const sessionId of await dirtySessions()) {
      await syncSessionNow(sessionId);
      count++;
    }
    return count;
  }

  function startWatching(): FolderStatus['watching'] {
    const Observer = (
      globalThis as {
        FileSystemObserver?: new (cb: (records: unknown[]) => void) => {
          observe(h: FileSystemHandle, o: { recursive: boolean }): Promise<void>;
          disconnect(): void;
        };
      }
    ).FileSystemObserver;
    poller = setInterval(requestCheck, options.pollMs ?? 1000);
    if (Observer && app) {
      try {
        const instance = new Observer(requestCheck);
        void instance.observe(app, { recursive: true }).catch(() => undefined);
        observer = instance;
        return 'observer';
      } catch {
        observer = null;
      }
    }
    return 'polling';
  }

  let watching: FolderStatus['watching'] = null;
  const layouts = new Map<string, Layout>();
  // Timer and observer checks are coalesced: while one is waiting to run, more requests add
  // nothing, so a burst of file events never piles up work ahead of the user's calls.
  let checkPending = false;
  function requestCheck() {
    if (checkPending) return;
    checkPending = true;
    void options.background(async () => {
      checkPending = false;
      await engine.checkFiles();
    });
  }
  /** The file's modification time when a session's conflict was last seen. */
  const conflictSeen = new Map<string, number | null>();

  const engine: SyncEngine = {
    appFolder: () => app,
    status: () => ({
      attached: app !== null,
      name: project?.name ?? null,
      permission,
      lastError,
      watching,
    }),

    attach: async (handle) => {
      engine.detach();
      try {
        if (!(await hasWritePermission(handle))) {
          permission = 'missing';
          return err({
            type: 'Folder',
            reason: 'PermissionDenied',
            message:
              'Permission to the project folder is missing. Click “Reconnect folder” to grant it.',
          });
        }
        permission = 'granted';
        project = handle;
        app = await ensureAppFolder(handle, { name: defaultModeFileName, text: defaultModeYaml });
        await options.onFolderCheck?.(app);
        const imported = await importFromFolder();
        const synced = await syncDirty();
        watching = startWatching();
        return ok({ imported, synced });
      } catch (error) {
        const failure = folderFailure(error);
        lastError = failure.message;
        return err(failure);
      }
    },

    detach() {
      if (poller) clearInterval(poller);
      if (timer) clearTimeout(timer);
      observer?.disconnect();
      poller = null;
      timer = null;
      observer = null;
      app = null;
      project = null;
      watching = null;
    },

    schedule() {
      if (!app) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void options.background(syncDirty);
      }, options.debounceMs ?? 300);
    },

    checkFiles: async () => {
      if (!app) return;
      try {
        await options.onFolderCheck?.(app);
        await importFromFolder();
        for (const state of await listSyncStates(db)) {
          const path = sessionFilePath(state.session_id);
          if (!path) continue;
          const modified = await fileLastModified(app, path);
          if (state.sync_status === 'conflict') {
            // Held until resolved, unless the file changed since (fixed by hand in an editor).
            if (
              conflictSeen.has(state.session_id) &&
              conflictSeen.get(state.session_id) === modified
            )
              continue;
            await syncSessionNow(state.session_id);
            continue;
          }
          const known = state.last_file_modification
            ? Date.parse(state.last_file_modification)
            : null;
          if (modified !== known) await syncSessionNow(state.session_id);
        }
      } catch (error) {
        lastError = folderFailure(error).message;
      }
    },

    syncSession: (sessionId) => syncSessionNow(sessionId),

    conflicts: async (sessionId) => {
      if (!app)
        return err({
          type: 'Validation',
          field: 'folder',
          message: 'No project folder is open.',
        });
      const read = await readSides(sessionId).catch((e: unknown) => err(folderFailure(e)));
      if (!read.ok) return read;
      const { file, ours } = read.value;
      const base = (await read.value.parsedBase())?.doc ?? null;
      if (!file)
        return ok({
          session_id: sessionId,
          reason: 'none',
          message: 'session.md is not there yet.',
          conflicts: [],
        });
      const parsed = parseSessionMarkdown(file.text, { fallback: base ?? ours });
      if (parsed.hasConflict) {
        return ok({
          session_id: sessionId,
          reason: 'git-markers',
          message:
            'session.md has git conflict markers (<<<<<<< … >>>>>>>). Resolve them in the file, or keep the app’s version.',
          conflicts: [],
        });
      }
      const fatal = parsed.problems.find((p) => p.severity === 'error');
      if (fatal) {
        return ok({
          session_id: sessionId,
          reason: 'unreadable',
          message: `session.md line ${fatal.line}: ${fatal.message}`,
          conflicts: [],
        });
      }
      const theirs = fileDoc(parsed.doc, sessionId);
      const { conflicts } = mergeSessionDocs(base ?? emptySessionDoc(ours.session), ours, theirs);
      return ok({
        session_id: sessionId,
        reason: conflicts.length ? 'conflicts' : 'none',
        message: conflicts.length
          ? `${conflicts.length} change(s) differ between the app and session.md.`
          : 'No conflicts.',
        conflicts: conflicts.map((c) => ({ ...c, key: conflictKey(c) })),
      });
    },

    resolve: async (sessionId, resolution) => {
      if (!app)
        return err({
          type: 'Validation',
          field: 'folder',
          message: 'No project folder is open.',
        });
      try {
        const read = await readSides(sessionId);
        if (!read.ok) return read;
        const sides = read.value;
        const choose = (key: string) =>
          typeof resolution === 'string' ? resolution : (resolution[key] ?? 'ours');
        let merged: SessionDoc;
        let format: TextFormat | null = (await sides.parsedBase())?.format ?? null;
        const parsed = sides.file
          ? parseSessionMarkdown(sides.file.text, {
              fallback: (await sides.parsedBase())?.doc ?? sides.ours,
            })
          : null;
        const unusable =
          !parsed || parsed.hasConflict || parsed.problems.some((p) => p.severity === 'error');
        if (unusable) {
          // Only "keep the app's version" can resolve a file that cannot be read.
          if (resolution !== 'ours')
            return err({
              type: 'Validation',
              field: 'resolution',
              message: 'The file cannot be read; keep the app’s version, or fix the file by hand.',
            });
          merged = { ...sides.ours, extras: (await baseLayout(sides)).extras };
        } else {
          format = parsed.format;
          const theirs = fileDoc(parsed.doc, sessionId);
          const result = mergeSessionDocs(
            (await sides.parsedBase())?.doc ?? emptySessionDoc(sides.ours.session),
            sides.ours,
            theirs,
          );
          merged = result.merged;
          for (const conflict of result.conflicts)
            merged = applyResolution(merged, conflict, choose(conflictKey(conflict)));
        }
        const done = await finishMerge(sides, merged, format ?? { lineEnding: '\n', bom: false });
        if (!done.ok) return done;
        if (done.value === 'retry')
          return err({
            type: 'Constraint',
            message: 'session.md changed while resolving; look at the conflicts again.',
          });
        await markConflictResolved(db, sides.state.sync_id);
        return ok(done.value);
      } catch (error) {
        return err(folderFailure(error));
      }
    },

    restoreBackup: async (sessionId, content) => {
      if (!app)
        return err({
          type: 'Validation',
          field: 'folder',
          message: 'No project folder is open.',
        });
      try {
        const path = sessionFilePath(sessionId)!;
        const current = await readFile(app, path);
        if (current)
          await addBackup(
            db,
            sessionId,
            appPathToString(path),
            current.text,
            await hashText(current.text),
            'before restoring a backup',
          );
        await writeFile(app, path, content);
        // The restored file is an outside edit: the next sync merges it in.
        return syncSessionNow(sessionId);
      } catch (error) {
        return err(folderFailure(error));
      }
    },
  };
  return engine;
}
