/**
 * Two views of one task: the editor here, a save from elsewhere (what another tab's editor
 * or a session.md merge sends through the same worker). A field being edited keeps the
 * user's text and offers "keep mine" / "take theirs"; a field not being edited follows.
 */
import { expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { TaskEditor } from '../../src/app/tasks/TaskEditor';
import '../../src/styles/tokens.css';
import '../../src/styles/base.css';
import '../../src/styles/controls.css';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

const button = (name: string) =>
  [...document.querySelectorAll('.changed-elsewhere button')].find(
    (b) => b.textContent === name,
  ) as HTMLButtonElement | undefined;
const offer = () => document.querySelector('.changed-elsewhere')?.textContent ?? null;

it('keeps the text being typed when the task changes elsewhere, and lets the user choose', async () => {
  const client = openClient(freshDbName());
  const { api } = client;
  const session = unwrap(await api.createSession({ name: 'Two tabs' }));
  const task = unwrap(await api.createTask({ session_id: session.session_id, title: 'Alpha' }));
  const stored = async () => unwrap(await api.getTask(task.task_id));
  mount(client, () => <TaskEditor taskId={task.task_id} onClose={() => {}} />);
  const title = (await waitFor(
    async () => document.getElementById('task-editor-title') as HTMLInputElement | null,
    (el) => el?.value === 'Alpha',
    'the editor',
  ))!;
  const description = document.getElementById('task-editor-description') as HTMLTextAreaElement;

  // The user types; another tab saves a new title and description meanwhile.
  await userEvent.click(title);
  await userEvent.keyboard('{End} draft');
  expect(title.value).toBe('Alpha draft');
  unwrap(await api.updateTask(task.task_id, { title: 'Beta', description: 'From the other tab' }));
  await waitFor(
    async () => offer(),
    (text) => text !== null,
    'the offer',
  );
  expect(offer()).toContain('“Beta”');
  expect(title.value).toBe('Alpha draft');
  expect(document.activeElement).toBe(title);
  // The field not being edited shows the other tab's value.
  await waitFor(
    async () => description.value,
    (v) => v === 'From the other tab',
    'description',
  );

  // Leaving the field does not save over the other change while the choice is open.
  await userEvent.keyboard('{Tab}');
  expect((await stored()).title).toBe('Beta');
  expect(title.value).toBe('Alpha draft');

  // Keep mine: the user's text is saved.
  await userEvent.click(button('Keep mine')!);
  await waitFor(
    async () => (await stored()).title,
    (t) => t === 'Alpha draft',
    'kept text saved',
  );
  await waitFor(
    async () => offer(),
    (text) => text === null,
    'the offer gone',
  );
  expect(title.value).toBe('Alpha draft');

  // Again, and this time take theirs: the other tab's text, and nothing of the draft saved.
  await userEvent.click(title);
  await userEvent.keyboard('{End} more');
  unwrap(await api.updateTask(task.task_id, { title: 'Gamma' }));
  await waitFor(
    async () => offer(),
    (text) => text?.includes('“Gamma”') ?? false,
    'offer',
  );
  await userEvent.click(button('Take theirs')!);
  await waitFor(
    async () => title.value,
    (v) => v === 'Gamma',
    'their text shown',
  );
  expect(offer()).toBeNull();
  expect((await stored()).title).toBe('Gamma');

  // With no edit under way, a change from elsewhere simply shows.
  unwrap(await api.updateTask(task.task_id, { title: 'Delta' }));
  await waitFor(
    async () => title.value,
    (v) => v === 'Delta',
    'plain update shown',
  );
  expect(offer()).toBeNull();

  // A plain edit still saves on leaving the field.
  await userEvent.click(title);
  await userEvent.keyboard('{End}!{Tab}');
  await waitFor(
    async () => (await stored()).title,
    (t) => t === 'Delta!',
    'plain save',
  );
  expect(offer()).toBeNull();
});
