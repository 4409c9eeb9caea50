import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../../workers/db/sqlite';
import { taskStatuses } from '../../core/model';
import { createSession } from '../../workers/domain/sessions';
import { createGroup } from '../../workers/domain/groups';
import { createTask } from '../../workers/domain/tasks';
import { addDependency, setRelated } from '../../workers/domain/dependencies';
import {
  type ImportReport,
  type SessionExport,
  exportSessionJson,
  importSessionJson,
} from '../../workers/domain/export-json';
import { exportTables } from '../../workers/domain/export-json-schema';
import { findProblems } from '../../workers/domain/cleanup';
import { openMigratedDb } from './support/memory-db';
import { failure, unwrap } from './support/unwrap';

/** What a generated session holds; indexes refer to earlier items of the same list. */
interface SessionSpec {
  name: string;
  description: string | null;
  activate: boolean;
  groups: { name: string; parent: number | null }[];
  tasks: {
    title: string;
    description: string | null;
    status: (typeof taskStatuses)[number];
    effort: number | null;
    due?: string | null;
    place: { kind: 'group' | 'parent'; index: number } | null;
  }[];
  deps: [number, number][];
  related: [number, number][];
  notes: string | null;
  log: string[];
  sync: boolean;
}

const textArb = fc.string({ unit: 'grapheme', maxLength: 40 });
const titleArb = textArb.filter((s) => s.trim() !== '');
const specArb: fc.Arbitrary<SessionSpec> = fc.record({
  name: titleArb,
  description: fc.option(textArb, { nil: null }),
  activate: fc.boolean(),
  groups: fc.array(fc.record({ name: titleArb, parent: fc.option(fc.nat(), { nil: null }) }), {
    maxLength: 4,
  }),
  tasks: fc.array(
    fc.record({
      title: titleArb,
      description: fc.option(textArb, { nil: null }),
      status: fc.constantFrom(...taskStatuses),
      effort: fc.option(fc.nat(100), { nil: null }),
      due: fc.option(fc.constantFrom('2026-12-10', '2028-02-29', '0001-01-01'), { nil: null }),
      place: fc.option(
        fc.record({ kind: fc.constantFrom('group' as const, 'parent' as const), index: fc.nat() }),
        { nil: null },
      ),
    }),
    { maxLength: 12 },
  ),
  deps: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
  related: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
  notes: fc.option(textArb, { nil: null }),
  log: fc.array(titleArb, { maxLength: 3 }),
  sync: fc.boolean(),
});

let uniq = 0;
const modeRow = `INSERT INTO session_modes (mode_id, mode_name, yaml_file_path) VALUES ('mode_default', 'Default', 'roles/default.yaml')`;

/** Builds a session from a spec through the domain API (so it is consistent), plus satellites. */
async function buildSession(db: Db, spec: SessionSpec): Promise<string> {
  const sid = unwrap(
    await createSession(db, {
      name: `${spec.name.trim().slice(0, 150)} #${++uniq}`,
      description: spec.description,
      activate: spec.activate,
    }),
  ).session_id;
  const groups: string[] = [];
  for (const [i, g] of spec.groups.entries()) {
    const parent = g.parent !== null && i > 0 ? groups[g.parent % i]! : null;
    groups.push(
      unwrap(
        await createGroup(db, {
          session_id: sid,
          group_name: `${g.name.trim().slice(0, 150)} ${i}`,
          parent_group_id: parent,
        }),
      ).group_id,
    );
  }
  const tasks: string[] = [];
  for (const [i, t] of spec.tasks.entries()) {
    const place =
      t.place?.kind === 'parent' && i > 0
        ? { parent_task_id: tasks[t.place.index % i]! }
        : t.place?.kind === 'group' && groups.length > 0
          ? { task_group: groups[t.place.index % groups.length]! }
          : {};
    tasks.push(
      unwrap(
        await createTask(db, {
          session_id: sid,
          title: t.title.slice(0, 500),
          description: t.description,
          status: t.status,
          estimated_effort: t.effort,
          due_date: t.due ?? null,
          scheduled_date: t.due ?? null,
          ...place,
        }),
      ).task_id,
    );
  }
  if (tasks.length > 1) {
    // Only on earlier tasks, so no cycle can form.
    for (const [a, b] of spec.deps) {
      const i = a % tasks.length;
      const j = b % tasks.length;
      if (j < i) unwrap(await addDependency(db, tasks[i]!, tasks[j]!));
    }
    for (const [a, b] of spec.related) {
      const i = a % tasks.length;
      const j = b % tasks.length;
      if (i === j) continue;
      const current = await db.get<{ related_tasks: string }>(
        'SELECT related_tasks FROM tasks WHERE task_id = ?',
        [tasks[i]!],
      );
      const list = JSON.parse(current!.related_tasks) as string[];
      unwrap(await setRelated(db, tasks[i]!, [...list, tasks[j]!]));
    }
  }
  if (spec.notes !== null) {
    await db.run('INSERT INTO session_notes (session_id, content, updated_at) VALUES (?, ?, ?)', [
      sid,
      spec.notes,
      '2026-01-02T03:04:05.000Z',
    ]);
  }
  for (const [i, message] of spec.log.entries()) {
    await db.run(
      'INSERT INTO session_change_log (session_id, changed_at, message) VALUES (?, ?, ?)',
      [sid, `2026-01-0${i + 1}T00:00:00.000Z`, message],
    );
  }
  if (spec.sync) {
    const path = `.task_orchestrator/sessions/${sid}/session.md`;
    await db.run('UPDATE sessions SET markdown_file_path = ? WHERE session_id = ?', [path, sid]);
    await db.run(
      `INSERT INTO markdown_sync_state (sync_id, session_id, markdown_file_path, sync_status,
         db_content_hash, file_monitor_active) VALUES (?, ?, ?, 'db_newer', 'abc', 1)`,
      [`sync_${sid}`, sid, path],
    );
    await db.run(
      `INSERT INTO session_mode_bindings (session_id, mode_id, binding_context)
       VALUES (?, 'mode_default', '{"why":"test"}')`,
      [sid],
    );
  }
  return sid;
}

const exported = async (db: Db, sid: string) => unwrap(await exportSessionJson(db, sid));

/** The export as it should read after an import: the documented differences applied. */
function expectedAfterImport(first: SessionExport, report: ImportReport): unknown {
  let text = JSON.stringify({ ...first, exported_at: null });
  // Every changed id, wherever it occurs (references, id lists, paths).
  const maps = report.idMap;
  // Longest first: a sync id may contain the session id.
  const pairs = [maps.session, maps.groups, maps.tasks, maps.sync_state]
    .flatMap((map) => Object.entries(map))
    .filter(([from, to]) => from !== to)
    .sort((a, b) => b[0].length - a[0].length);
  for (const [from, to] of pairs) text = text.split(from).join(to);
  const doc = JSON.parse(text) as SessionExport;
  doc.session.name = report.name;
  if (doc.session.status === 'active') doc.session.status = 'paused';
  return doc;
}

/**
 * For comparing exports whose ids differ: lists sorted by content rather than by id, and
 * without change-log entry ids (renumbered on a clash).
 */
const comparable = (doc: SessionExport) => {
  const key = (row: Record<string, unknown>, ...columns: string[]) =>
    JSON.stringify(columns.map((c) => row[c]));
  const sorted = <T extends Record<string, unknown>>(rows: T[], ...columns: string[]) =>
    [...rows].sort((a, b) => (key(a, ...columns) < key(b, ...columns) ? -1 : 1));
  return {
    ...doc,
    exported_at: null,
    groups: sorted(doc.groups, 'group_level', 'position_in_session', 'group_id'),
    tasks: sorted(doc.tasks, 'level', 'hierarchy_path', 'task_id'),
    change_log: sorted(
      doc.change_log.map((e) => ({ ...e, entry_id: null })),
      'changed_at',
      'message',
    ),
  };
};

async function rowCounts(db: Db) {
  const out: Record<string, unknown> = {};
  for (const table of Object.keys(exportTables)) {
    out[table] = await db.get(`SELECT count(*) AS n FROM ${table}`);
  }
  return out;
}

describe('export and import of a session as JSON', () => {
  let db: Db;
  beforeEach(async () => {
    db = await openMigratedDb();
    await db.run(modeRow);
  });

  it('exports every column of every row, versioned', async () => {
    const sid = await buildSession(db, {
      name: 'Plan',
      description: 'd',
      activate: true,
      groups: [{ name: 'G', parent: null }],
      tasks: [
        {
          title: 'A',
          description: null,
          status: 'pending',
          effort: 2,
          place: { kind: 'group', index: 0 },
        },
        {
          title: 'B',
          description: 'x',
          status: 'completed',
          effort: null,
          place: { kind: 'parent', index: 0 },
        },
      ],
      deps: [[1, 0]],
      related: [],
      notes: 'N',
      log: ['made'],
      sync: true,
    });
    const doc = await exported(db, sid);
    expect(doc).toMatchObject({ format: 'session-orchestrator/session', version: 1 });
    expect(Date.parse(doc.exported_at)).not.toBeNaN();
    const columns = async (table: string) =>
      (await db.all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table])).map(
        (c) => c.name,
      );
    expect(Object.keys(doc.session)).toEqual(await columns('sessions'));
    expect(Object.keys(doc.groups[0]!)).toEqual(await columns('task_groups'));
    expect(Object.keys(doc.tasks[0]!)).toEqual(await columns('tasks'));
    expect(Object.keys(doc.notes!)).toEqual(await columns('session_notes'));
    expect(Object.keys(doc.change_log[0]!)).toEqual(await columns('session_change_log'));
    expect(Object.keys(doc.mode_bindings[0]!)).toEqual(await columns('session_mode_bindings'));
    expect(Object.keys(doc.sync_state[0]!)).toEqual(await columns('markdown_sync_state'));
    // The validation spec covers exactly the columns of the schema.
    for (const [table, spec] of Object.entries(exportTables)) {
      expect(Object.keys(spec), table).toEqual(await columns(table));
    }
    expect(doc.tasks.map((t) => t.title)).toEqual(['A', 'B']);
    expect(failure(await exportSessionJson(db, 'session_nope')).type).toBe('NotFound');
  });

  it('round trip into an empty database is lossless (property)', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const sid = await buildSession(db, spec);
        const first = await exported(db, sid);
        const target = await openMigratedDb();
        await target.run(modeRow);
        // Through JSON text, as a file would carry it.
        const report = unwrap(await importSessionJson(target, JSON.parse(JSON.stringify(first))));
        // Nothing clashed: every id is kept.
        expect(report.session_id).toBe(sid);
        for (const map of Object.values(report.idMap)) {
          for (const [from, to] of Object.entries(map)) expect(to).toBe(from);
        }
        expect(report.skipped_mode_ids).toEqual([]);
        const second = await exported(target, report.session_id);
        expect({ ...second, exported_at: null }).toEqual(expectedAfterImport(first, report));
        expect(unwrap(await findProblems(target))).toEqual([]);
        await target.close();
      }),
      { numRuns: 40 },
    );
  });

  it('imports into the same database with fresh ids, remapping every reference (property)', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const sid = await buildSession(db, spec);
        const first = await exported(db, sid);
        const report = unwrap(await importSessionJson(db, first));
        expect(report.session_id).not.toBe(sid);
        expect(report.name).toBe(`${first.session.name as string} (imported)`);
        for (const map of [report.idMap.groups, report.idMap.tasks, report.idMap.sync_state]) {
          for (const [from, to] of Object.entries(map)) expect(to).not.toBe(from);
        }
        const second = await exported(db, report.session_id);
        expect(comparable(second)).toEqual(
          comparable(expectedAfterImport(first, report) as SessionExport),
        );
        // The original is untouched, and the whole database is consistent.
        expect(comparable(await exported(db, sid))).toEqual(comparable(first));
        expect(unwrap(await findProblems(db))).toEqual([]);
      }),
      { numRuns: 30 },
    );
    expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
  });

  it('names clashing imports "(imported)", "(imported 2)", and never makes a second active session', async () => {
    const sid = unwrap(await createSession(db, { name: 'Plan' })).session_id;
    const doc = await exported(db, sid);
    expect(doc.session.status).toBe('active');
    const a = unwrap(await importSessionJson(db, doc));
    const b = unwrap(
      await importSessionJson(db, { ...doc, session: { ...doc.session, name: 'PLAN' } }),
    );
    expect([a.name, b.name]).toEqual(['Plan (imported)', 'PLAN (imported 2)']);
    const statuses = await db.all('SELECT name, status FROM sessions ORDER BY rowid');
    expect(statuses).toEqual([
      { name: 'Plan', status: 'active' },
      { name: 'Plan (imported)', status: 'paused' },
      { name: 'PLAN (imported 2)', status: 'paused' },
    ]);
    expect(await db.get('SELECT session_id FROM active_session')).toEqual({ session_id: sid });
  });

  it('leaves out bindings to modes this database does not know, and says so', async () => {
    const sid = await buildSession(db, { ...emptySpec, sync: true });
    const target = await openMigratedDb();
    const report = unwrap(await importSessionJson(target, await exported(db, sid)));
    expect(report.skipped_mode_ids).toEqual(['mode_default']);
    expect(await target.get('SELECT count(*) AS n FROM session_mode_bindings')).toEqual({ n: 0 });
  });

  it('remaps file paths that name the session folder when the session id changes', async () => {
    const sid = await buildSession(db, { ...emptySpec, sync: true });
    const report = unwrap(await importSessionJson(db, await exported(db, sid)));
    const path = `.task_orchestrator/sessions/${report.session_id}/session.md`;
    expect(
      await db.get('SELECT markdown_file_path FROM sessions WHERE session_id = ?', [
        report.session_id,
      ]),
    ).toEqual({ markdown_file_path: path });
    expect(
      await db.get(
        'SELECT markdown_file_path, sync_id FROM markdown_sync_state WHERE session_id = ?',
        [report.session_id],
      ),
    ).toEqual({ markdown_file_path: path, sync_id: report.idMap.sync_state[`sync_${sid}`] });
  });

  describe('refuses malformed input with an error naming the field, writing nothing', () => {
    let valid: SessionExport;
    beforeEach(async () => {
      const sid = await buildSession(db, {
        ...emptySpec,
        groups: [{ name: 'G', parent: null }],
        tasks: [
          {
            title: 'A',
            description: null,
            status: 'pending',
            effort: null,
            place: { kind: 'group', index: 0 },
          },
          {
            title: 'B',
            description: null,
            status: 'pending',
            effort: null,
            place: { kind: 'parent', index: 0 },
          },
        ],
        deps: [[1, 0]],
        log: ['entry'],
      });
      valid = JSON.parse(JSON.stringify(await exported(db, sid))) as SessionExport;
    });
    type Doc = Record<string, unknown> & SessionExport;
    const task = (doc: Doc, i: number) => doc.tasks[i] as Record<string, unknown>;
    const cases: [string, (doc: Doc) => unknown, RegExp, RegExp][] = [
      ['not an object', () => 42, /document/, /not a session export/],
      ['null', () => null, /document/, /not a JSON object/],
      ['a list', () => [], /document/, /not a JSON object/],
      ['another format', (d) => ({ ...d, format: 'x' }), /^format$/, /not a session export/],
      ['a newer version', (d) => ({ ...d, version: 2 }), /^version$/, /newer app/],
      ['no session', (d) => ({ ...d, session: undefined }), /^session$/, /must be an object/],
      [
        'an unsafe session id',
        (d) => ({ ...d, session: { ...d.session, session_id: '../../etc' } }),
        /^session\.session_id$/,
        /must be an id/,
      ],
      [
        'a name that is not text',
        (d) => ({ ...d, session: { ...d.session, name: 7 } }),
        /^session\.name$/,
        /must be text/,
      ],
      [
        'an unknown status',
        (d) => ({ ...d, session: { ...d.session, status: 'bogus' } }),
        /^session\.status$/,
        /must be one of/,
      ],
      [
        'a priority of 9',
        (d) => ({ ...d, session: { ...d.session, priority_level: 9 } }),
        /^session\.priority_level$/,
        /from 1 to 5/,
      ],
      ['tasks not a list', (d) => ({ ...d, tasks: {} }), /^tasks$/, /must be a list/],
      [
        'too many tasks',
        (d) => ({ ...d, tasks: new Array(100_001).fill({}) }),
        /^tasks$/,
        /more than 100000/,
      ],
      [
        'an unknown column',
        (d) => {
          task(d, 0).evil = 1;
          return d;
        },
        /^tasks\[0\]\.evil$/,
        /not a column of tasks/,
      ],
      [
        'a __proto__ key',
        (d) =>
          JSON.parse(JSON.stringify(d).replace('"title":"A"', '"title":"A","__proto__":{"x":1}')),
        /^tasks\[\d\]\.__proto__$/,
        /not a column/,
      ],
      [
        'a missing title',
        (d) => {
          delete task(d, 0).title;
          return d;
        },
        /^tasks\[0\]\.title$/,
        /is missing/,
      ],
      [
        'a huge title',
        (d) => {
          task(d, 0).title = 'x'.repeat(10_001);
          return d;
        },
        /^tasks\[0\]\.title$/,
        /longer than 10000/,
      ],
      [
        'a negative effort',
        (d) => {
          task(d, 0).estimated_effort = -1;
          return d;
        },
        /^tasks\[0\]\.estimated_effort$/,
        /at least 0/,
      ],
      [
        'a due date that is not a day',
        (d) => {
          task(d, 0).due_date = '2026-02-30';
          return d;
        },
        /^tasks\[0\]\.due_date$/,
        /must be a date written YYYY-MM-DD/,
      ],
      [
        'a scheduled date with a time',
        (d) => {
          task(d, 1).scheduled_date = '2026-12-10T09:00:00Z';
          return d;
        },
        /^tasks\[1\]\.scheduled_date$/,
        /must be a date written YYYY-MM-DD/,
      ],
      [
        'progress of 101',
        (d) => {
          task(d, 0).progress_percentage = 101;
          return d;
        },
        /^tasks\[0\]\.progress_percentage$/,
        /0 to 100/,
      ],
      [
        'depends_on not JSON',
        (d) => {
          task(d, 1).depends_on = '[oops';
          return d;
        },
        /^tasks\[1\]\.depends_on$/,
        /valid JSON/,
      ],
      [
        'an unsafe id in depends_on',
        (d) => {
          task(d, 1).depends_on = '["a/b"]';
          return d;
        },
        /^tasks\[1\]\.depends_on$/,
        /not a valid task id/,
      ],
      [
        'a dependency outside the export',
        (d) => {
          task(d, 1).depends_on = '["task_elsewhere"]';
          return d;
        },
        /^tasks\[1\]\.depends_on$/,
        /not in the export/,
      ],
      [
        'a parent outside the export',
        (d) => {
          task(d, 1).parent_task_id = 'task_elsewhere';
          return d;
        },
        /^tasks\[1\]\.parent_task_id$/,
        /not in the export/,
      ],
      [
        'a group outside the export',
        (d) => {
          task(d, 0).task_group = 'group_elsewhere';
          return d;
        },
        /^tasks\[0\]\.task_group$/,
        /not in the export/,
      ],
      [
        'a loop of parents',
        (d) => {
          task(d, 0).parent_task_id = task(d, 1).task_id;
          return d;
        },
        /^tasks\[\d\]\.parent_task_id$/,
        /loop/,
      ],
      [
        'a parent chain 40,000 deep',
        (d) => {
          const base = task(d, 0);
          const chain = Array.from({ length: 40_000 }, (_, i) => ({
            ...base,
            task_id: `task_deep${i}`,
            parent_task_id: i === 0 ? null : `task_deep${i - 1}`,
            root_task_id: null,
            depends_on: '[]',
            blocks: '[]',
            related_tasks: '[]',
          }));
          return { ...d, tasks: [...d.tasks, ...chain] };
        },
        /^tasks\.parent_task_id$/,
        /nest more than 64 levels deep \("task_deep64"\)/,
      ],
      [
        'a duplicate task id',
        (d) => {
          task(d, 1).task_id = task(d, 0).task_id;
          return d;
        },
        /^tasks\[1\]\.task_id$/,
        /appears twice/,
      ],
      [
        'a row of another session',
        (d) => {
          task(d, 0).session_id = 'session_other';
          return d;
        },
        /^tasks\[0\]\.session_id$/,
        /exported session/,
      ],
      [
        'notes of the wrong shape',
        (d) => ({ ...d, notes: 'text' }),
        /^notes$/,
        /must be an object/,
      ],
      [
        'a change-log entry without a date',
        (d) => {
          delete (d.change_log[0] as Record<string, unknown>).changed_at;
          return d;
        },
        /^change_log\[0\]\.changed_at$/,
        /missing/,
      ],
    ];
    it.each(cases)('%s', async (_label, mutate, field, message) => {
      const before = await rowCounts(db);
      const error = failure(await importSessionJson(db, mutate(structuredClone(valid) as Doc)));
      expect(error.type).toBe('Validation');
      if (error.type !== 'Validation') return;
      expect(error.field).toMatch(field);
      expect(error.message).toMatch(message);
      expect(await rowCounts(db)).toEqual(before);
    });

    it('imports an export written before tasks had dates', async () => {
      const old = structuredClone(valid);
      for (const row of old.tasks) {
        delete (row as Record<string, unknown>).due_date;
        delete (row as Record<string, unknown>).scheduled_date;
      }
      const report = unwrap(await importSessionJson(db, old));
      const tasks = (await exported(db, report.session_id)).tasks;
      expect(tasks.map((t) => [t.title, t.due_date, t.scheduled_date])).toEqual([
        ['A', null, null],
        ['B', null, null],
      ]);
    });

    it('rolls back everything when the database refuses a row', async () => {
      const doc = structuredClone(valid);
      // Two groups with one name: the UNIQUE constraint fails after the session was written.
      doc.groups.push({ ...doc.groups[0]!, group_id: 'group_twin' });
      const before = await rowCounts(db);
      const error = failure(await importSessionJson(db, doc));
      expect(error.type).toBe('Constraint');
      expect(error.message).toMatch(/already has a group with that name/);
      expect(await rowCounts(db)).toEqual(before);
    });
  });
});

const emptySpec: SessionSpec = {
  name: 'Plan',
  description: null,
  activate: false,
  groups: [],
  tasks: [],
  deps: [],
  related: [],
  notes: null,
  log: [],
  sync: false,
};
