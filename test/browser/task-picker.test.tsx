/**
 * The prerequisite picker with real key presses in Chromium, inside a modal dialog as in the
 * task editor: Enter on an empty search adds nothing (nobody chose a task), Enter on a search
 * adds the task it found, and the first Esc closes the dialog (it does not just clear the box).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'solid-js/web';
import type { Task } from '../../workers/api';
import { TaskPicker } from '../../src/app/tasks/TaskPicker';

const candidates = [
  { task_id: 'task_a', title: 'Write the spec' },
  { task_id: 'task_b', title: 'Review the spec' },
] as Task[];

function mountPicker() {
  const added: string[] = [];
  const dialog = document.createElement('dialog');
  document.body.append(dialog);
  const dispose = render(
    () => (
      <TaskPicker
        label="Prerequisites"
        noun="prerequisite"
        idPrefix="deps"
        selected={[]}
        candidates={candidates}
        titleOf={(id) => id}
        emptyText="None yet."
        onAdd={async (id) => (added.push(id), undefined)}
        onRemove={async () => undefined}
      />
    ),
    dialog,
  );
  onTestFinished(() => {
    dispose();
    dialog.remove();
  });
  dialog.showModal();
  const search = dialog.querySelector<HTMLInputElement>('#deps-search')!;
  search.focus();
  return { dialog, search, added };
}

describe('prerequisite picker', () => {
  it('adds nothing on Enter in an empty search, and the found task on Enter after a search', async () => {
    const { search, added } = mountPicker();
    await userEvent.keyboard('{Enter}');
    await new Promise((r) => setTimeout(r, 100));
    expect(added).toEqual([]);
    await userEvent.keyboard('review{Enter}');
    await expect.poll(() => added).toEqual(['task_b']);
    expect(search.value).toBe('');
  });

  it('closes the dialog on the first Esc, with text in the search box', async () => {
    const { dialog } = mountPicker();
    await userEvent.keyboard('spec');
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => dialog.open).toBe(false);
  });
});
