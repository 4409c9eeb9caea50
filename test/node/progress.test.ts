/**
 * Session progress as the dashboard reads it: a group counts its nested groups' tasks, and
 * the pace of the forecast counts only tasks completed after they were created — a plan
 * imported with ticked items is not "thousands done per day".
 */
import { expect, it } from 'vitest';
import { planFromMarkdown } from '../../core/import/import-plan';
import { importPlan } from '../../workers/import/plan-import';
import { sessionProgress } from '../../workers/domain/progress';
import { listTasks, updateTask } from '../../workers/domain/tasks';
import { listGroups } from '../../workers/domain/groups';
import { projectCompletion } from '../../src/app/dashboard/projection';
import { openMigratedDb } from './support/memory-db';
import { unwrap } from './support/unwrap';

const plan = [
  '# Launch',
  '',
  '## Engineering',
  '',
  '### API',
  '',
  '- [x] Schema',
  '- [x] Endpoints',
  '- [ ] Docs',
  '',
  '### Web',
  '',
  '- [ ] Pages',
  '',
].join('\n');

it('rolls groups up over subgroups and paces the forecast on work done since creation', async () => {
  const db = await openMigratedDb();
  const parsed = planFromMarkdown(plan, 'launch.md');
  if (!parsed.ok) throw new Error(parsed.error.message);
  const session = unwrap(await importPlan(db, parsed.plan, 'launch.md'));
  const sid = session.session_id;

  let progress = unwrap(await sessionProgress(db, sid));
  const groups = await listGroups(db, sid);
  const engineering = groups.find((g) => g.group_name === 'Engineering')!;
  const rolled = progress.groups.find((g) => g.group_id === engineering.group_id)!;
  expect([rolled.rollup_completed, rolled.rollup_total]).toEqual([2, 4]);

  // Two tasks arrived done: no pace yet, so no forecast from them.
  expect(progress.completed).toBe(2);
  expect(progress.completed_since_created).toBe(0);
  const forecast = (p: typeof progress) =>
    projectCompletion({
      since: session.created_at,
      now: new Date(),
      completed: p.completed_since_created,
      remaining: p.total - p.completed - p.by_status.cancelled,
    });
  expect(forecast(progress).kind).toBe('no-data');

  await new Promise((r) => setTimeout(r, 5)); // the tick's timestamp is later than creation
  const docs = (await listTasks(db, sid)).find((t) => t.title === 'Docs')!;
  unwrap(await updateTask(db, docs.task_id, { status: 'completed' }));
  progress = unwrap(await sessionProgress(db, sid));
  expect(progress.completed_since_created).toBe(1);
  expect(forecast(progress)).toMatchObject({ kind: 'projected', perDay: 1, remaining: 1 });
});
