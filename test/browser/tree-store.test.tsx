/**
 * The tree's live copy of a session's tasks, with the real worker: an edit of one task
 * reaches only what reads that task, the tree's shape changes only when tasks are added,
 * moved or deleted, and optimistic patches roll back. Plus the lists beside the tree, which
 * must keep their elements (and the user's focus and choices) when a tick changes counters.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { createEffect, createRoot, createSignal } from 'solid-js';
import { createTaskTreeStore } from '../../src/app/tasks/tree/tree-store';
import { SessionList } from '../../src/app/sessions/SessionList';
import { SessionView } from '../../src/app/tasks/SessionView';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

const plan = ['# Store', '', '## Alpha', '', '- [ ] One', '- [ ] Two', '  - [ ] Two.a', ''].join(
  '\n',
);

async function setUp() {
  const client = openClient(freshDbName());
  const session = unwrap(await client.api.importPlan(plan, 'store.md'));
  const tasks = unwrap(await client.api.listTasks(session.session_id));
  const id = (title: string) => tasks.find((t) => t.title === title)!.task_id;
  return { client, session, id };
}

describe('task tree store', () => {
  it('re-runs only the readers of the task that changed', async () => {
    const { client, session, id } = await setUp();
    const one = id('One');
    const two = id('Two');
    const runs = { one: 0, two: 0, shape: 0 };
    const store = createRoot((dispose) => {
      onTestFinished(dispose);
      const s = createTaskTreeStore(client, () => session.session_id);
      createEffect(() => (s.task(one), runs.one++));
      createEffect(() => (s.task(two), runs.two++));
      createEffect(() => (s.structure(), runs.shape++));
      return s;
    });
    await waitFor(
      async () => store.count(),
      (n) => n === 3,
      'the tasks to load',
    );
    expect(store.task(one)?.title).toBe('One');
    const before = { ...runs };
    const shape = store.structure();

    unwrap(await client.api.updateTask(one, { status: 'completed', title: 'One, done' }));
    await waitFor(
      async () => store.task(one)?.status,
      (s) => s === 'completed',
      'the edit to arrive',
    );
    expect(store.task(one)?.title).toBe('One, done');
    expect(runs.one).toBe(before.one + 1);
    expect(runs.two).toBe(before.two);
    // A field edit leaves the shape alone: the tree index is not rebuilt.
    expect(store.structure()).toBe(shape);
    expect(runs.shape).toBe(before.shape);

    // A move reshapes the tree; a new task and a deleted one change the count.
    unwrap(await client.api.moveTask(two, { position: 0 }));
    await waitFor(
      async () => store.structure() !== shape,
      (changed) => changed,
      'the new shape',
    );
    expect(store.structure().get(two)?.position).toBe(0);
    const added = unwrap(
      await client.api.createTask({ session_id: session.session_id, title: 'Three' }),
    );
    await waitFor(
      async () => store.task(added.task_id)?.title,
      (t) => t === 'Three',
      'the new task',
    );
    expect(store.count()).toBe(4);
    unwrap(await client.api.deleteTask(one));
    await waitFor(
      async () => store.task(one),
      (t) => t === undefined,
      'the deleted task to go',
    );
    expect(store.count()).toBe(3);
  });

  it('shows a patch at once and undoes it', async () => {
    const { client, session, id } = await setUp();
    const two = id('Two');
    const store = createRoot((dispose) => {
      onTestFinished(dispose);
      return createTaskTreeStore(client, () => session.session_id);
    });
    await waitFor(
      async () => store.count(),
      (n) => n === 3,
      'the tasks to load',
    );
    const undo = store.patch(two, { status: 'completed' });
    expect(store.task(two)?.status).toBe('completed');
    expect(store.task(two)?.title).toBe('Two');
    undo();
    expect(store.task(two)?.status).toBe('pending');
    // Patching a task the store does not hold changes nothing.
    store.patch('task_missing', { status: 'completed' })();
    expect(store.task('task_missing')).toBeUndefined();
  });

  it('follows the session it is given', async () => {
    const { client, session } = await setUp();
    const other = unwrap(await client.api.createSession({ name: 'Other' }));
    unwrap(await client.api.createTask({ session_id: other.session_id, title: 'Elsewhere' }));
    const [sessionId, setSessionId] = createSignal(session.session_id);
    const store = createRoot((dispose) => {
      onTestFinished(dispose);
      return createTaskTreeStore(client, sessionId);
    });
    await waitFor(
      async () => store.count(),
      (n) => n === 3,
      'the first session',
    );
    setSessionId(other.session_id);
    await waitFor(
      async () => store.count(),
      (n) => n === 1,
      'the second session',
    );
    expect([...store.structure().values()].map((t) => t.title)).toEqual(['Elsewhere']);
  });
});

describe('lists beside the tree keep their elements through a tick', () => {
  it('the session list keeps the item (and its focus) of a session whose counters change', async () => {
    const { client, session, id } = await setUp();
    const host = mount(client, () => (
      <SessionList selectedId={session.session_id} onSelect={() => undefined} />
    ));
    const item = await waitFor(
      async () => host.querySelector<HTMLButtonElement>('button.session-item'),
      (el) => el !== null,
      'the session item',
    );
    item!.focus();
    expect(item!.textContent).toContain('0/3');

    unwrap(await client.api.updateTask(id('One'), { status: 'completed' }));
    await waitFor(
      async () => item!.textContent ?? '',
      (t) => t.includes('1/3'),
      'the counters to change',
    );
    expect(host.querySelector('button.session-item')).toBe(item);
    expect(document.activeElement).toBe(item);
  });

  it("the new task's group choice survives a tick in that group", async () => {
    const { client, session, id } = await setUp();
    const host = mount(
      client,
      () => <SessionView sessionId={session.session_id} />,
      'height: 600px',
    );
    const select = await waitFor(
      async () => host.querySelector<HTMLSelectElement>('#new-task-group'),
      (el) => el !== null && el.options.length === 2,
      'the group choice',
    );
    const option = select!.options[1]!;
    select!.value = option.value;
    select!.dispatchEvent(new Event('change'));

    unwrap(await client.api.updateTask(id('One'), { status: 'completed' }));
    await waitFor(
      async () => host.textContent ?? '',
      (t) => t.includes('1/3'),
      "the group's counters to change",
    );
    expect(select!.options[1]).toBe(option);
    expect(select!.value).toBe(option.value);
  });
});
