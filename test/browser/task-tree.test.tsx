/**
 * The task tree with 10,000 tasks in real Chromium, with the real worker: it renders only
 * the rows in view, scrolls through all of them, and keeps keyboard focus on one row.
 */
import { describe, expect, it } from 'vitest';
import { SessionView } from '../../src/app/tasks/SessionView';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

function bigPlan(groups: number, perGroup: number): string {
  const lines = ['# Ten thousand', ''];
  for (let g = 0; g < groups; g++) {
    lines.push(`## Group ${g}`, '');
    for (let i = 0; i < perGroup / 2; i++)
      lines.push(`- [ ] Task ${g}-${i}`, `  - [ ] Subtask ${g}-${i}`);
    lines.push('');
  }
  return lines.join('\n');
}

describe('task tree', () => {
  it('renders only the visible rows of 10,000 tasks and scrolls through them', async () => {
    const client = openClient(freshDbName());
    const session = unwrap(await client.api.importPlan(bigPlan(20, 500), 'big.md'));
    expect(session.total_tasks).toBe(10_000);
    const host = mount(
      client,
      () => <SessionView sessionId={session.session_id} />,
      'height: 800px',
    );

    await waitFor(
      async () => host.textContent ?? '',
      (t) => t.includes('10,000 tasks'),
      'the tree to load',
    );
    const rendered = () => host.querySelectorAll('[role="treeitem"]').length;
    await waitFor(
      async () => rendered(),
      (n) => n > 0,
      'rows',
    );
    expect(rendered()).toBeLessThan(80);
    // Only the focused row is a tab stop.
    expect(host.querySelectorAll('[role="treeitem"][tabindex="0"]').length).toBe(1);

    const viewport = host.querySelector<HTMLElement>('[role="tree"]')!;
    viewport.scrollTop = viewport.scrollHeight;
    viewport.dispatchEvent(new Event('scroll'));
    await waitFor(
      async () => host.textContent ?? '',
      (t) => t.includes('Subtask 19-249'),
      'the last rows',
    );
    expect(rendered()).toBeLessThan(80);
    expect(host.textContent).not.toContain('Task 0-0');

    // Collapsing a group hides its 500 tasks.
    viewport.scrollTop = 0;
    viewport.dispatchEvent(new Event('scroll'));
    const group = await waitFor(
      async () => host.querySelector<HTMLElement>('[role="treeitem"].group'),
      (el) => el !== null,
      'the first group row',
    );
    group!.focus();
    group!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await waitFor(
      async () => host.querySelector('[role="treeitem"].group')?.getAttribute('aria-expanded'),
      (v) => v === 'false',
      'the group to collapse',
    );
    expect(host.textContent).not.toContain('Task 0-0');
    expect(host.textContent).toContain('Group 1');
  });
});
