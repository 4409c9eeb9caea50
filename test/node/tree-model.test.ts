/** The tree's pure model: group totals over nested groups, subtask counts. */
import { expect, it } from 'vitest';
import type { TaskGroup } from '../../workers/api';
import { groupTotals } from '../../src/app/tasks/tree/tree-model';

const group = (id: string, parent: string | null, completed: number, total: number) =>
  ({
    group_id: id,
    parent_group_id: parent,
    completed_tasks: completed,
    total_tasks: total,
  }) as TaskGroup;

it('counts a group with the groups nested in it, at any depth', () => {
  const totals = groupTotals([
    group('eng', null, 0, 0),
    group('api', 'eng', 2, 5),
    group('db', 'api', 1, 4),
    group('web', 'eng', 3, 3),
    group('ops', null, 1, 2),
  ]);
  expect(Object.fromEntries(totals)).toEqual({
    eng: { completed: 6, total: 12 },
    api: { completed: 3, total: 9 },
    db: { completed: 1, total: 4 },
    web: { completed: 3, total: 3 },
    ops: { completed: 1, total: 2 },
  });
});

it('keeps a group whose parent is missing to its own counts', () => {
  const totals = groupTotals([group('lost', 'gone', 1, 2)]);
  expect(totals.get('lost')).toEqual({ completed: 1, total: 2 });
});
