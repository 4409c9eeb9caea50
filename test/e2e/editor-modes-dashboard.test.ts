import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright';
import { type E2eBrowser, launch, screenshot } from './browser';

let browser: E2eBrowser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser.close();
});

const session = 'Editor e2e session';
const [a, b, c] = ['Design the schema', 'Write the migration', 'Review the plan'];
const a2 = 'Design the schema v2';

const view = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
const editor = (page: Page) => page.getByRole('dialog', { name: 'Edit task' });
const readyTask = (page: Page, title: string) =>
  page.getByRole('list', { name: 'Ready tasks' }).getByRole('button', { name: title, exact: true });

/** Waits for the editor to confirm a save of the field it names. */
async function saved(dialog: Locator, field: string) {
  await expect.poll(() => dialog.getByRole('status').textContent()).toBe(`Saved ${field}.`);
}

/** Changes a text or number field and leaves it (a change is saved when the field is left). */
async function fillField(dialog: Locator, label: string, value: string, field: string) {
  await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByLabel(label, { exact: true }).press('Tab');
  await saved(dialog, field);
}

async function choose(dialog: Locator, label: string, value: string, field: string) {
  await dialog.getByLabel(label, { exact: true }).selectOption(value);
  await saved(dialog, field);
}

const valueOf = (dialog: Locator, label: string) =>
  dialog.getByLabel(label, { exact: true }).inputValue();

async function addLink(dialog: Locator, noun: string, search: string) {
  await dialog.getByLabel(`Search tasks to add as ${noun}`).fill(search);
  await dialog.getByRole('button', { name: `Add ${noun}`, exact: true }).click();
}

it('edits every task field, links tasks, binds a mode and drives the session from its dashboard', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByText('Create a session to begin').waitFor();
  await page.getByLabel('New session name').fill(session);
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: session }).waitFor();
  for (const title of [a, b, c]) {
    await page.getByLabel('New task title').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByText(title, { exact: true }).first().waitFor();
  }

  await page.getByLabel('New group name').fill('Later');
  await page.getByRole('button', { name: 'Add group' }).click();
  await page.getByRole('treeitem', { name: 'Later' }).waitFor();

  // The task tree opens the editor (Enter on a row); closing it puts focus back on the row.
  const row = page.getByRole('treeitem', { name: c, exact: true });
  await row.click();
  await row.press('Enter');
  await editor(page).waitFor();
  await expect.poll(() => valueOf(editor(page), 'Title')).toBe(c);
  await page.keyboard.press('Escape');
  await editor(page).waitFor({ state: 'hidden' });
  await expect
    .poll(() =>
      page.evaluate(() => document.activeElement?.querySelector('.task-title')?.textContent),
    )
    .toBe(c);

  // Dashboard: progress, ready tasks, and only the lifecycle moves an active session allows.
  await view(page, 'Dashboard').click();
  const done = page.getByRole('progressbar', { name: 'Tasks done' });
  await expect.poll(() => done.getAttribute('aria-valuenow')).toBe('0');
  await expect.poll(() => page.getByText('0 of 3 done (0%)').count()).toBe(1);
  await expect
    .poll(() => page.getByRole('list', { name: 'Ready tasks' }).getByRole('button').count())
    .toBe(3);
  const lifecycle = page.getByRole('group', { name: 'Session lifecycle' });
  expect(await lifecycle.getByRole('button').allTextContents()).toEqual([
    'Pause session',
    'Complete session',
    'Cancel session',
  ]);
  expect(await page.getByText('Not enough data yet').count()).toBe(1);
  await page.getByRole('progressbar', { name: 'Progress of group “Later”' }).waitFor();

  // The editor: every field, saved one by one.
  await readyTask(page, a).click();
  const dialog = editor(page);
  await dialog.waitFor();
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.id))
    .toBe('task-editor-title');
  await fillField(dialog, 'Title', a2, 'title');
  await fillField(dialog, 'Description', 'Tables, keys and indexes.', 'description');
  await choose(dialog, 'Status', 'in_progress', 'status');
  await expect.poll(() => dialog.getByText(/Started .*\d/).count()).toBe(1);
  await choose(dialog, 'Complexity', 'complex', 'complexity');
  // An unbound session uses the default mode: its roles are offered, and the editor says so.
  await dialog.getByText('This session has no mode; using the built-in default mode.').waitFor();
  await choose(dialog, 'Specialist type', 'architect', 'specialist type');
  await dialog.getByLabel('Specialist type', { exact: true }).selectOption({ label: 'Other…' });
  await dialog.getByLabel('Other specialist type').fill('security auditor');
  await dialog.getByLabel('Other specialist type').press('Tab');
  await expect.poll(() => valueOf(dialog, 'Specialist type')).toBe('security auditor');
  await fillField(dialog, 'Progress (%)', '40', 'progress');
  await fillField(dialog, 'Estimated effort (hours)', '5', 'estimated effort');
  await fillField(dialog, 'Actual effort (hours)', '3', 'actual effort');
  await choose(dialog, 'Verification', 'verified', 'verification');

  // Efforts take fractions of an hour, as session.md does.
  await fillField(dialog, 'Estimated effort (hours)', '1.5', 'estimated effort');
  // A refusal is shown at the field, and the field shows the database's value again.
  await dialog.getByLabel('Estimated effort (hours)').fill('1000000');
  await dialog.getByLabel('Estimated effort (hours)').press('Tab');
  await expect
    .poll(() => dialog.getByRole('alert').textContent())
    .toMatch(/estimated_effort must be a number of hours from 0 to 100000/);
  expect(await valueOf(dialog, 'Estimated effort (hours)')).toBe('1.5');
  await fillField(dialog, 'Estimated effort (hours)', '5', 'estimated effort');

  // A depends on B.
  await addLink(dialog, 'prerequisite', 'migration');
  await dialog
    .getByRole('list', { name: 'Prerequisites (depends on)' })
    .getByText(b, { exact: true })
    .waitFor();
  await screenshot(page, 'task-editor');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'task-editor-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Escape closes the editor (A left the ready list, so there is no opener to go back to).
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // B → A would close a cycle: refused, with both titles named, right at the picker.
  await expect.poll(() => readyTask(page, a2).count()).toBe(0);
  await readyTask(page, b).click();
  await dialog.waitFor();
  await dialog.getByRole('list', { name: 'Blocks' }).getByText(a2, { exact: true }).waitFor();
  await addLink(dialog, 'prerequisite', 'schema');
  const cycle = dialog
    .getByRole('group', { name: 'Prerequisites (depends on)' })
    .getByRole('alert');
  await expect.poll(() => cycle.textContent()).toContain('cycle');
  expect(await cycle.textContent()).toContain(`"${a2}"`);
  expect(await cycle.textContent()).toContain(`"${b}"`);
  await screenshot(page, 'task-editor-cycle');
  await addLink(dialog, 'related task', 'review');
  await dialog.getByRole('list', { name: 'Related tasks' }).getByText(c, { exact: true }).waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  // Focus goes back to the control that opened the editor (B is still ready).
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toBe(b);

  // Everything is in the database: reload and look again.
  await page.reload();
  await page.getByRole('heading', { name: session }).first().waitFor();
  await view(page, 'Dashboard').click();
  await readyTask(page, b).click();
  await dialog.waitFor();
  await dialog.getByRole('list', { name: 'Related tasks' }).getByText(c, { exact: true }).waitFor();
  await dialog.getByRole('list', { name: 'Blocks' }).getByText(a2, { exact: true }).waitFor();
  // Completing B moves the numbers and makes A ready.
  await choose(dialog, 'Status', 'completed', 'status');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await expect.poll(() => done.getAttribute('aria-valuenow')).toBe('33.33');
  await expect.poll(() => page.getByText('1 of 3 done (33%)').count()).toBe(1);
  await expect.poll(() => page.getByText(/^About .*: 2 open tasks at/).count()).toBe(1);

  await readyTask(page, a2).click();
  await dialog.waitFor();
  await expect.poll(() => valueOf(dialog, 'Title')).toBe(a2);
  expect(await valueOf(dialog, 'Description')).toBe('Tables, keys and indexes.');
  expect(await valueOf(dialog, 'Status')).toBe('in_progress');
  expect(await valueOf(dialog, 'Complexity')).toBe('complex');
  expect(await valueOf(dialog, 'Specialist type')).toBe('security auditor');
  expect(await valueOf(dialog, 'Progress (%)')).toBe('40');
  expect(await valueOf(dialog, 'Estimated effort (hours)')).toBe('5');
  expect(await valueOf(dialog, 'Actual effort (hours)')).toBe('3');
  expect(await valueOf(dialog, 'Verification')).toBe('verified');
  await dialog
    .getByRole('list', { name: 'Prerequisites (depends on)' })
    .getByText(b, { exact: true })
    .waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // Modes: the built-in default with its roles; bind the session to it.
  await view(page, 'Modes').click();
  const card = page.getByRole('article', { name: 'default' });
  await card.waitFor();
  expect(await card.getByText('built-in', { exact: true }).count()).toBe(1);
  const roles = card.getByRole('list', { name: 'Roles of default' });
  await roles.getByText('orchestrator', { exact: true }).waitFor();
  expect(await roles.locator('summary').getByText('architect', { exact: true }).count()).toBe(1);
  await page.getByText('This session has no mode; using the built-in default mode.').waitFor();
  await roles.locator('summary').getByText('orchestrator', { exact: true }).click(); // opens its details
  await card.getByRole('heading', { name: 'Expertise' }).first().waitFor();
  await card.getByRole('button', { name: /Use this mode: “default”/ }).click();
  await card.getByText('used by this session').waitFor();
  // Re-reading the list after the binding keeps the opened role open.
  expect(await card.getByRole('heading', { name: 'Expertise' }).first().isVisible()).toBe(true);
  await expect.poll(() => page.getByText('This session has no mode').count()).toBe(0);
  expect(await card.getByText(session).count()).toBeGreaterThan(0);
  await screenshot(page, 'modes-view');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'modes-view-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Dashboard again: effort, and the lifecycle moves follow the state.
  await view(page, 'Dashboard').click();
  await page.getByText('Estimated', { exact: true }).waitFor();
  await screenshot(page, 'dashboard');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'dashboard-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  // The shell keeps showing the session after it is paused (it stops being the active one).
  await lifecycle.getByRole('button', { name: 'Pause session' }).click();
  await expect
    .poll(() => lifecycle.getByRole('button').allTextContents())
    .toEqual(['Activate session', 'Archive session', 'Cancel session']);
  await lifecycle.getByRole('button', { name: 'Activate session' }).click();
  await expect
    .poll(() => lifecycle.getByRole('button').allTextContents())
    .toEqual(['Pause session', 'Complete session', 'Cancel session']);

  // Session fields: the priority is saved and shown in the header.
  await page.getByLabel('Priority', { exact: true }).selectOption('2');
  await expect.poll(() => page.getByText('Priority 2 (high)').count()).toBe(1);
  expect(browser.errors).toEqual([]);
});
