/** The tree's counts and its question before a delete, as people read them. */
import { expect, it } from 'vitest';
import { deleteQuestion, plural } from '../../src/app/tasks/tree/wording';

it('counts in the singular for one', () => {
  expect(plural(1, 'task')).toBe('1 task');
  expect(plural(0, 'task')).toBe('0 tasks');
  expect(plural(10000, 'task')).toBe('10,000 tasks');
});

it('asks about subtasks only when there are any', () => {
  expect(deleteQuestion(['Alpha'], 0)).toBe('Delete “Alpha”?');
  expect(deleteQuestion(['Alpha'], 1)).toBe('Delete “Alpha” and its 1 subtask?');
  expect(deleteQuestion(['Alpha', 'Bravo'], 0)).toBe('Delete 2 tasks: “Alpha”, “Bravo”?');
  expect(deleteQuestion(['Alpha', 'Bravo'], 3)).toBe(
    'Delete 2 tasks: “Alpha”, “Bravo”, and their 3 subtasks?',
  );
  expect(deleteQuestion(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 0)).toBe(
    'Delete 7 tasks: “a”, “b”, “c”, “d”, “e”, 2 more?',
  );
});
