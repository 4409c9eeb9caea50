/**
 * Hostile input, fuzzed (fast-check, thousands of cases per run; `npm run soak` multiplies
 * them): the session.md parser, the three-way merge, the whole file → database sync on real
 * wa-sqlite (MemoryVFS) with an in-memory project folder, the YAML mode loader, and the search
 * query path. Each must return a value — never throw, never hang — and leave the database
 * untouched whenever it refuses the input.
 */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { applyResolution, mergeSessionDocs } from '../../core/session-md/merge';
import type { SessionDoc, TaskDoc } from '../../core/session-md/session-doc';
import { createSyncEngine } from '../../workers/sync/engine';
import { createSession } from '../../workers/domain/sessions';
import { createGroup } from '../../workers/domain/groups';
import { createTask } from '../../workers/domain/tasks';
import { searchAll } from '../../workers/domain/search';
import { validateModeFile } from '../../workers/modes/validate';
import { syncModeFiles } from '../../workers/modes/store';
import { taskStatuses } from '../../core/model';
import type { Db } from '../../workers/db/sqlite';
import { openMigratedDb } from './support/memory-db';
import { unwrap } from './support/unwrap';
import { createMemoryFolder } from './support/memory-folder';
import { fingerprint, hostileFragments, runs } from './support/reliability';
import { docArb, sampleDoc } from './sync-fixtures';

vi.setConfig({ testTimeout: 120_000 });

// A hang fails through the test timeout above; the slowest case is logged, not asserted
// (speed is measured by `npm run bench`, never by timed assertions on a shared machine).
function timed<T>(run: () => T, stats: { max: number }): T {
  const start = performance.now();
  const value = run();
  stats.max = Math.max(stats.max, performance.now() - start);
  return value;
}

const fragmentArb = fc.constantFrom(...hostileFragments);
const noiseArb = fc.oneof(
  { weight: 4, arbitrary: fragmentArb },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
const lineArb = fc.array(noiseArb, { maxLength: 5 }).map((parts) => parts.join(''));
/** Markdown-shaped garbage: lines built from the hostile fragments and random text. */
const markdownishArb = fc
  .tuple(fc.array(lineArb, { maxLength: 60 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([lines, eol, bom]) => `${bom ? '\uFEFF' : ''}${lines.join(eol)}`);

type Edit =
  | { kind: 'delete' | 'dup' | 'indent' | 'outdent'; at: number }
  | { kind: 'swap'; at: number; other: number }
  | { kind: 'insert' | 'replace' | 'append'; at: number; text: string }
  | { kind: 'truncate'; at: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete', 'dup', 'indent', 'outdent'), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap'), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constantFrom('insert', 'replace', 'append'), at: fc.nat(), text: lineArb }),
  fc.record({ kind: fc.constant('truncate'), at: fc.nat() }),
) as fc.Arbitrary<Edit>;

/** A file as a person, an agent, a bad merge or a crash might leave it. */
function mutate(text: string, edits: readonly Edit[]): string {
  let lines = text.split('\n');
  for (const edit of edits) {
    const i = lines.length ? edit.at % lines.length : 0;
    switch (edit.kind) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'dup':
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 'indent':
        lines[i] = `  ${lines[i] ?? ''}`;
        break;
      case 'outdent':
        lines[i] = (lines[i] ?? '').replace(/^ {1,2}/, '');
        break;
      case 'swap': {
        const j = lines.length ? edit.other % lines.length : 0;
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        break;
      }
      case 'insert':
        lines.splice(i, 0, edit.text);
        break;
      case 'replace':
        lines[i] = edit.text;
        break;
      case 'append':
        lines[i] = `${lines[i] ?? ''} ${edit.text}`;
        break;
      case 'truncate': {
        const joined = lines.join('\n');
        lines = joined.slice(0, edit.at % (joined.length + 1)).split('\n');
        break;
      }
    }
  }
  return lines.join('\n');
}

const expectParsed = (text: string, fallback?: SessionDoc) => {
  const parsed = parseSessionMarkdown(text, fallback ? { fallback } : {});
  expect(parsed.problems.filter((p) => p.type === 'ParserFailure')).toEqual([]);
  expect(Array.isArray(parsed.doc.tasks)).toBe(true);
  return parsed;
};

describe('session.md parser under hostile input', () => {
  it('reads markdown-shaped garbage without throwing, failing internally or hanging', () => {
    const stats = { max: 0 };
    fc.assert(
      fc.property(markdownishArb, fc.boolean(), (text, withFallback) => {
        timed(() => expectParsed(text, withFallback ? sampleDoc() : undefined), stats);
      }),
      { numRuns: runs(3000) },
    );
    console.log(`slowest case: ${stats.max.toFixed(1)} ms`);
  });

  it('reads every mutation of a rendered file (deleted, moved, doubled, truncated lines)', () => {
    const stats = { max: 0 };
    fc.assert(
      fc.property(docArb, fc.array(editArb, { maxLength: 8 }), (doc, edits) => {
        const text = mutate(renderSessionMarkdown(doc), edits);
        const parsed = timed(() => expectParsed(text, doc), stats);
        // Whatever was read renders again without failing.
        expect(typeof renderSessionMarkdown(parsed.doc, parsed.format)).toBe('string');
      }),
      { numRuns: runs(2000) },
    );
  });

  it('stays fast on pathological files: deep nesting, huge lines, endless fences and markers', () => {
    const deep = Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- [ ] level ${i}`);
    const cases = {
      deep: `# D\n\n## Tasks\n\n${deep.join('\n')}`,
      longLine: `# L\n\n## Tasks\n\n- [ ] ${'x'.repeat(2_000_000)}`,
      manyTasks: `# M\n\n## Tasks\n\n${'- [ ] t\n'.repeat(50_000)}`,
      fences: '```\n'.repeat(20_000),
      markers: '<<<<<<< a\n=======\n>>>>>>> b\n'.repeat(5_000),
      comments: '<!-- '.repeat(50_000),
      backticks: `- [ ] ${'`a` '.repeat(50_000)}`,
      headings: '#'.repeat(100_000),
      quotes: '> '.repeat(100_000),
      nul: '\0'.repeat(100_000),
    };
    for (const text of Object.values(cases)) {
      expectParsed(text);
    }
  });
});

describe('three-way merge under hostile edits', () => {
  const statusArb = fc.constantFrom(...taskStatuses);
  type Change =
    | { kind: 'title'; at: number; text: string }
    | { kind: 'status'; at: number; status: TaskDoc['status'] }
    | { kind: 'delete'; at: number }
    | { kind: 'parent'; at: number; other: number }
    | { kind: 'depends'; at: number; other: number }
    | { kind: 'add'; id: string; parent: number };
  const changeArb: fc.Arbitrary<Change> = fc.oneof(
    fc.record({ kind: fc.constant('title' as const), at: fc.nat(), text: lineArb }),
    fc.record({ kind: fc.constant('status' as const), at: fc.nat(), status: statusArb }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('parent' as const), at: fc.nat(), other: fc.nat() }),
    fc.record({ kind: fc.constant('depends' as const), at: fc.nat(), other: fc.nat() }),
    fc.record({
      kind: fc.constant('add' as const),
      id: fc.constantFrom('task_new1', 'task_new2', 'task_x', 'task_victim'),
      parent: fc.nat(),
    }),
  );
  const side = (doc: SessionDoc, changes: readonly Change[]): SessionDoc => {
    const d = structuredClone(doc);
    for (const change of changes) {
      const pick = (n: number) => (d.tasks.length ? d.tasks[n % d.tasks.length] : undefined);
      const t = 'at' in change ? pick(change.at) : undefined;
      if (change.kind === 'title' && t) t.title = change.text;
      else if (change.kind === 'status' && t) t.status = change.status;
      else if (change.kind === 'delete' && t) d.tasks = d.tasks.filter((x) => x !== t);
      else if (change.kind === 'parent' && t) t.parent_task_id = pick(change.other)!.task_id;
      else if (change.kind === 'depends' && t)
        t.depends_on = [...t.depends_on, pick(change.other)!.task_id];
      else if (change.kind === 'add')
        d.tasks.push({
          ...(d.tasks[0] ?? sampleDoc().tasks[0]!),
          task_id: change.id,
          parent_task_id: pick(change.parent)?.task_id ?? null,
        });
    }
    return d;
  };

  it('merges any two edited versions without throwing; every conflict resolves either way', () => {
    const stats = { max: 0 };
    fc.assert(
      fc.property(
        docArb,
        fc.array(changeArb, { maxLength: 6 }),
        fc.array(changeArb, { maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        (base, oursChanges, theirsChanges, sides) => {
          const ours = side(base, oursChanges);
          const theirs = side(base, theirsChanges);
          const { merged, conflicts } = timed(() => mergeSessionDocs(base, ours, theirs), stats);
          let resolved = merged;
          conflicts.forEach((conflict, i) => {
            resolved = applyResolution(resolved, conflict, sides[i % 20] ? 'ours' : 'theirs');
          });
          for (const doc of [merged, resolved]) {
            const ids = doc.tasks.map((t) => t.task_id);
            expect(new Set(ids).size).toBe(ids.length);
            expectParsed(renderSessionMarkdown(doc));
          }
        },
      ),
      { numRuns: runs(1000) },
    );
  }, 120_000);
});

/** Domain tables: what a refused sync must leave exactly as it was. */
const domainTables = ['sessions', 'task_groups', 'tasks', 'session_notes', 'session_change_log'];

async function seedSession(db: Db, name: string) {
  const session = unwrap(await createSession(db, { name, activate: false }));
  const group = unwrap(await createGroup(db, { session_id: session.session_id, group_name: 'G' }));
  const a = unwrap(
    await createTask(db, {
      session_id: session.session_id,
      task_group: group.group_id,
      title: 'A',
    }),
  );
  unwrap(
    await createTask(db, {
      session_id: session.session_id,
      parent_task_id: a.task_id,
      title: 'A1',
    }),
  );
  unwrap(await createTask(db, { session_id: session.session_id, title: 'Loose' }));
  return session.session_id;
}

describe('file → database sync of hostile session.md files (real engine, MemoryVFS)', () => {
  it('merges what it can read, refuses the rest, and never touches data it refused', async () => {
    const db = await openMigratedDb();
    // A session whose ids hostile files will try to steal.
    const victim = unwrap(await createSession(db, { name: 'Victim', activate: false }));
    unwrap(
      await createGroup(db, {
        session_id: victim.session_id,
        group_id: 'group_victim',
        group_name: 'V',
      }),
    );
    unwrap(
      await createTask(db, {
        session_id: victim.session_id,
        task_id: 'task_victim',
        title: 'Mine',
      }),
    );
    const victimRows = () =>
      db.all('SELECT * FROM tasks WHERE session_id = ? ORDER BY task_id', [victim.session_id]);
    const victimBefore = JSON.stringify(await victimRows());
    const victimGroup = JSON.stringify(
      await db.all("SELECT * FROM task_groups WHERE group_id = 'group_victim'"),
    );

    const folder = createMemoryFolder();
    const engine = createSyncEngine(db, { background: (job) => job(), pollMs: 1e9 });
    unwrap(await engine.attach(folder.handle));
    const outcomes: Record<string, number> = {};
    const messages = new Set<string>();
    let counter = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 8 }), async (edits) => {
          const id = await seedSession(db, `Fuzz ${++counter}`);
          const path = `.task_orchestrator/sessions/${id}/session.md`;
          unwrap(await engine.syncSession(id));
          const text = folder.read(path)!;
          const hostile = mutate(text, edits);
          folder.write(path, hostile);
          const stored = folder.read(path); // lone surrogates became U+FFFD on the way
          const before = await fingerprint(db, domainTables);
          const result = await engine.syncSession(id);
          const kind = result.ok ? result.value.kind : `error:${result.error.type}`;
          if (!result.ok) messages.add(result.error.message.replace(/_[a-z0-9]{10}/g, '_…'));
          outcomes[kind] = (outcomes[kind] ?? 0) + 1;
          if (!result.ok || kind === 'conflict' || kind === 'unreadable') {
            expect(await fingerprint(db, domainTables)).toBe(before);
            expect(folder.read(path)).toBe(stored);
          } else {
            const written = folder.read(path)!;
            expect(
              parseSessionMarkdown(written).problems.filter((p) => p.severity === 'error'),
            ).toEqual([]);
          }
          expect(JSON.stringify(await victimRows())).toBe(victimBefore);
          expect(
            JSON.stringify(
              await db.all("SELECT * FROM task_groups WHERE group_id = 'group_victim'"),
            ),
          ).toBe(victimGroup);
          if (counter % 25 === 0) {
            expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
            expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
          }
        }),
        { numRuns: runs(250) },
      );
    } finally {
      engine.detach();
    }
    expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    // Nothing was ever written outside .task_orchestrator/.
    expect(folder.paths().every((p) => p.startsWith('.task_orchestrator/'))).toBe(true);
    console.info('sync outcomes of hostile files:', outcomes, [...messages]);
  }, 120_000);
});

describe('YAML mode files under hostile input', () => {
  const yamlFragmentArb = fc.constantFrom(
    'role_definition:',
    'expertise:',
    'approach:',
    'output_format:',
    'specialist_roles:',
    'architect:',
    '  ',
    '- ',
    ': ',
    '? ',
    '&a',
    '*a',
    '<<: *a',
    '!!binary',
    '!!js/function "function(){}"',
    '!<tag:yaml.org,2002:str>',
    '%YAML 1.1',
    '%TAG ! tag:x,2000:',
    '---',
    '...',
    '{',
    '}',
    '[',
    ']',
    '"',
    "'",
    '|',
    '>-',
    '#',
    '\t',
    '\0',
    '\uFEFF',
    '<script>alert(1)</script>',
    '__proto__:',
    'constructor:',
    'prototype:',
  );
  const yamlArb = fc
    .array(fc.array(fc.oneof(yamlFragmentArb, fc.string({ maxLength: 12 })), { maxLength: 6 }), {
      maxLength: 30,
    })
    .map((lines) => lines.map((parts) => parts.join(' ')).join('\n'));
  const encoder = new TextEncoder();
  const check = (bytes: Uint8Array) => {
    const verdict = validateModeFile(bytes, 'roles/fuzz.yaml');
    expect(typeof verdict.isValid).toBe('boolean');
    if (!verdict.isValid) expect(verdict.errors.length).toBeGreaterThan(0);
    expect(() => structuredClone(verdict)).not.toThrow();
    return verdict;
  };

  it('validates YAML-shaped garbage and random bytes without throwing or hanging', () => {
    const stats = { max: 0 };
    fc.assert(
      fc.property(
        fc.oneof(
          yamlArb.map((text) => encoder.encode(text)),
          fc.uint8Array({ maxLength: 400 }),
        ),
        (bytes) => void timed(() => check(bytes), stats),
      ),
      { numRuns: runs(3000) },
    );
  });

  it('refuses alias bombs, deep nesting and huge files quickly', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const cases = {
      laughs: laughs.join('\n'),
      deepFlow: '['.repeat(50_000),
      deepBlock: Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
      huge: `architect:\n  role_definition: ${'x'.repeat(2 * 1024 * 1024)}`,
      manyKeys: Array.from({ length: 20_000 }, (_, i) => `r${i}: {}`).join('\n'),
      selfMerge: 'a: &a\n  <<: *a\n  role_definition: x',
    };
    for (const [name, text] of Object.entries(cases)) {
      const verdict = check(encoder.encode(text));
      if (name === 'laughs' || name === 'huge') expect(verdict.isValid, name).toBe(false);
    }
  });

  it('stores hostile role files as invalid modes, refuses bad paths, and leaves the database untouched when it refuses', async () => {
    const db = await openMigratedDb();
    const pathArb = fc.oneof(
      fc.constantFrom(
        'roles/team.yaml',
        'roles/other.yml',
        'roles/../../etc/passwd.yaml',
        '../outside.yaml',
        '/abs/x.yaml',
        'roles\\win.yaml',
        'roles/nul\0.yaml',
        'roles/a:b.yaml',
        `roles/${'x'.repeat(2000)}.yaml`,
        'builtin:default_roles.yaml',
        '',
      ),
      fc.string({ maxLength: 20 }).map((s) => `roles/${s}.yaml`),
    );
    const outcomes = { ok: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ path: pathArb, text: yamlArb }), { maxLength: 4 }),
        fc.boolean(),
        async (files, complete) => {
          const before = await fingerprint(db);
          const result = await syncModeFiles(
            db,
            files.map((f) => ({ path: f.path, bytes: encoder.encode(f.text) })),
            { complete },
          );
          if (!result.ok) {
            outcomes.refused++;
            expect(await fingerprint(db)).toBe(before);
          } else outcomes.ok++;
          const paths = await db.all<{ yaml_file_path: string }>(
            'SELECT yaml_file_path FROM session_modes',
          );
          for (const { yaml_file_path: p } of paths) {
            expect(p.split('/')).not.toContain('..');
            expect(p).not.toMatch(/[\\\0]/);
          }
        },
      ),
      { numRuns: runs(300) },
    );
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(await db.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  }, 60_000);
});

describe('search under hostile queries', () => {
  it('answers any text with hits or none, never an error, and never changes the database', async () => {
    const db = await openMigratedDb();
    const id = await seedSession(db, 'Searchable "quoted" NEAR(AND) session');
    const queryArb = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc
        .array(
          fc.oneof(
            fc.constantFrom(
              '"',
              '""',
              '*',
              'NEAR(',
              'NEAR/2',
              ')',
              '(',
              'AND',
              'OR',
              'NOT',
              '^',
              ':',
              'title:',
              '{title}',
              '-',
              '+',
              '\0',
              "'",
              ';',
              '--',
              "'; DROP TABLE tasks; --",
              'A',
              'Loose',
              'session',
              '\uD800',
              '\uFDD0',
              '\uFDD1',
            ),
            fc.string({ maxLength: 8 }),
          ),
          { maxLength: 30 },
        )
        .map((parts) => parts.join(' ')),
      fc.string({ minLength: 1000, maxLength: 5000 }),
    );
    const optionsArb = fc.record({
      scope: fc.constantFrom('active' as const, 'all' as const, 'archived' as const),
      sessionId: fc.option(fc.constantFrom(id, "x' OR 1=1 --", ''), { nil: undefined }),
      limit: fc.option(
        fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.NaN, Infinity, -1, 1e12)),
        { nil: undefined },
      ),
    });
    const before = await fingerprint(db);
    let hits = 0;
    let maxMs = 0;
    await fc.assert(
      fc.asyncProperty(queryArb, optionsArb, async (query, options) => {
        const start = performance.now();
        const result = await searchAll(db, query, {
          scope: options.scope,
          ...(options.sessionId !== undefined ? { sessionId: options.sessionId } : {}),
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
        });
        maxMs = Math.max(maxMs, performance.now() - start);
        expect(result.ok).toBe(true);
        if (result.ok) {
          hits += result.value.length;
          expect(result.value.length).toBeLessThanOrEqual(500);
        }
      }),
      { numRuns: runs(3000) },
    );
    expect(hits).toBeGreaterThan(0);
    console.log(`slowest search: ${maxMs.toFixed(1)} ms`);
    expect(await fingerprint(db)).toBe(before);
    // A scope that is not one of the three is refused as a value, not thrown.
    const bad = await searchAll(db, 'x', { scope: 'everything' as 'all' });
    expect(bad.ok).toBe(false);
  }, 60_000);
});
