/** A session exported as todo.txt: flat, each subtask naming its parent, and read back whole. */
import { strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { planFromMarkdown } from '../../core/import/import-plan';
import { planFromFiles } from '../../core/import/plan-files';
import { buildSessionExport } from '../../workers/export/session-files';
import { importPlan } from '../../workers/import/plan-import';
import { openMigratedDb } from './support/memory-db';
import { unwrap } from './support/unwrap';

const plan = [
  '# Move house',
  '',
  '## Packing',
  '',
  '- [ ] Buy boxes `est:2h` `due:2026-05-01` `@helper`',
  '  - [x] Measure the shelves',
  '  - [ ] Label the boxes `in progress` `scheduled:2026-05-03`',
  '- [ ] Load the van `depends:MOVE-1`',
  '',
  '## Paperwork',
  '',
  '- [ ] Tell the bank the new address `MOVE-1`',
].join('\n');

describe('todo.txt export', () => {
  it('writes one line a task with its group, parent, dates, status and dependencies', async () => {
    const parsed = planFromMarkdown(plan, 'move.md');
    if (!parsed.ok) throw new Error(parsed.error.message);
    const db = await openMigratedDb();
    const session = unwrap(await importPlan(db, parsed.plan, 'move.md'));
    const file = unwrap(
      await buildSessionExport(db, session.session_id, 'todotxt', async () => null),
    );
    expect(file.fileName).toMatch(/\.todo\.txt$/);
    expect(file.mimeType).toBe('text/plain');
    const text = strFromU8(file.bytes);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const ids = await db.all<{ task_id: string; title: string }>(
      'SELECT task_id, title FROM tasks',
    );
    const id = (title: string) => ids.find((t) => t.title.startsWith(title))!.task_id;
    const today = new Date().toISOString().slice(0, 10);
    expect(lines).toEqual([
      `Buy boxes +Packing @helper id:${id('Buy boxes')} due:2026-05-01 est:2h`,
      `x ${today} Measure the shelves +Packing id:${id('Measure')} parent:${id('Buy boxes')}`,
      `Label the boxes +Packing id:${id('Label')} parent:${id('Buy boxes')} t:2026-05-03 status:in_progress`,
      `Load the van +Packing id:${id('Load')} dep:${id('Tell the bank')}`,
      `Tell the bank the new address \`MOVE-1\` +Paperwork id:${id('Tell the bank')}`,
    ]);

    // …and the todo.txt import reads the same tree back.
    const back = planFromFiles([{ path: 'move.todo.txt', text }]);
    if (!back.ok) throw new Error(back.error.message);
    const tasks = back.plan.tasks;
    expect(tasks.map((t) => `${t.level} ${t.status} ${t.title}`)).toEqual([
      '0 pending Buy boxes',
      '1 completed Measure the shelves',
      '1 in_progress Label the boxes',
      '0 pending Load the van',
      '0 pending Tell the bank the new address `MOVE-1`',
    ]);
    expect(tasks[0]).toMatchObject({
      dueDate: '2026-05-01',
      estimatedEffortHours: 2,
      specialist: 'helper',
    });
    expect(tasks[2]?.scheduledDate).toBe('2026-05-03');
    expect(tasks[3]?.dependsOn).toEqual([tasks[4]?.key]);
    expect(back.plan.groups.map((g) => g.name)).toEqual(['Packing', 'Paperwork']);
  });
});
