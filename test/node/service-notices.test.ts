/**
 * The notices the service sends after a call: the tables it changed and the ids its result
 * names. Runs the real service on a real wa-sqlite database; the folder memory (IndexedDB in
 * the browser) is a stand-in that remembers nothing, since no folder is opened here.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../workers/api';
import { createDbHandler } from '../../workers/service';
import type { FolderMemory } from '../../workers/folder/remembered';
import { openMigratedDb } from './support/memory-db';

const noMemory: FolderMemory = {
  remember: async () => undefined,
  forget: async () => undefined,
  recall: async () => null,
};

async function service() {
  const db = await openMigratedDb();
  const emitted: ChangeNotice[] = [];
  return createDbHandler(db, (notice) => emitted.push(notice), noMemory);
}

const idPattern = /^(session|group|task)_[0-9A-Za-z_-]+$/;

describe('change notices', () => {
  it('the notice of importPlan names the ids of the session it made, not the plan text', async () => {
    const call = await service();
    const text = '# Release plan\n\n- [ ] Write the notes\n  - [x] Gather the changes\n';
    const reply = await call('importPlan', [text, 'release.md']);
    expect(reply.result.ok).toBe(true);
    const session = (reply.result as { value: { session_id: string } }).value;
    expect(reply.changes!.tables).toContain('tasks');
    expect(reply.changes!.ids).toEqual([session.session_id]);
    for (const id of reply.changes!.ids) expect(id).toMatch(idPattern);
  });

  it('an edit names the row it changed, and a failed call names nothing', async () => {
    const call = await service();
    const created = await call('createSession', [{ name: 'Notices' }]);
    const { session_id } = (created.result as { value: { session_id: string } }).value;
    const renamed = await call('updateSession', [session_id, { name: 'Renamed' }]);
    expect(renamed.changes!.tables).toContain('sessions');
    expect(renamed.changes!.ids).toEqual([session_id]);
    const missing = await call('getSession', ['session_missing']);
    expect(missing.result.ok).toBe(false);
    expect(missing.changes).toBeNull();
  });
});
