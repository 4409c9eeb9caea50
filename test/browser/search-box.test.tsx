/**
 * The header's search box (the popup variant) in real Chromium with the real worker: the
 * drop-down opens as you type, the arrow keys and Enter choose a hit, Escape closes it, and
 * '/' focuses the box unless the user is typing in another field.
 */
import { expect, it, onTestFinished } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { SearchHit } from '../../workers/api';
import { SearchBox } from '../../src/app/search/SearchBox';
import '../../src/styles/tokens.css';
import '../../src/styles/base.css';
import '../../src/styles/controls.css';
import { freshDbName, mount, openClient, unwrap, waitFor } from './support';

it('searches in a drop-down, opens the chosen hit, and answers to /', async () => {
  const client = openClient(freshDbName());
  const session = unwrap(await client.api.createSession({ name: 'Orbit plan' }));
  for (const title of ['Compute the orbit', 'Launch the orbit probe', 'Unrelated chore']) {
    unwrap(await client.api.createTask({ session_id: session.session_id, title }));
  }
  const opened: SearchHit[] = [];
  const host = mount(
    client,
    () => <SearchBox onOpen={(hit) => opened.push(hit)} />,
    'width: 300px; height: 300px; padding: 0.5rem',
  );
  const other = document.createElement('input');
  other.setAttribute('aria-label', 'Another field');
  host.before(other);
  onTestFinished(() => other.remove());

  const input = host.querySelector<HTMLInputElement>('[role="combobox"]')!;
  const options = () => [...host.querySelectorAll<HTMLElement>('[role="option"]')];
  const listVisible = () => !host.querySelector<HTMLElement>('.search-results')!.hidden;

  // '/' in another text field is just a character; elsewhere it focuses the search box.
  other.focus();
  await userEvent.keyboard('/');
  expect(document.activeElement).toBe(other);
  expect(other.value).toBe('/');
  other.blur();
  await userEvent.keyboard('/');
  expect(document.activeElement).toBe(input);

  await userEvent.keyboard('orbit');
  await waitFor(
    async () => options().length,
    (n) => n === 3,
    'the session and its two tasks',
  );
  expect(input.getAttribute('aria-expanded')).toBe('true');
  expect(listVisible()).toBe(true);
  expect(host.querySelectorAll('mark').length).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: '../../test-results/screenshots/search-popup.png' });

  await userEvent.keyboard('{ArrowDown}');
  const chosen = options()[1]!;
  expect(chosen.getAttribute('aria-selected')).toBe('true');
  expect(input.getAttribute('aria-activedescendant')).toBe(chosen.id);
  await userEvent.keyboard('{Enter}');
  expect(opened).toHaveLength(1);
  expect(chosen.textContent).toContain(opened[0]!.title);
  expect(listVisible()).toBe(false);

  // Escape closes the drop-down first, then clears the text.
  await userEvent.keyboard('{ArrowDown}');
  expect(listVisible()).toBe(true);
  await userEvent.keyboard('{Escape}');
  expect(listVisible()).toBe(false);
  expect(input.value).toBe('orbit');
  await userEvent.keyboard('{Escape}');
  expect(input.value).toBe('');

  // A later change is picked up while the box is open.
  await userEvent.keyboard('probe');
  await waitFor(
    async () => options().length,
    (n) => n === 1,
    'one hit',
  );
  unwrap(await client.api.createTask({ session_id: session.session_id, title: 'Probe the ring' }));
  await waitFor(
    async () => options().length,
    (n) => n === 2,
    'the new task found',
  );
});
