/**
 * Bulk actions on a selection in the tree, with the real worker: mark done, set a status,
 * move to a group and delete each reach the worker as one call (one change notice), and the
 * delete asks about subtasks only when there are some. window.confirm is replaced by a
 * recorder: a native dialog cannot be answered from inside the page.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { userEvent } from 'vitest/browser';
import { SessionView } from '../../src/app/tasks/SessionView';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

async function setUp() {
  const client = openClient(freshDbName());
  const session = unwrap(await client.api.createSession({ name: 'Bulk' }));
  const sid = session.session_id;
  const group = unwrap(await client.api.createGroup({ session_id: sid, group_name: 'Later' }));
  const add = async (title: string) =>
    unwrap(await client.api.createTask({ session_id: sid, title })).task_id;
  for (const title of ['Alpha', 'Bravo', 'Charlie']) await add(title);
  const host = mount(client, () => <SessionView sessionId={sid} />);
  await waitFor(
    async () => host.querySelectorAll('[role="treeitem"]').length,
    (n) => n === 4,
    'the rows',
  );
  const notices: string[][] = [];
  onTestFinished(client.onChange((n) => n.tables.includes('tasks') && notices.push(n.ids)));
  const rowOf = (title: string) =>
    [...host.querySelectorAll<HTMLElement>('[role="treeitem"]')].find(
      (el) => el.querySelector('.task-title')?.textContent === title,
    )!;
  const button = (name: string) =>
    [...host.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === name)!;
  const questions: string[] = [];
  const confirm = window.confirm;
  window.confirm = (message) => (questions.push(message ?? ''), true);
  onTestFinished(() => void (window.confirm = confirm));
  return { client, sid, group, host, notices, rowOf, button, questions };
}

describe('bulk actions on the selection', () => {
  it('marks done, sets a status, moves and deletes with one call each', async () => {
    const { client, sid, group, host, notices, rowOf, button, questions } = await setUp();
    await userEvent.click(rowOf('Alpha'));
    await userEvent.click(rowOf('Charlie'), { modifiers: ['Control'] });
    expect(host.textContent).toContain('2 selected');

    await userEvent.click(button('Mark done'));
    await waitFor(
      async () => rowOf('Charlie').classList.contains('done'),
      (done) => done,
      'Charlie done',
    );
    expect(rowOf('Alpha').classList.contains('done')).toBe(true);
    expect(rowOf('Bravo').classList.contains('done')).toBe(false);
    expect(notices.length).toBe(1);

    const status = host.querySelector<HTMLSelectElement>('#bulk-status')!;
    await userEvent.selectOptions(status, 'blocked');
    await userEvent.click(button('Set status'));
    await waitFor(
      async () => notices.length,
      (n) => n === 2,
      'the status notice',
    );
    const byTitle = async () =>
      new Map(unwrap(await client.api.listTasks(sid)).map((t) => [t.title, t]));
    await waitFor(
      async () => (await byTitle()).get('Alpha')?.status,
      (s) => s === 'blocked',
      'Alpha blocked',
    );
    expect((await byTitle()).get('Charlie')?.status).toBe('blocked');

    await userEvent.selectOptions(host.querySelector('#move-to-group')!, group.group_id);
    await userEvent.click(button('Move selected'));
    await waitFor(
      async () => (await byTitle()).get('Charlie')?.task_group,
      (g) => g === group.group_id,
      'the move',
    );
    expect((await byTitle()).get('Alpha')?.task_group).toBe(group.group_id);
    await waitFor(
      async () => notices.length,
      (n) => n >= 3,
      'the move notice',
    );
    expect(notices.length).toBe(3);

    await userEvent.click(rowOf('Alpha'));
    await userEvent.click(rowOf('Bravo'), { modifiers: ['Control'] });
    await userEvent.click(button('Delete selected'));
    await waitFor(
      async () => (await byTitle()).size,
      (n) => n === 1,
      'the delete',
    );
    expect([...(await byTitle()).keys()]).toEqual(['Charlie']);
    expect(questions).toEqual(['Delete 2 tasks: “Alpha”, “Bravo”?']);
    await waitFor(
      async () => notices.length,
      (n) => n >= 4,
      'the delete notice',
    );
    expect(notices.length).toBe(4);
  });
});
