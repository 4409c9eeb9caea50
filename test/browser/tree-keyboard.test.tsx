/**
 * The tree's keyboard focus with real key presses in Chromium and the real worker: the row
 * the browser focuses (what a screen reader reads) is always the one the keys act on, also
 * after a move re-draws the rows, and Tab leaves the tree instead of being trapped in it.
 */
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { SessionView } from '../../src/app/tasks/SessionView';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

async function setUp() {
  const client = openClient(freshDbName());
  const session = unwrap(await client.api.createSession({ name: 'Keys' }));
  const add = async (title: string, parent: string | null = null) =>
    unwrap(
      await client.api.createTask({
        session_id: session.session_id,
        title,
        parent_task_id: parent,
      }),
    ).task_id;
  await add('Alpha');
  await add('Bravo.1', await add('Bravo'));
  await add('Charlie');
  const host = mount(client, () => <SessionView sessionId={session.session_id} />);
  await waitFor(
    async () => host.querySelectorAll('[role="treeitem"]').length,
    (n) => n === 4,
    'the rows',
  );
  const rowOf = (title: string) =>
    [...host.querySelectorAll<HTMLElement>('[role="treeitem"]')].find(
      (el) => el.querySelector('.task-title')?.textContent === title,
    )!;
  const order = () =>
    [...host.querySelectorAll<HTMLElement>('[role="treeitem"]')]
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map(
        (el) => `${el.getAttribute('aria-level')}:${el.querySelector('.task-title')?.textContent}`,
      );
  /** The browser's focused row and the app's highlighted row (they must be one). */
  const focus = () => ({
    browser: document.activeElement?.querySelector('.task-title')?.textContent ?? null,
    app: host.querySelector('[role="treeitem"].focused .task-title')?.textContent ?? null,
  });
  return { client, host, rowOf, order, focus };
}

describe('tree keyboard focus', () => {
  it('keeps browser focus on the moved task after reorder, indent and outdent', async () => {
    const { rowOf, order, focus } = await setUp();
    rowOf('Charlie').focus();
    await userEvent.keyboard('{Alt>}{ArrowUp}{/Alt}');
    await waitFor(
      async () => order(),
      (o) => o[1] === '1:Charlie',
      'Charlie to move up',
    );
    await waitFor(
      async () => focus().browser,
      (t) => t === 'Charlie',
      'focus on Charlie',
    );
    expect(focus()).toEqual({ browser: 'Charlie', app: 'Charlie' });

    await userEvent.keyboard('{Alt>}{ArrowRight}{/Alt}'); // into Alpha
    await waitFor(
      async () => order(),
      (o) => o[1] === '2:Charlie',
      'Charlie inside Alpha',
    );
    await waitFor(
      async () => focus().browser,
      (t) => t === 'Charlie',
      'focus on Charlie',
    );
    expect(focus()).toEqual({ browser: 'Charlie', app: 'Charlie' });

    await userEvent.keyboard('{ArrowDown}{ArrowDown}'); // Bravo.1
    expect(focus()).toEqual({ browser: 'Bravo.1', app: 'Bravo.1' });
    await userEvent.keyboard('{Alt>}{ArrowLeft}{/Alt}'); // out of Bravo, after it
    await waitFor(
      async () => order(),
      (o) => o.join() === '1:Alpha,2:Charlie,1:Bravo,1:Bravo.1',
      'Bravo.1 out of Bravo',
    );
    await waitFor(
      async () => focus().browser,
      (t) => t === 'Bravo.1',
      'focus on Bravo.1',
    );
    expect(focus()).toEqual({ browser: 'Bravo.1', app: 'Bravo.1' });
    // The next key acts on the focused task.
    await userEvent.keyboard(' ');
    await waitFor(
      async () => rowOf('Bravo.1').classList.contains('done'),
      (done) => done,
      'Bravo.1 ticked',
    );
  });

  it('lets Tab leave the tree: the tree is one tab stop and Tab moves nothing', async () => {
    const { host, rowOf, order, focus } = await setUp();
    const after = document.createElement('button');
    after.textContent = 'After the tree';
    host.append(after);
    rowOf('Bravo').focus();
    expect(focus().browser).toBe('Bravo');
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(after);
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(focus().browser).toBe('Bravo');
    expect(order()).toEqual(['1:Alpha', '1:Bravo', '2:Bravo.1', '1:Charlie']);
  });
});
