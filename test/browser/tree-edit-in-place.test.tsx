/**
 * Editing in the tree itself (Chromium, real worker): F2 renames a task in place (Enter
 * saves, Esc cancels), and ticking a parent with an open subtask asks first (declined: not
 * ticked). window.confirm is replaced by a recorder: a native dialog cannot be answered from
 * inside the page.
 */
import { expect, it, onTestFinished } from 'vitest';
import { userEvent } from 'vitest/browser';
import { SessionView } from '../../src/app/tasks/SessionView';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

it('renames with F2 and asks before ticking a parent with open subtasks', async () => {
  const client = openClient(freshDbName());
  const sid = unwrap(await client.api.createSession({ name: 'Edit' })).session_id;
  const parent = unwrap(await client.api.createTask({ session_id: sid, title: 'Parent' })).task_id;
  unwrap(await client.api.createTask({ session_id: sid, title: 'Child', parent_task_id: parent }));
  const host = mount(client, () => <SessionView sessionId={sid} />);
  const rowOf = (title: string) =>
    [...host.querySelectorAll<HTMLElement>('[role="treeitem"]')].find(
      (el) => el.querySelector('.task-title')?.textContent === title,
    );
  await waitFor(
    async () => rowOf('Child'),
    (r) => r !== undefined,
    'the rows',
  );

  rowOf('Parent')!.focus();
  await userEvent.keyboard('{F2}');
  const box = await waitFor(
    async () => host.querySelector<HTMLInputElement>('.task-title-box'),
    (b) => b !== null && document.activeElement === b,
    'the title box',
  );
  await userEvent.keyboard('{Control>}a{/Control}Launch{Enter}');
  expect(box!.isConnected).toBe(false);
  await waitFor(
    async () => unwrap(await client.api.getTask(parent)).title,
    (t) => t === 'Launch',
    'the new title',
  );
  await waitFor(
    async () => rowOf('Launch'),
    (r) => r !== undefined,
    'the renamed row',
  );
  expect(document.activeElement).toBe(rowOf('Launch'));

  await userEvent.keyboard('{F2}');
  await waitFor(
    async () => host.querySelector('.task-title-box'),
    (b) => b !== null,
    'the box',
  );
  await userEvent.keyboard('Nope{Escape}');
  expect(host.querySelector('.task-title-box')).toBeNull();
  expect(unwrap(await client.api.getTask(parent)).title).toBe('Launch');

  const questions: string[] = [];
  const confirm = window.confirm;
  window.confirm = (message) => (questions.push(message ?? ''), false);
  onTestFinished(() => void (window.confirm = confirm));
  rowOf('Launch')!.focus();
  await userEvent.keyboard(' ');
  await waitFor(
    async () => questions.length,
    (n) => n === 1,
    'the question',
  );
  expect(questions[0]).toBe('“Launch” has 1 subtask still open. Mark it done anyway?');
  expect(unwrap(await client.api.getTask(parent)).status).toBe('pending');
  expect(rowOf('Launch')!.classList.contains('done')).toBe(false);
});
