/**
 * session.md ↔ database through the real codec and real wa-sqlite: hand edits of a rendered
 * file, parsed and applied, end up in the database exactly.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../workers/db/sqlite';
import { createSession, transitionSession } from '../../workers/domain/sessions';
import { createGroup } from '../../workers/domain/groups';
import { createTask, getTask } from '../../workers/domain/tasks';
import { newId } from '../../workers/domain/ids';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { replaceTempIds } from '../../core/session-md/session-doc';
import { applySessionDoc, loadSessionDoc } from '../../workers/sync/session-store';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

let db: Db;
let sid: string;
let ids: { a: string; b: string; c: string; d: string; build: string; docs: string };

beforeEach(async () => {
  db = await openMigratedDb();
  sid = unwrap(
    await createSession(db, { name: 'Launch', description: 'Ship the thing.' }),
  ).session_id;
  const build = unwrap(await createGroup(db, { session_id: sid, group_name: 'Build' }));
  const docs = unwrap(await createGroup(db, { session_id: sid, group_name: 'Docs' }));
  const t = async (title: string, extra: Record<string, unknown> = {}) =>
    unwrap(await createTask(db, { session_id: sid, title, ...extra })).task_id;
  const a = await t('Write code', { task_group: build.group_id, estimated_effort: 4 });
  const b = await t('Review code', { task_group: build.group_id, depends_on: [a] });
  const c = await t('Fix nits', { parent_task_id: b });
  const d = await t('Write guide', { task_group: docs.group_id });
  ids = { a, b, c, d, build: build.group_id, docs: docs.group_id };
});

async function rendered(): Promise<string> {
  return renderSessionMarkdown(unwrap(await loadSessionDoc(db, sid)));
}

/** Parses an edited file, gives new tasks real ids, applies it, and returns the report. */
async function applyText(text: string) {
  const parsed = parseSessionMarkdown(text, { fallback: unwrap(await loadSessionDoc(db, sid)) });
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const doc = replaceTempIds(parsed.doc, () => newId('task'));
  return unwrap(await applySessionDoc(db, sid, doc));
}

const lineOf = (text: string, id: string) => text.split('\n').findIndex((l) => l.includes(id));

describe('applying session.md edits to the database', () => {
  it('round-trips: the rendered file applies as no change', async () => {
    const report = await applyText(await rendered());
    expect(report).toEqual({ created: 0, updated: 0, moved: 0, deleted: 0, refused: [] });
  });

  it('ticks, retitles, adds, nests, moves, reorders and deletes', async () => {
    const lines = (await rendered()).split('\n');
    // tick "Write code", retitle "Write guide"
    lines[lineOf(lines.join('\n'), ids.a)] = lines[lineOf(lines.join('\n'), ids.a)]!.replace(
      '[ ]',
      '[x]',
    );
    lines[lineOf(lines.join('\n'), ids.d)] = lines[lineOf(lines.join('\n'), ids.d)]!.replace(
      'Write guide',
      'Write the guide',
    );
    // delete "Fix nits"
    lines.splice(lineOf(lines.join('\n'), ids.c), 1);
    // add a plain task under Docs, after the guide
    lines.splice(
      lineOf(lines.join('\n'), ids.d) + 1,
      0,
      '- [ ] Publish the guide',
      '  - [ ] Proofread',
    );
    await applyText(lines.join('\n'));

    expect(unwrap(await getTask(db, ids.a)).status).toBe('completed');
    expect(unwrap(await getTask(db, ids.d)).title).toBe('Write the guide');
    expect(failure(await getTask(db, ids.c)).type).toBe('NotFound');
    const tasks = await db.all<{
      title: string;
      parent: string | null;
      task_group: string;
      level: number;
    }>(
      `SELECT t.title, p.title AS parent, t.task_group, t.level FROM tasks t LEFT JOIN tasks p ON p.task_id = t.parent_task_id
       WHERE t.task_group = ? ORDER BY t.level, t.position_in_group`,
      [ids.docs],
    );
    expect(tasks).toEqual([
      { title: 'Write the guide', parent: null, task_group: ids.docs, level: 0 },
      { title: 'Publish the guide', parent: null, task_group: ids.docs, level: 0 },
      { title: 'Proofread', parent: 'Publish the guide', task_group: ids.docs, level: 1 },
    ]);
    // New tasks got real ids, written back by the next render.
    const text = await rendered();
    expect(text).toMatch(/Publish the guide <!-- id:task_[a-z0-9]+/);
    expect(await db.get('SELECT total_tasks, completed_tasks FROM sessions')).toEqual({
      total_tasks: 5,
      completed_tasks: 1,
    });
  });

  it('moves a task with its subtasks to another group and reorders', async () => {
    const text = await rendered();
    const lines = text.split('\n');
    const b = lineOf(text, ids.b);
    const block = lines.splice(b, 2); // "Review code" and its subtask
    lines.splice(lineOf(lines.join('\n'), ids.d), 0, ...block); // before "Write guide"
    await applyText(lines.join('\n'));
    const review = unwrap(await getTask(db, ids.b));
    expect(review).toMatchObject({
      task_group: ids.docs,
      position_in_group: 0,
      parent_task_id: null,
    });
    expect(unwrap(await getTask(db, ids.c))).toMatchObject({
      task_group: ids.docs,
      parent_task_id: ids.b,
      level: 1,
    });
    expect(unwrap(await getTask(db, ids.d)).position_in_group).toBe(1);
    expect(unwrap(await getTask(db, ids.b)).depends_on).toEqual([ids.a]);
  });

  it('writes dates as tags and applies dates added, changed and removed in the file', async () => {
    await createTask(db, {
      session_id: sid,
      title: 'Dated',
      task_id: 'task_dated',
      due_date: '2026-12-10',
    });
    const text = await rendered();
    expect(text).toContain('- [ ] Dated `due:2026-12-10` <!-- id:task_dated -->');
    const lines = text.split('\n');
    lines[lineOf(text, 'task_dated')] = '- [ ] Dated `scheduled:2026-12-01` <!-- id:task_dated -->';
    lines[lineOf(text, ids.d)] = lines[lineOf(text, ids.d)]!.replace(
      ' <!--',
      ' `due:2027-01-04` <!--',
    );
    const report = await applyText(lines.join('\n'));
    expect(report.updated).toBe(2);
    expect(unwrap(await getTask(db, 'task_dated'))).toMatchObject({
      due_date: null,
      scheduled_date: '2026-12-01',
    });
    expect(unwrap(await getTask(db, ids.d)).due_date).toBe('2027-01-04');
  });

  it('applies overview and notes edits', async () => {
    const text = (await rendered()).replace('Ship the thing.', 'Ship it by Friday.');
    expect(text).toContain('## Notes\n');
    await applyText(text.replace('## Notes\n', '## Notes\n\nRemember the release call.\n'));
    expect(await db.get('SELECT description FROM sessions')).toEqual({
      description: 'Ship it by Friday.',
    });
    expect(await db.get('SELECT content FROM session_notes')).toEqual({
      content: 'Remember the release call.',
    });
  });

  it('reports a lifecycle change the state machine refuses and applies the rest', async () => {
    unwrap(await transitionSession(db, sid, 'paused'));
    const text = await rendered();
    expect(text).toContain('- **Status:** paused');
    const edited = text
      .replace('- **Status:** paused', '- **Status:** completed')
      .replace('Write guide', 'Write a guide');
    const parsed = parseSessionMarkdown(edited, {
      fallback: unwrap(await loadSessionDoc(db, sid)),
    });
    expect(parsed.doc.session.status).toBe('completed');
    const report = unwrap(await applySessionDoc(db, sid, parsed.doc));
    expect(report.refused[0]).toMatch(/A paused session cannot become completed/);
    expect(unwrap(await getTask(db, ids.d)).title).toBe('Write a guide');
  });

  it('refuses a doc that still has temporary ids, changing nothing', async () => {
    const text = (await rendered()).replace('## Notes', '- [ ] Unassigned\n\n## Notes');
    const parsed = parseSessionMarkdown(text);
    expect(parsed.newTaskIds).toHaveLength(1);
    const result = await applySessionDoc(db, sid, parsed.doc);
    expect(failure(result).message).toMatch(/temporary id/);
    expect(await db.get('SELECT count(*) AS n FROM tasks')).toEqual({ n: 4 });
  });
});
