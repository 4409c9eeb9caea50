/**
 * session.md both ways in real Chromium: the real worker, OPFS database and an OPFS directory
 * standing in for the folder the user picks (same FileSystemDirectoryHandle interface).
 */
import { describe, expect, it } from 'vitest';
import {
  freshDbName,
  freshProjectFolder,
  listNames,
  openClient,
  readBytes,
  readText,
  unwrap,
  waitFor,
  writeText,
} from './support';

const sessionPath = (id: string) => `.task_orchestrator/sessions/${id}/session.md`;

async function setup() {
  const client = openClient(freshDbName());
  const folder = await freshProjectFolder();
  const { api } = client;
  const session = unwrap(await api.createSession({ name: 'Sync me' }));
  const group = unwrap(
    await api.createGroup({ session_id: session.session_id, group_name: 'Work' }),
  );
  const a = unwrap(
    await api.createTask({
      session_id: session.session_id,
      task_group: group.group_id,
      title: 'First task',
    }),
  );
  const b = unwrap(
    await api.createTask({
      session_id: session.session_id,
      task_group: group.group_id,
      title: 'Second task',
    }),
  );
  unwrap(await api.openFolder(folder));
  const path = sessionPath(session.session_id);
  await waitFor(
    () => readText(folder, path),
    (t) => t !== null && t.includes('Second task'),
    'session.md',
  );
  return { api, folder, session, a, b, path };
}

describe('project folder and session.md', () => {
  it('creates the folder layout and the default roles file, and remembers the folder', async () => {
    const { api, folder } = await setup();
    expect(await listNames(folder, '.task_orchestrator')).toEqual([
      'archives',
      'exports',
      'roles',
      'sessions',
      'tasks',
    ]);
    expect(await listNames(folder, '.task_orchestrator/roles')).toEqual(['default_roles.yaml']);
    const status = unwrap(await api.folderStatus());
    expect(status).toMatchObject({ attached: true, permission: 'granted', remembered: true });
    expect(status.name).toMatch(/^project-/);
    // Nothing outside .task_orchestrator/ was written.
    const top: string[] = [];
    for await (const name of folder.keys()) top.push(name);
    expect(top).toEqual(['.task_orchestrator']);
  });

  it('writes app edits into session.md, changing only that task’s line', async () => {
    const { api, folder, a, path } = await setup();
    const before = (await readText(folder, path))!;
    unwrap(await api.updateTask(a.task_id, { status: 'completed' }));
    const after = await waitFor(
      () => readText(folder, path),
      (t) => t !== before,
      'the file to change',
    );
    const changed = after!.split('\n').filter((line, i) => line !== before.split('\n')[i]);
    // The task's line, plus the derived progress line of the header.
    expect(changed.some((l) => l.includes('[x] First task'))).toBe(true);
    expect(changed.every((l) => l.includes('First task') || l.startsWith('- **Progress:**'))).toBe(
      true,
    );
    const state = unwrap(await api.listSyncStates())[0]!;
    expect(state).toMatchObject({ sync_status: 'synchronized' });
    expect(state.md_content_hash).toBe(state.db_content_hash);
    expect(state.last_db_to_md_sync).toBeTruthy();
  });

  it('brings an outside edit of session.md into the database and writes ids back', async () => {
    const { api, folder, session, a, path } = await setup();
    const text = (await readText(folder, path))!;
    const edited = text
      .replace('[ ] First task', '[x] First task')
      .replace(/(- \[ \] Second task.*\n)/, '$1- [ ] Added in my editor\n  - [ ] And a subtask\n');
    await writeText(folder, path, edited);
    const tasks = await waitFor(
      async () => unwrap(await api.listTasks(session.session_id)),
      (list) => list.length === 4,
      'the new tasks in the database',
    );
    expect(tasks.find((t) => t.task_id === a.task_id)?.status).toBe('completed');
    const added = tasks.find((t) => t.title === 'Added in my editor')!;
    expect(tasks.find((t) => t.title === 'And a subtask')?.parent_task_id).toBe(added.task_id);
    const written = await waitFor(
      () => readText(folder, path),
      (t) => t !== null && t.includes(added.task_id),
      'ids written back',
    );
    expect(written).toContain(`Added in my editor <!-- id:${added.task_id} -->`);
    const state = unwrap(await api.listSyncStates())[0]!;
    expect(state.last_md_to_db_sync).toBeTruthy();
    expect(unwrap(await api.listBackups(session.session_id)).length).toBeGreaterThan(0);
  });

  it('keeps the BOM and CRLF line endings an editor saved the file with', async () => {
    const { api, folder, session, a, b, path } = await setup();
    const text = (await readText(folder, path))!;
    const edited =
      '\uFEFF' + text.replace('[ ] First task', '[x] First task').replace(/\n/g, '\r\n');
    await writeText(folder, path, edited);
    await waitFor(
      async () => unwrap(await api.getTask(a.task_id)).status,
      (status) => status === 'completed',
      'the outside edit in the database',
    );
    unwrap(await api.updateTask(b.task_id, { title: 'Second task, renamed' }));
    unwrap(await api.syncSession(session.session_id));
    const bytes = await waitFor(
      () => readBytes(folder, path),
      (raw) => raw !== null && new TextDecoder().decode(raw).includes('renamed'),
      'the app edit in the file',
    );
    expect([...bytes!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const written = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes!);
    expect(written.startsWith('\uFEFF# Sync me\r\n')).toBe(true);
    expect(written.replace(/\r\n/g, '')).not.toContain('\n');
    expect(written).toContain('[x] First task');
  });

  it('takes in a file with bytes that are not UTF-8 once, then leaves it be', async () => {
    const { api, folder, session, a, path } = await setup();
    const [before, after] = (await readText(folder, path))!.split('First task');
    const encode = (text: string) => new TextEncoder().encode(text);
    const bytes = new Uint8Array([
      ...encode(`${before}First `),
      0xff, // not UTF-8: read as U+FFFD
      ...encode(` task${after}`),
    ]);
    await writeText(folder, path, bytes);
    await waitFor(
      async () => unwrap(await api.getTask(a.task_id)).title,
      (title) => title === 'First \uFFFD task',
      'the outside edit in the database',
    );
    // The app's render is the file's text: nothing to write, and nothing new the next time.
    expect(unwrap(await api.syncSession(session.session_id))).toEqual({ kind: 'unchanged' });
    expect(unwrap(await api.syncSession(session.session_id))).toEqual({ kind: 'unchanged' });
    expect(await readBytes(folder, path)).toEqual(bytes);
  });

  it('merges edits of different tasks on both sides, and holds a same-field conflict until resolved', async () => {
    const { api, folder, session, a, b, path } = await setup();
    const text = (await readText(folder, path))!;
    // Different tasks: app renames A while the file renames B.
    await writeText(folder, path, text.replace('Second task', 'Second task (file)'));
    unwrap(await api.updateTask(a.task_id, { title: 'First task (app)' }));
    await waitFor(
      () => readText(folder, path),
      (t) => t !== null && t.includes('First task (app)') && t.includes('Second task (file)'),
      'both edits in the file',
    );
    await waitFor(
      async () => unwrap(await api.getTask(b.task_id)).title,
      (title) => title === 'Second task (file)',
      'the file edit in the database',
    );

    // Same field, different values while the app was away from the folder: a conflict.
    // Close first: it runs after any sync already queued, so the file read next is final.
    unwrap(await api.closeFolder());
    const synced = (await readText(folder, path))!;
    const conflicted = synced.replace('First task (app)', 'First task (from file)');
    await writeText(folder, path, conflicted);
    unwrap(await api.updateTask(a.task_id, { title: 'First task (from app)' }));
    unwrap(await api.openFolder(folder));
    expect(unwrap(await api.listSyncStates())[0]!.sync_status).toBe('conflict');
    expect(await readText(folder, path)).toBe(conflicted);
    expect(unwrap(await api.getTask(a.task_id)).title).toBe('First task (from app)');
    const view = unwrap(await api.getConflicts(session.session_id));
    expect(view.reason).toBe('conflicts');
    expect(view.conflicts).toEqual([
      expect.objectContaining({
        kind: 'field',
        id: a.task_id,
        field: 'title',
        ours: 'First task (from app)',
        theirs: 'First task (from file)',
      }),
    ]);
    unwrap(await api.resolveConflicts(session.session_id, { [view.conflicts[0]!.key]: 'theirs' }));
    expect(unwrap(await api.getTask(a.task_id)).title).toBe('First task (from file)');
    expect(await readText(folder, path)).toContain('First task (from file)');
    expect(unwrap(await api.listSyncStates())[0]).toMatchObject({ sync_status: 'synchronized' });
    expect(unwrap(await api.listSyncStates())[0]!.last_conflict_resolution).toBeTruthy();
  });

  it('treats git conflict markers as a conflict, never as data, and never overwrites them', async () => {
    const { api, folder, session, path } = await setup();
    const text = (await readText(folder, path))!;
    const marked = text.replace(
      '- [ ] Second task',
      '<<<<<<< HEAD\n- [ ] Second task\n=======\n- [x] Second task\n>>>>>>> branch',
    );
    await writeText(folder, path, marked);
    unwrap(await api.checkFolder());
    expect(unwrap(await api.listSyncStates())[0]!.sync_status).toBe('conflict');
    unwrap(await api.createTask({ session_id: session.session_id, title: 'Made meanwhile' }));
    await new Promise((r) => setTimeout(r, 800));
    expect(await readText(folder, path)).toBe(marked);
    expect(unwrap(await api.getConflicts(session.session_id)).reason).toBe('git-markers');
    // Keeping the app's version resolves it.
    unwrap(await api.resolveConflicts(session.session_id, 'ours'));
    const text2 = (await readText(folder, path))!;
    expect(text2).not.toContain('<<<<<<<');
    expect(text2).toContain('Made meanwhile');
  });

  it('picks up a conflicted file once it is fixed by hand, without a click', async () => {
    const { api, folder, path } = await setup();
    const text = (await readText(folder, path))!;
    await writeText(
      folder,
      path,
      text.replace(
        '- [ ] Second task',
        '<<<<<<< ours\n- [ ] Second task\n=======\n- [ ] Second\n>>>>>>> theirs',
      ),
    );
    unwrap(await api.checkFolder());
    expect(unwrap(await api.listSyncStates())[0]!.sync_status).toBe('conflict');
    // Checking again without a change keeps the conflict.
    unwrap(await api.checkFolder());
    expect(unwrap(await api.listSyncStates())[0]!.sync_status).toBe('conflict');
    await writeText(folder, path, text.replace('Second task', 'Second task, merged by hand'));
    unwrap(await api.checkFolder());
    expect(unwrap(await api.listSyncStates())[0]!.sync_status).toBe('synchronized');
    expect((await readText(folder, path))!).toContain('Second task, merged by hand');
  });

  it('brings in sessions found in a folder (as if cloned from git)', async () => {
    const folder = await freshProjectFolder();
    const file = [
      '# Hand-written plan',
      '',
      '- **Id:** session_handwritten',
      '- **Status:** paused',
      '',
      '## Overview',
      '',
      'Written by a person in an editor.',
      '',
      '## Tasks',
      '',
      '### Backend',
      '',
      '- [x] Set up the database',
      '- [ ] Write the API',
      '  - [ ] Auth endpoints',
      '',
      '## Notes',
      '',
      'Some notes that must survive.',
      '',
    ].join('\n');
    await writeText(folder, sessionPath('session_handwritten'), file);
    const { api } = openClient(freshDbName());
    const opened = unwrap(await api.openFolder(folder));
    expect(opened.imported).toEqual(['session_handwritten']);
    const session = unwrap(await api.getSession('session_handwritten'));
    expect(session).toMatchObject({
      name: 'Hand-written plan',
      status: 'paused',
      total_tasks: 3,
      completed_tasks: 1,
      description: 'Written by a person in an editor.',
    });
    const written = await waitFor(
      () => readText(folder, sessionPath('session_handwritten')),
      (t) => t !== null && t.includes('<!-- id:task_'),
      'ids written back',
    );
    expect(written).toContain('Some notes that must survive.');
    expect(written).toContain('- [x] Set up the database <!-- id:task_');
  });

  it('writes the file again when it is deleted behind the app’s back', async () => {
    const { api, folder, session, path } = await setup();
    const sessions = await folder
      .getDirectoryHandle('.task_orchestrator')
      .then((d) => d.getDirectoryHandle('sessions'));
    await sessions.removeEntry(session.session_id, { recursive: true });
    unwrap(await api.checkFolder());
    const text = await waitFor(
      () => readText(folder, path),
      (t) => t !== null,
      'the file to come back',
    );
    expect(text).toContain('Second task');
    expect(unwrap(await api.getSession(session.session_id)).total_tasks).toBe(2);
  });
});
