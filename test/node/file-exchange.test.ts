/**
 * session.md in and out without a folder: saving records the base, an edited file merges
 * three ways (a change on each side kept), a clash waits for a resolution, an unknown id
 * imports as a session, and an unreadable file changes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import { createSession } from '../../workers/domain/sessions';
import { createTask, getTask, listTasks, updateTask } from '../../workers/domain/tasks';
import { saveSessionFile, takeSessionFile } from '../../workers/sync/file-exchange';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

let db: Db;
let sid: string;
beforeEach(async () => {
  db = await openMigratedDb();
  sid = unwrap(await createSession(db, { name: 'Trip' })).session_id;
  await createTask(db, { session_id: sid, title: 'Book flights', task_id: 'task_flights' });
  await createTask(db, { session_id: sid, title: 'Pack', task_id: 'task_pack' });
});

const saved = async () => unwrap(await saveSessionFile(db, sid)).text;

describe('session.md without a folder', () => {
  it('merges an edited file with the app’s own edits since it was saved', async () => {
    const text = await saved();
    expect(text).toContain('- [ ] Book flights <!-- id:task_flights -->');
    // The app edits one task, the file another, and adds one.
    unwrap(await updateTask(db, 'task_pack', { title: 'Pack light' }));
    const edited = text
      .replace('- [ ] Book flights', '- [x] Book flights `due:2026-12-10`')
      .replace('<!-- id:task_pack -->', '<!-- id:task_pack -->\n- [ ] Renew passport');
    const outcome = unwrap(await takeSessionFile(db, edited));
    expect(outcome).toMatchObject({ kind: 'merged', session_id: sid });
    expect(unwrap(await getTask(db, 'task_flights'))).toMatchObject({
      status: 'completed',
      due_date: '2026-12-10',
    });
    expect(unwrap(await getTask(db, 'task_pack')).title).toBe('Pack light');
    expect((await listTasks(db, sid)).map((t) => t.title)).toContain('Renew passport');
    // Taking the same file again is no change: the new task is not added twice.
    const again = unwrap(await takeSessionFile(db, await saved()));
    expect(again.kind).toBe('unchanged');
    expect((await listTasks(db, sid)).filter((t) => t.title === 'Renew passport')).toHaveLength(1);
  });

  it('holds a clash until a side is chosen, then applies the choice', async () => {
    const text = await saved();
    unwrap(await updateTask(db, 'task_pack', { title: 'Pack (app)' }));
    const file = text.replace('- [ ] Pack', '- [ ] Pack (file)');
    const held = unwrap(await takeSessionFile(db, file));
    expect(held).toMatchObject({ kind: 'conflict', session_id: sid });
    if (held.kind !== 'conflict') return;
    expect(held.conflicts).toEqual([
      expect.objectContaining({ field: 'title', ours: 'Pack (app)', theirs: 'Pack (file)' }),
    ]);
    expect(unwrap(await getTask(db, 'task_pack')).title).toBe('Pack (app)');
    const resolved = unwrap(
      await takeSessionFile(db, file, { [held.conflicts[0]!.key]: 'theirs' }),
    );
    expect(resolved.kind).toBe('merged');
    expect(unwrap(await getTask(db, 'task_pack')).title).toBe('Pack (file)');
  });

  it('imports a file of a session the app does not know as a new session', async () => {
    const text = (await saved())
      .replaceAll(sid, 'session_elsewhere')
      .replace('# Trip', '# Trip copy');
    const outcome = unwrap(await takeSessionFile(db, text));
    expect(outcome).toMatchObject({ kind: 'imported', session_id: 'session_elsewhere' });
    const tasks = await listTasks(db, 'session_elsewhere');
    expect(tasks.map((t) => t.title).sort()).toEqual(['Book flights', 'Pack']);
    // The copy's task ids belong to the first session: the import gets fresh ones.
    expect(tasks.map((t) => t.task_id)).not.toContain('task_flights');
    expect((await listTasks(db, sid)).map((t) => t.task_id).sort()).toEqual([
      'task_flights',
      'task_pack',
    ]);
  });

  it('refuses a file with git conflict markers and changes nothing', async () => {
    const text = (await saved()).replace(
      '- [ ] Pack',
      '<<<<<<< ours\n- [ ] Pack\n=======\n- [ ] Pack bags\n>>>>>>> theirs',
    );
    expect(failure(await takeSessionFile(db, text)).message).toMatch(/git conflict markers/);
    expect(unwrap(await getTask(db, 'task_pack')).title).toBe('Pack');
  });
});
