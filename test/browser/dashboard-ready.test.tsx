/**
 * The dashboard's "Ready to start" list with a big session (real worker, Chromium): it shows
 * a short list and a button for all of them, not every ready task at once.
 */
import { expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { Dashboard } from '../../src/app/dashboard/Dashboard';
import { readyShown } from '../../src/app/dashboard/ReadyList';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

it('keeps the ready list short, with a way to see all', async () => {
  const client = openClient(freshDbName());
  const lines = ['# Big', ''];
  for (let i = 0; i < 600; i++) lines.push(`- [ ] Task ${i}`);
  const session = unwrap(await client.api.importPlan(lines.join('\n'), 'big.md'));
  const host = mount(client, () => <Dashboard sessionId={session.session_id} />);
  const items = () => host.querySelectorAll('.ready-list li').length;
  await waitFor(
    async () => items(),
    (n) => n > 0,
    'the ready list',
  );
  expect(items()).toBe(readyShown);
  const more = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Show all 600')!;
  expect(more).toBeDefined();
  await userEvent.click(more);
  await waitFor(
    async () => items(),
    (n) => n === 600,
    'every ready task',
  );
});
