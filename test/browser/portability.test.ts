/**
 * Backup, restore, export and archive through the real worker on OPFS, with an OPFS
 * directory standing in for the user's project folder.
 */
import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { freshDbName, freshProjectFolder, listNames, openClient, unwrap } from './support';
import type { DbClient } from '../../src/data/client';

async function seed(client: DbClient, name: string) {
  const s = unwrap(await client.api.createSession({ name }));
  const a = unwrap(
    await client.api.createTask({
      session_id: s.session_id,
      title: `${name} one`,
      status: 'completed',
    }),
  );
  unwrap(
    await client.api.createTask({
      session_id: s.session_id,
      title: `${name} two`,
      parent_task_id: a.task_id,
    }),
  );
  return s;
}

const snapshot = async (client: DbClient, sessionId: string) =>
  unwrap(await client.api.listTasks(sessionId)).map((t) => [
    t.task_id,
    t.title,
    t.status,
    t.parent_task_id,
    t.hierarchy_path,
  ]);

describe('backup and restore', () => {
  it('downloads the whole database; the bytes restore elsewhere with the same rows', async () => {
    const a = openClient(freshDbName());
    const session = await seed(a, 'Alpha');
    const { fileName, bytes } = unwrap(await a.api.backupDatabase());
    expect(fileName).toMatch(/^session-orchestrator-.*\.sqlite$/);
    expect(new TextDecoder().decode(bytes.slice(0, 15))).toBe('SQLite format 3');

    const b = openClient(freshDbName());
    await seed(b, 'Beta');
    const restored = unwrap(await b.api.restoreDatabase(bytes));
    expect(restored).toMatchObject({ sessions: 1, tasks: 2 });
    expect(new TextDecoder().decode(restored.previous.slice(0, 15))).toBe('SQLite format 3');
    expect(await snapshot(b, session.session_id)).toEqual(await snapshot(a, session.session_id));
    expect(unwrap(await b.api.listSessions({})).map((s) => s.name)).toEqual(['Alpha']);
    expect(unwrap(await b.api.integrityCheck())).toBe('ok');
  });

  it('refuses a corrupt file and leaves the current data untouched', async () => {
    const client = openClient(freshDbName());
    const session = await seed(client, 'Keep');
    const before = await snapshot(client, session.session_id);
    const { bytes } = unwrap(await client.api.backupDatabase());
    const corrupt = bytes.slice();
    corrupt.fill(0x42, 4096, Math.min(corrupt.length, 12288));
    const refused = await client.api.restoreDatabase(corrupt);
    expect(refused.ok).toBe(false);
    expect(await snapshot(client, session.session_id)).toEqual(before);
    expect(unwrap(await client.api.integrityCheck())).toBe('ok');
  });
});

describe('export and archive', () => {
  it('exports a zip of session.md, session.json and the mode file into exports/', async () => {
    const client = openClient(freshDbName());
    const folder = await freshProjectFolder();
    const session = await seed(client, 'Zipped');
    unwrap(await client.api.openFolder(folder));
    const result = unwrap(await client.api.exportSession(session.session_id, 'zip'));
    expect(result.download).toBeNull();
    expect(result.savedTo).toBe(`.task_orchestrator/exports/${result.fileName}`);
    const dir = await (
      await folder.getDirectoryHandle('.task_orchestrator')
    ).getDirectoryHandle('exports');
    const zip = unzipSync(
      new Uint8Array(
        await (await (await dir.getFileHandle(result.fileName)).getFile()).arrayBuffer(),
      ),
    );
    expect(Object.keys(zip).sort()).toEqual([
      'roles/default_roles.yaml',
      'session.json',
      'session.md',
    ]);
    expect(strFromU8(zip['session.md']!)).toContain('- [x] Zipped one');
    const json = JSON.parse(strFromU8(zip['session.json']!)) as {
      session: { name: string };
      tasks: unknown[];
    };
    expect(json.session.name).toBe('Zipped');
    expect(json.tasks).toHaveLength(2);
  });

  it('exports for download when no folder is open', async () => {
    const client = openClient(freshDbName());
    const session = await seed(client, 'Loose');
    const md = unwrap(await client.api.exportSession(session.session_id, 'markdown'));
    expect(md.savedTo).toBeNull();
    expect(md.download?.mimeType).toBe('text/markdown');
    expect(new TextDecoder().decode(md.download!.bytes)).toContain('# Loose');
  });

  it('archives a session in one action: file in archives/, session read-only; reactivation restores it', async () => {
    const client = openClient(freshDbName());
    const folder = await freshProjectFolder();
    const session = await seed(client, 'Done and dusted');
    unwrap(await client.api.openFolder(folder));
    // An active session must be paused, completed or cancelled first.
    const refused = await client.api.archiveSession(session.session_id);
    expect(refused.ok || refused.error).toMatchObject({ type: 'InvalidTransition' });
    expect(await listNames(folder, '.task_orchestrator/archives')).toEqual([]);
    unwrap(await client.api.transitionSession(session.session_id, 'completed'));
    const archived = unwrap(await client.api.archiveSession(session.session_id));
    expect(archived.session.status).toBe('archived');
    expect(await listNames(folder, '.task_orchestrator/archives')).toEqual([archived.fileName]);
    const edit = await client.api.createTask({ session_id: session.session_id, title: 'Too late' });
    expect(edit.ok || edit.error).toMatchObject({ type: 'ReadOnly' });
    unwrap(await client.api.transitionSession(session.session_id, 'active'));
    unwrap(await client.api.createTask({ session_id: session.session_id, title: 'Back at it' }));
  });
});
