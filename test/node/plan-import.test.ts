/** A markdown plan becomes a session in the database: counts, nesting, done states, notes. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFromMarkdown } from '../../core/import/import-plan';
import { importPlan } from '../../workers/import/plan-import';
import { loadSessionDoc } from '../../workers/sync/session-store';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { openMigratedDb } from './support/memory-db';
import { unwrap } from './support/unwrap';

const ours = new URL('../fixtures/markdown/', import.meta.url);
const shared = new URL('../../../shared/fixtures/markdown/', import.meta.url);
const files = [
  ...readdirSync(ours).map((name) => new URL(name, ours)),
  ...(existsSync(shared) ? readdirSync(shared).map((name) => new URL(name, shared)) : []),
].filter((url) => url.pathname.endsWith('.md'));

describe('importing a markdown plan as a session', () => {
  it.each(files.map((url) => [url.pathname.split('/').pop()!, url] as const))(
    '%s',
    async (name, url) => {
      const text = readFileSync(url, 'utf8');
      const result = planFromMarkdown(text, name);
      if (!result.ok) {
        expect(result.error.type).toBe('NoTaskList');
        return;
      }
      const { plan } = result;
      const db = await openMigratedDb();
      const session = unwrap(await importPlan(db, plan, name));
      expect(session).toMatchObject({
        total_tasks: plan.counts.tasks,
        completed_tasks: plan.counts.done,
        // With no other active session, the imported one becomes the active one.
        status: 'active',
      });
      const rows = await db.all<{ level: number; status: string }>(
        'SELECT level, status FROM tasks',
      );
      expect(rows).toHaveLength(plan.tasks.length);
      expect(Math.max(0, ...rows.map((r) => r.level)) + 1).toBe(plan.counts.maxDepth);
      expect(await db.get('SELECT count(*) AS n FROM task_groups')).toEqual({
        n: plan.groups.length,
      });
      const notes = await db.get<{ content: string }>('SELECT content FROM session_notes');
      expect(notes?.content ?? '').toBe(plan.notes.trim() === '' ? '' : plan.notes);
      // The new session renders as a valid session.md that parses back to the same tasks.
      const rendered = renderSessionMarkdown(unwrap(await loadSessionDoc(db, session.session_id)));
      const parsed = parseSessionMarkdown(rendered);
      expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(parsed.doc.tasks).toHaveLength(plan.tasks.length);
      expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    },
  );

  it('imports 5,000 items with nesting, and names never clash', async () => {
    const lines = ['# Big plan', ''];
    for (let g = 0; g < 50; g++) {
      lines.push(`## Area ${g}`, '');
      for (let i = 0; i < 50; i++)
        lines.push(`- [${i % 3 ? ' ' : 'x'}] Task ${g}.${i} (2h)`, `  - [ ] Sub ${g}.${i}`);
      lines.push('');
    }
    const result = planFromMarkdown(lines.join('\n'), 'big.md');
    if (!result.ok) throw new Error(result.error.message);
    const db = await openMigratedDb();
    const first = unwrap(await importPlan(db, result.plan, 'big.md'));
    expect(first.total_tasks).toBe(5000);
    expect(await db.get('SELECT sum(estimated_effort) AS h FROM tasks')).toEqual({ h: 5000 });
    const second = unwrap(await importPlan(db, result.plan, 'big.md'));
    expect(second.name).toBe('Big plan (2)');
    // Another session is active: the second import waits in 'creating'.
    expect([first.status, second.status]).toEqual(['active', 'creating']);
    const positions = await db.all<{ p: number }>(
      `SELECT position_in_group AS p FROM tasks WHERE session_id = ? AND parent_task_id IS NULL
       AND task_group = (SELECT group_id FROM task_groups WHERE session_id = ? AND group_name = 'Area 7')
       ORDER BY position_in_group`,
      [first.session_id, first.session_id],
    );
    expect(positions.map((r) => r.p)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('importing a plan in another tool’s format', () => {
  const fixture = (name: string): string =>
    readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url), 'utf8');

  async function imported(text: string, name: string) {
    const result = planFromMarkdown(text, name);
    if (!result.ok) throw new Error(result.error.message);
    const db = await openMigratedDb();
    const session = unwrap(await importPlan(db, result.plan, name));
    const tasks = await db.all<{
      task_id: string;
      title: string;
      status: string;
      description: string | null;
      depends_on: string;
      blocks: string;
      specialist_type: string | null;
      complexity_level: string;
      estimated_effort: number | null;
      completed_at: string | null;
      due_date: string | null;
      scheduled_date: string | null;
      level: number;
    }>('SELECT * FROM tasks ORDER BY title');
    const titleOf = new Map(tasks.map((t) => [t.task_id, t.title]));
    const deps = (title: string) =>
      (JSON.parse(tasks.find((t) => t.title === title)?.depends_on ?? '[]') as string[]).map((id) =>
        titleOf.get(id),
      );
    const doc = unwrap(await loadSessionDoc(db, session.session_id));
    return { db, session, tasks, deps, doc, markdown: renderSessionMarkdown(doc) };
  }

  it('writes statuses, dependencies and descriptions of a Spec Kit plan', async () => {
    const { session, tasks, deps, markdown } = await imported(
      fixture('spec-kit-tasks.md'),
      'tasks.md',
    );
    expect(session.total_tasks).toBe(10);
    expect(session.completed_tasks).toBe(2);
    expect(deps(tasks.find((t) => t.title.startsWith('T009'))!.title)).toEqual([
      expect.stringMatching(/^T008 /),
      expect.stringMatching(/^T005 /),
    ]);
    expect(session.description).toContain('**Input**: Design documents');
    expect(parseSessionMarkdown(markdown).problems.filter((p) => p.severity === 'error')).toEqual(
      [],
    );
  });

  it('writes Obsidian statuses, due, scheduled and completion dates', async () => {
    const { tasks, deps } = await imported(fixture('obsidian-tasks.md'), 'garden.md');
    const row = (title: string) => tasks.find((t) => t.title === title)!;
    expect(row('Sharpen the shears')).toMatchObject({
      status: 'completed',
      completed_at: '2026-04-03T00:00:00.000Z',
    });
    expect(row('Order the rare tulips').status).toBe('cancelled');
    expect(row('Weed the front bed').status).toBe('in_progress');
    expect(deps('Move the fig outside')).toEqual(['Repot the fig tree', 'Buy a bigger pot']);
    expect(row('Repot the fig tree')).toMatchObject({
      description: '🆔 repot ⏫',
      due_date: '2026-04-10',
      scheduled_date: null,
    });
    expect(row('Buy a bigger pot').scheduled_date).toBe('2026-04-08');
  });

  it('reads session.md tags into fields and never guards them as title text (issue 16, item 7)', async () => {
    const text = [
      '# Tagged',
      '',
      'The intro.',
      '',
      '## Design',
      '',
      'How we design.',
      '',
      '- [ ] Draw the data model `est:4h` `@architect` `complexity:complex`',
      '- [ ] Review it `blocked` `depends:task_x`',
    ].join('\n');
    const { tasks, markdown, doc } = await imported(text, 'tagged.md');
    expect(tasks.map((t) => [t.title, t.status, t.specialist_type, t.complexity_level])).toEqual([
      ['Draw the data model', 'pending', 'architect', 'complex'],
      ['Review it', 'blocked', null, 'moderate'],
    ]);
    expect(tasks[0]?.estimated_effort).toBe(4);
    expect(markdown).not.toContain('<!---->');
    expect(markdown).toContain('`est:4h`');
    expect(markdown).toContain('`@architect`');
    // Prose where it stood: the intro is the overview, the section's prose its group's.
    expect(doc.session.description).toBe('The intro.\n\nImported from tagged.md.');
    expect(doc.groups[0]?.description).toBe('How we design.');
    expect(doc.notes ?? '').toBe('');
  });
});
