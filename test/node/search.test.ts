import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../../workers/db/sqlite';
import { migrate } from '../../workers/db/migrate';
import { migrations } from '../../workers/db/migrations';
import {
  createSession,
  deleteSession,
  transitionSession,
  updateSession,
} from '../../workers/domain/sessions';
import { createGroup, deleteGroup, updateGroup } from '../../workers/domain/groups';
import { createTask, deleteTask, moveTask, updateTask } from '../../workers/domain/tasks';
import {
  type SearchHit,
  type SearchOptions,
  ftsQueryFromText,
  searchAll,
  segmentsFromSnippet,
} from '../../workers/domain/search';
import { openMemoryDb, openMigratedDb } from './support/memory-db';
import { unwrap } from './support/unwrap';

let db: Db;
let sid: string;
beforeEach(async () => {
  db = await openMigratedDb();
  sid = unwrap(await createSession(db, { name: 'Website relaunch' })).session_id;
});

const search = async (query: string, options: Partial<SearchOptions> = {}) =>
  unwrap(await searchAll(db, query, { scope: 'all', ...options }));
const ids = (hits: SearchHit[]) => hits.map((h) => h.id);
const marked = (hit: SearchHit | undefined) =>
  (hit?.snippet ?? []).filter((s) => s.match).map((s) => s.text);
const addTask = async (title: string, extra: Partial<Parameters<typeof createTask>[1]> = {}) =>
  unwrap(await createTask(db, { session_id: sid, title, ...extra }));

/** The FTS index agrees with its content table (FTS5's own check; throws if not). */
async function expectIndexIntact() {
  await db.run("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)");
  const docs = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM (
       SELECT kind, ref_id, session_id, title, body FROM search_sources
       EXCEPT SELECT kind, ref_id, session_id, title, body FROM search_documents)`,
  );
  const extra = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM (
       SELECT kind, ref_id, session_id, title, body FROM search_documents
       EXCEPT SELECT kind, ref_id, session_id, title, body FROM search_sources)`,
  );
  expect({ missing: docs?.n, extra: extra?.n }).toEqual({ missing: 0, extra: 0 });
}

describe('search index (migration 0005)', () => {
  it('runs on an SQLite build with FTS5', async () => {
    const options = await db.all<{ compile_options: string }>('PRAGMA compile_options');
    expect(options.map((o) => o.compile_options)).toContain('ENABLE_FTS5');
    expect(
      await db.get("SELECT name FROM sqlite_master WHERE name = 'search_index'"),
    ).toBeDefined();
  });

  it('indexes the rows of a database written before the search migration', async () => {
    const old = await openMemoryDb();
    await migrate(old, migrations.slice(0, 4));
    await old.exec(`
      INSERT INTO sessions (session_id, name, description, status)
        VALUES ('s1', 'Legacy plan', 'Moving the warehouse', 'active');
      INSERT INTO task_groups (group_id, session_id, group_name, description)
        VALUES ('g1', 's1', 'Logistics', 'Forklifts and pallets');
      INSERT INTO tasks (task_id, session_id, task_group, title, description)
        VALUES ('t1', 's1', 'g1', 'Rent trucks', 'Two lorries for Saturday');
      INSERT INTO session_notes (session_id, content) VALUES ('s1', 'Remember the zebra crossing');
    `);
    unwrap(await migrate(old));
    const find = async (q: string) =>
      unwrap(await searchAll(old, q, { scope: 'all' })).map((h) => `${h.kind}:${h.id}`);
    expect(await find('warehouse')).toEqual(['session:s1']);
    expect(await find('pallets')).toEqual(['group:g1']);
    expect(await find('lorries')).toEqual(['task:t1']);
    expect(await find('zebra')).toEqual(['notes:s1']);
    await old.run("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)");
  });
});

describe('searchAll', () => {
  it('finds sessions, groups, tasks and notes, each knowing its kind, id and session', async () => {
    await updateSession(db, sid, { description: 'New marketing site' });
    const g = unwrap(
      await createGroup(db, {
        session_id: sid,
        group_name: 'Marketing copy',
        description: 'Texts for the site',
      }),
    );
    const t = await addTask('Write landing page', { description: 'Marketing tone, short' });
    await db.run('INSERT INTO session_notes (session_id, content) VALUES (?, ?)', [
      sid,
      'Ask the marketing team about fonts',
    ]);
    const hits = await search('marketing');
    expect(hits.map((h) => [h.kind, h.id]).sort()).toEqual(
      [
        ['group', g.group_id],
        ['notes', sid],
        ['session', sid],
        ['task', t.task_id],
      ].sort(),
    );
    for (const hit of hits) {
      expect(hit.session_id).toBe(sid);
      expect(hit.session_name).toBe('Website relaunch');
      expect(marked(hit).map((m) => m.toLowerCase())).toEqual(['marketing']);
    }
    expect(hits.find((h) => h.kind === 'notes')?.title).toBe('Notes');
    expect(hits.find((h) => h.kind === 'task')?.title).toBe('Write landing page');
  });

  it('ranks a title hit above a description hit, then more recent first', async () => {
    const inBody = await addTask('Something else', { description: 'about the deploy script' });
    const inTitle = await addTask('Deploy script');
    expect(ids(await search('deploy'))).toEqual([inTitle.task_id, inBody.task_id]);
    // Same text, same rank: the one changed last comes first.
    const a = await addTask('Review budget');
    const b = await addTask('Review budget');
    await db.run('UPDATE tasks SET last_updated_at = ? WHERE task_id = ?', [
      '2001-01-01T00:00:00.000Z',
      b.task_id,
    ]);
    expect(ids(await search('budget'))).toEqual([a.task_id, b.task_id]);
    await db.run('UPDATE tasks SET last_updated_at = ? WHERE task_id = ?', [
      '2099-01-01T00:00:00.000Z',
      b.task_id,
    ]);
    expect(ids(await search('budget'))).toEqual([b.task_id, a.task_id]);
  });

  it('needs every word, matches the last as a prefix, ignores case and accents', async () => {
    const cafe = await addTask('Café Crème menu');
    await addTask('Menu for the canteen');
    expect(ids(await search('cafe menu'))).toEqual([cafe.task_id]);
    expect(ids(await search('CAFÉ cre'))).toEqual([cafe.task_id]);
    expect(ids(await search('creme'))).toEqual([cafe.task_id]);
    // Ending with a space means the word is complete: no prefix match.
    expect(ids(await search('cre '))).toEqual([]);
    expect(ids(await search('men'))).toHaveLength(2);
  });

  it('highlights matches as plain text segments, and never as HTML', async () => {
    await addTask('<b>bold</b> & <script>alert(1)</script> Deploy now');
    const [hit] = await search('deploy');
    expect(hit?.snippet.map((s) => s.text).join('')).toBe(
      '<b>bold</b> & <script>alert(1)</script> Deploy now',
    );
    expect(marked(hit)).toEqual(['Deploy']);
    expect(segmentsFromSnippet('a \uFDD0b\uFDD1 c')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
      { text: ' c', match: false },
    ]);
  });

  it('shortens long text around the match', async () => {
    const long = `${'filler '.repeat(200)}needle ${'filler '.repeat(200)}`;
    await addTask('Long one', { description: long });
    const [hit] = await search('needle');
    const text = hit?.snippet.map((s) => s.text).join('') ?? '';
    expect(text.length).toBeLessThan(200);
    expect(text).toContain('…');
    expect(marked(hit)).toEqual(['needle']);
  });

  it('scopes: active session, all open sessions, archived only, one session', async () => {
    const other = unwrap(await createSession(db, { name: 'Other', activate: false })).session_id;
    const old = unwrap(await createSession(db, { name: 'Old', activate: false })).session_id;
    unwrap(await transitionSession(db, old, 'active'));
    unwrap(await transitionSession(db, old, 'paused'));
    unwrap(await transitionSession(db, old, 'archived'));
    unwrap(await transitionSession(db, sid, 'active'));
    const mine = await addTask('Shared word');
    const theirs = unwrap(await createTask(db, { session_id: other, title: 'Shared word' }));
    await db.run(
      "INSERT INTO tasks (task_id, session_id, title, hierarchy_path) VALUES ('t_old', ?, 'Shared word', '/x/')",
      [old],
    );
    const sorted = (hits: SearchHit[]) => ids(hits).sort();
    expect(sorted(await search('shared', { scope: 'active' }))).toEqual([mine.task_id]);
    expect(sorted(await search('shared', { scope: 'all' }))).toEqual(
      [mine.task_id, theirs.task_id].sort(),
    );
    expect(sorted(await search('shared', { scope: 'archived' }))).toEqual(['t_old']);
    expect(sorted(await search('shared', { scope: 'all', sessionId: other }))).toEqual([
      theirs.task_id,
    ]);
    // No active session: the active scope finds nothing.
    unwrap(await transitionSession(db, sid, 'paused'));
    expect(await search('shared', { scope: 'active' })).toEqual([]);
    expect(await search('shared', { scope: 'active', limit: 1 })).toEqual([]);
    expect(await search('shared', { scope: 'all', limit: 1 })).toHaveLength(1);
    const bad = await searchAll(db, 'x', { scope: 'everything' as 'all' });
    expect(bad.ok).toBe(false);
  });

  it('stays in step through inserts, updates, moves and deletes', async () => {
    const g1 = unwrap(await createGroup(db, { session_id: sid, group_name: 'Alpha group' }));
    const g2 = unwrap(await createGroup(db, { session_id: sid, group_name: 'Beta group' }));
    const parent = await addTask('Parent quokka', { task_group: g1.group_id });
    const child = await addTask('Child wombat', { parent_task_id: parent.task_id });
    expect(ids(await search('wombat'))).toEqual([child.task_id]);

    unwrap(await updateTask(db, child.task_id, { title: 'Child numbat', description: 'koala' }));
    expect(await search('wombat')).toEqual([]);
    expect(ids(await search('numbat'))).toEqual([child.task_id]);
    expect(ids(await search('koala'))).toEqual([child.task_id]);
    unwrap(await updateTask(db, child.task_id, { description: null }));
    expect(await search('koala')).toEqual([]);

    unwrap(await moveTask(db, parent.task_id, { task_group: g2.group_id }));
    unwrap(await moveTask(db, child.task_id, { parent_task_id: null }));
    expect(ids(await search('numbat'))).toEqual([child.task_id]);
    unwrap(await updateTask(db, child.task_id, { status: 'completed' }));
    expect(ids(await search('numbat'))).toEqual([child.task_id]);

    unwrap(await updateGroup(db, g1.group_id, { group_name: 'Gamma group', description: 'emu' }));
    expect(ids(await search('alpha'))).toEqual([]);
    expect(ids(await search('gamma emu'))).toEqual([g1.group_id]);
    unwrap(await updateSession(db, sid, { name: 'Renamed platypus' }));
    expect(ids(await search('platypus'))).toEqual([sid]);
    expect((await search('numbat'))[0]?.session_name).toBe('Renamed platypus');

    await db.run('INSERT INTO session_notes (session_id, content) VALUES (?, ?)', [sid, 'dingo']);
    await db.run('UPDATE session_notes SET content = ? WHERE session_id = ?', ['echidna', sid]);
    expect(await search('dingo')).toEqual([]);
    expect(ids(await search('echidna'))).toEqual([sid]);
    await expectIndexIntact();

    unwrap(await deleteTask(db, parent.task_id));
    expect(await search('quokka')).toEqual([]);
    unwrap(await deleteGroup(db, g2.group_id));
    expect(await search('beta')).toEqual([]);
    await expectIndexIntact();

    unwrap(await deleteSession(db, sid));
    expect(await search('numbat echidna platypus gamma')).toEqual([]);
    expect(await db.get('SELECT count(*) AS n FROM search_documents')).toEqual({ n: 0 });
    await expectIndexIntact();
  });

  it.each([
    '"',
    '""',
    '"unbalanced',
    'a"b',
    '*',
    'deploy*',
    '-deploy',
    'deploy -script',
    'NEAR(deploy script)',
    'deploy NEAR script',
    'AND',
    'deploy AND',
    'OR deploy',
    'NOT',
    'deploy NOT script',
    '(deploy',
    'deploy)',
    '()',
    'title:deploy',
    '{title body}:deploy',
    '^deploy',
    'deploy +',
    ':',
    '',
    '   \t\n ',
    '\u0000deploy',
    'deploy\u0000',
    '\uD800',
    '\u0301',
    '\uFDD0deploy\uFDD1',
  ])('never fails on the query %j', async (query) => {
    await addTask('Deploy script', { description: 'NOT AND OR NEAR title: "quoted"' });
    const result = await searchAll(db, query, { scope: 'all' });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['100,000 characters', 'x'.repeat(100_000)],
    ['5,000 words', 'deploy '.repeat(5000)],
    ['5,000 quotes', '"'.repeat(5000)],
  ])('never fails on a very long query (%s)', async (_label, query) => {
    await addTask('Deploy script', { description: 'NOT AND OR NEAR title: "quoted"' });
    const result = await searchAll(db, query, { scope: 'all' });
    expect(result.ok).toBe(true);
  });

  it('treats operator words and syntax as text', async () => {
    const t = await addTask('Deploy script', { description: 'NOT AND OR NEAR title: "quoted"' });
    expect(ids(await search('NOT'))).toEqual([t.task_id]);
    expect(ids(await search('near or'))).toEqual([t.task_id]);
    expect(ids(await search('"quoted'))).toEqual([t.task_id]);
    expect(ids(await search('title:deploy'))).toEqual([]);
    expect(ids(await search('deploy -script'))).toEqual([t.task_id]);
    expect(ftsQueryFromText('a "b" NEAR(c')).toBe('"a" """b""" "NEAR(c"*');
    expect(ftsQueryFromText(' - * ( ')).toBeNull();
  });

  it('never fails, whatever the text (property)', async () => {
    await addTask('Deploy script', { description: 'Ünïcödé tëxt and "quotes" (parens) *' });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 60 }),
          fc.string({ unit: 'grapheme', maxLength: 60 }),
          fc
            .array(
              fc.constantFrom(
                '"',
                '*',
                '-',
                '(',
                ')',
                ':',
                '^',
                '+',
                'NEAR',
                'AND',
                'OR',
                'NOT',
                ' ',
              ),
              { maxLength: 12 },
            )
            .map((parts) => parts.join('')),
        ),
        fc.constantFrom<SearchOptions['scope']>('active', 'all', 'archived'),
        async (query, scope) => {
          const result = await searchAll(db, query, { scope });
          expect(result.ok).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('searches 10,000 tasks quickly (time logged, not asserted)', async () => {
    await db.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
       INSERT INTO tasks (task_id, session_id, title, description, hierarchy_path)
       SELECT 'task_' || i, ?1, 'Task ' || i || ' ' || (CASE i % 7 WHEN 0 THEN 'deploy' ELSE 'review' END),
         'Details for item ' || i || ' about the quarterly roadmap', '/' || ?1 || '/_/task_' || i || '/'
       FROM n`,
      [sid],
    );
    const timings: Record<string, number> = {};
    for (const query of ['deploy', 'roadmap', 'ta', 'task 9999', 'nothingmatches']) {
      await searchAll(db, query, { scope: 'all' }); // warm up
      const runs = 5;
      const start = performance.now();
      for (let i = 0; i < runs; i++) await searchAll(db, query, { scope: 'active' });
      timings[query] = Math.round(((performance.now() - start) / runs) * 100) / 100;
    }
    console.log('search over 10,000 tasks, ms per query (Node, MemoryVFS):', timings);
    expect((await search('task 9999'))[0]?.id).toBe('task_9999');
  });
});
