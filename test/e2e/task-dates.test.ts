/**
 * Due and scheduled dates in the built app: set in the task editor, shown on the tree row
 * (an overdue date stands out) and counted on the dashboard (session.md tags: node tests).
 * Dates are relative to today, the browser's local day.
 */
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright';
import { addDays, localIsoDate } from '../../core/dates';
import { type E2eBrowser, launch, screenshot } from './browser';

let browser: E2eBrowser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser.close();
});

const today = localIsoDate(new Date());
const [late, soon, later] = ['Send the invoices', 'Book the venue', 'Plan the retro'];

const editor = (page: Page) => page.getByRole('dialog', { name: 'Edit task' });
const row = (page: Page, title: string) => page.getByRole('treeitem', { name: title });

async function closeEditor(page: Page) {
  await editor(page).getByRole('button', { name: 'Close', exact: true }).click();
  await editor(page).waitFor({ state: 'hidden' });
}

async function setDate(page: Page, title: string, label: 'Due' | 'Scheduled', date: string) {
  await row(page, title).click();
  await row(page, title).press('Enter');
  const dialog: Locator = editor(page);
  await dialog.waitFor();
  await dialog.getByLabel(label, { exact: true }).fill(date);
  await dialog.getByLabel(label, { exact: true }).press('Tab');
  await expect
    .poll(() => dialog.getByRole('status').textContent())
    .toBe(`Saved ${label.toLowerCase()} date.`);
}

it('sets dates in the editor, flags overdue rows, counts them', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByLabel('New session name').fill('Dated session');
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: 'Dated session' }).waitFor();
  for (const title of [late, soon, later]) {
    await page.getByLabel('New task title').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await row(page, title).waitFor();
  }

  await setDate(page, late, 'Due', addDays(today, -2));
  await expect.poll(() => editor(page).getByText('Overdue', { exact: true }).count()).toBe(1);
  await closeEditor(page);
  await setDate(page, soon, 'Due', addDays(today, 3));
  await closeEditor(page);
  await setDate(page, soon, 'Scheduled', today);
  await screenshot(page, 'task-dates-editor');
  await closeEditor(page);
  await setDate(page, later, 'Due', addDays(today, 20));
  await closeEditor(page);

  // A half-typed or cleared date: cleared saves null, the row loses its badge.
  await row(page, later).dblclick();
  await editor(page).getByLabel('Due', { exact: true }).fill('');
  await editor(page).getByLabel('Due', { exact: true }).press('Tab');
  await expect.poll(() => editor(page).getByRole('status').textContent()).toBe('Saved due date.');
  await closeEditor(page);

  const lateBadge = row(page, late).locator('.badge.due');
  await expect.poll(() => lateBadge.textContent()).toMatch(/^overdue /);
  await expect.poll(() => lateBadge.evaluate((e) => e.classList.contains('overdue'))).toBe(true);
  await expect.poll(() => row(page, soon).locator('.badge.due').textContent()).toMatch(/^due /);
  expect(await row(page, soon).locator('.badge.due.overdue').count()).toBe(0);
  expect(await row(page, soon).locator('.badge.scheduled').count()).toBe(1);
  expect(await row(page, later).locator('.badge.due').count()).toBe(0);
  // Ticking the overdue task: done is never overdue.
  await row(page, late).getByRole('checkbox').click();
  await expect.poll(() => lateBadge.evaluate((e) => e.classList.contains('overdue'))).toBe(false);
  await row(page, late).getByRole('checkbox').click();
  await expect.poll(() => lateBadge.evaluate((e) => e.classList.contains('overdue'))).toBe(true);
  await screenshot(page, 'task-dates-tree');

  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Dashboard', exact: true })
    .click();
  const card = page.getByRole('region', { name: 'Due dates' });
  const count = (label: string) =>
    card.locator('.count', { has: page.getByText(label, { exact: true }) }).locator('dd');
  await expect.poll(() => count('Overdue').textContent()).toBe('1');
  await expect.poll(() => count('Due this week').textContent()).toBe('1');
  expect(await count('Due today').textContent()).toBe('0');
  await screenshot(page, 'task-dates-dashboard');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'task-dates-dashboard-dark');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshot(page, 'task-dates-dashboard-phone');
  expect(browser.errors).toEqual([]);
});
