/**
 * Search and the Data view against the built app: search-as-you-type with hostile input and
 * opening a task hit; a JSON export downloaded and imported back; a database backup restored
 * over later changes; a non-database file refused; cleanup on a healthy database.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import { type E2eBrowser, launch, screenshot } from './browser';

let browser: E2eBrowser;
let scratch: string;
beforeEach(async () => {
  browser = await launch();
  scratch = mkdtempSync(join(tmpdir(), 'so-e2e-data-'));
});
afterEach(async () => {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function createSession(page: Page, name: string, titles: string[]) {
  await page.getByLabel('New session name').fill(name);
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
  for (const title of titles) {
    await page.getByLabel('New task title').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByRole('treeitem', { name: title }).waitFor();
  }
}

function showView(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name, exact: true })
    .click();
}

const sessionButtons = (page: Page) =>
  page.getByRole('navigation', { name: 'Sessions' }).locator('.session-name');

function pickSession(page: Page, name: string) {
  return page
    .locator('.session-item')
    .filter({ has: page.locator('.session-name').getByText(name, { exact: true }) })
    .click();
}

it('searches as you type, takes any input, and opens a task hit in the tree', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await createSession(page, 'Alpha launch', ['Draft the zebra announcement', 'Book the venue']);
  await createSession(page, 'Beta cleanup', ['Feed the zebra records', 'Rotate old logs']);

  await showView(page, 'Search');
  const box = page.getByRole('combobox', { name: 'Search sessions, tasks and notes' });
  await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
  const results = page.getByRole('listbox', { name: 'Search results' });
  const status = page.locator('.search-view').getByRole('status');

  await box.fill('zebra');
  await expect.poll(() => results.getByRole('option').count()).toBe(2);
  expect(await results.locator('mark').allTextContents()).toEqual(['zebra', 'zebra']);
  expect(await status.textContent()).toBe('2 results');
  const first = results.getByRole('option').first();
  expect(await first.getAttribute('aria-selected')).toBe('true');
  expect(await results.getByRole('option').allTextContents()).toEqual(
    expect.arrayContaining([expect.stringContaining('in Alpha launch')]),
  );
  await screenshot(page, 'search');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'search-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Search syntax is never interpreted: quotes, operators and stray brackets are just text.
  for (const hostile of ['"unbalanced', 'NEAR(', 'zebra AND', '*', '-', '"', 'title:zebra OR']) {
    await box.fill(hostile);
    await expect.poll(() => status.textContent()).not.toBe('Searching…');
    expect(await page.locator('.search-view').getByRole('alert').count()).toBe(0);
  }
  await box.fill('"unbalanced');
  await expect.poll(() => status.textContent()).toBe('No matches');
  await box.fill('NEAR(');
  await expect.poll(() => status.textContent()).toBe('No matches');
  await box.fill('"zebra');
  await expect.poll(() => results.getByRole('option').count()).toBe(2);
  await box.fill('-zebra*');
  await expect.poll(() => results.getByRole('option').count()).toBe(2);

  // The scope switch: nothing is archived, and the active session is Beta.
  const scope = page.locator('.search-view').getByLabel('Search in');
  await scope.selectOption({ label: 'Archived' });
  await expect.poll(() => status.textContent()).toBe('No matches');
  await scope.selectOption({ label: 'Active session' });
  await expect.poll(() => results.getByRole('option').count()).toBe(1);
  expect(await results.getByRole('option').textContent()).toContain('Feed the zebra records');
  await scope.selectOption({ label: 'All sessions' });

  // '/' focuses the box from anywhere that is not a text field.
  await page.getByRole('heading', { name: 'Search', exact: true }).click();
  await page.keyboard.press('/');
  await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);

  // Keyboard: arrows move through the options, Enter opens the chosen one.
  await box.fill('zebra');
  await expect.poll(() => results.getByRole('option').count()).toBe(2);
  const titles = await results.locator('.search-title').allTextContents();
  await box.press('ArrowDown');
  await box.press('ArrowDown');
  await box.press('ArrowUp');
  await box.press('ArrowDown');
  const chosenId = await box.getAttribute('aria-activedescendant');
  expect(chosenId).toBeTruthy();
  expect(await page.locator(`#${chosenId}`).getAttribute('aria-selected')).toBe('true');
  const chosen = titles[1]!;
  const sessionOfChosen = chosen.startsWith('Draft') ? 'Alpha launch' : 'Beta cleanup';
  await box.press('Enter');
  await page.getByRole('heading', { name: sessionOfChosen, exact: true }).waitFor();
  const row = page.getByRole('treeitem', { name: chosen });
  await expect.poll(() => row.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(browser.errors).toEqual([]);
});

it('exports and imports JSON, backs up and restores the database, and finds no problems', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await createSession(page, 'Gamma release', ['Write the notes', 'Tag the build']);
  await createSession(page, 'Delta chores', ['Water the plants']);
  await pickSession(page, 'Gamma release');
  await page.getByRole('heading', { name: 'Gamma release', exact: true }).waitFor();

  await showView(page, 'Data');
  await page.getByRole('heading', { name: 'Data', exact: true }).waitFor();
  const exportCard = page.locator('section', {
    has: page.getByRole('heading', { name: 'Export and archive' }),
  });
  await exportCard.getByText('Gamma release').waitFor();

  // Export as JSON (no folder open: a download).
  const [exported] = await Promise.all([
    page.waitForEvent('download'),
    exportCard.getByRole('button', { name: 'Export as JSON' }).click(),
  ]);
  expect(exported.suggestedFilename()).toMatch(/\.json$/);
  const jsonPath = join(scratch, exported.suggestedFilename());
  await exported.saveAs(jsonPath);
  const doc = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
    format: string;
    version: number;
    session: { name: string; session_id: string };
    tasks: { title: string; session_id: string }[];
    groups: unknown[];
  };
  expect(doc.session.name).toBe('Gamma release');
  expect(doc.tasks.map((t) => t.title).sort()).toEqual(['Tag the build', 'Write the notes']);
  expect(doc.tasks.every((t) => t.session_id === doc.session.session_id)).toBe(true);
  expect(typeof doc.format).toBe('string');
  expect(typeof doc.version).toBe('number');
  await expect.poll(() => exportCard.getByRole('status').textContent()).toMatch(/Downloaded as/);

  // Import it back: a new session, with the taken ids replaced.
  await page.getByLabel('Choose a JSON export to import').setInputFiles(jsonPath);
  await page.getByText('Imported “Gamma release (imported)”').waitFor();
  await page.getByText(/ids were taken here and were replaced/).waitFor();
  await expect
    .poll(() => sessionButtons(page).allTextContents())
    .toContain('Gamma release (imported)');

  // Archiving the active session is refused by the lifecycle, with the reason.
  await pickSession(page, 'Delta chores');
  await exportCard.getByText('Delta chores').waitFor();
  await exportCard.getByRole('button', { name: 'Archive session…' }).click();
  await exportCard.getByRole('button', { name: 'Archive “Delta chores”' }).click();
  await expect
    .poll(() => exportCard.getByRole('alert').textContent())
    .toMatch(/cannot be archived/);

  // Back up, change things, restore: the changes are gone and the backup's data is back.
  const [backup] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download database backup' }).click(),
  ]);
  expect(backup.suggestedFilename()).toMatch(/\.sqlite$/);
  const backupPath = join(scratch, 'backup.sqlite');
  await backup.saveAs(backupPath);
  expect(readFileSync(backupPath).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');

  await page.getByLabel('New session name').fill('Epsilon after backup');
  await page.getByRole('button', { name: 'Create session' }).click();
  await expect.poll(() => sessionButtons(page).allTextContents()).toContain('Epsilon after backup');
  await showView(page, 'Data');

  await page.getByLabel('Restore from a backup file').setInputFiles(backupPath);
  await page.getByText('Replace all current data?').waitFor();
  await screenshot(page, 'data-restore-confirm');
  await page.getByRole('button', { name: 'Replace all data with this backup' }).click();
  await page.getByText('Restored from backup.sqlite: 3 sessions and 5 tasks.').waitFor();
  await expect
    .poll(() => sessionButtons(page).allTextContents())
    .not.toContain('Epsilon after backup');
  expect((await sessionButtons(page).allTextContents()).sort()).toEqual([
    'Delta chores',
    'Gamma release',
    'Gamma release (imported)',
  ]);
  const [previous] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('button', { name: 'Download the database as it was before the restore' })
      .click(),
  ]);
  const previousPath = join(scratch, 'previous.sqlite');
  await previous.saveAs(previousPath);
  expect(readFileSync(previousPath).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');

  // A file that is not a database is refused, and nothing changes.
  await page.getByLabel('Restore from a backup file').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('These are not the rows you are looking for.\n'),
  });
  await page.getByRole('button', { name: 'Replace all data with this backup' }).click();
  const backupCard = page.locator('section', {
    has: page.getByRole('heading', { name: 'Database backup' }),
  });
  await expect
    .poll(() => backupCard.getByRole('alert').textContent())
    .toMatch(/not a SQLite database/);
  await backupCard.getByText('nothing was changed').waitFor();
  expect((await sessionButtons(page).allTextContents()).sort()).toEqual([
    'Delta chores',
    'Gamma release',
    'Gamma release (imported)',
  ]);

  // Cleanup on a healthy database, the integrity check, and the storage facts.
  await page.getByRole('button', { name: 'Check for problems' }).click();
  await page.getByText('No problems found.').waitFor();
  await page.getByRole('button', { name: 'Check database integrity' }).click();
  await page.getByText('Integrity check: ok').waitFor();
  await page.getByText('SQLite version').waitFor();
  await page.getByText('Kept on this device').waitFor();
  const keep = page.getByRole('button', { name: 'Keep data on this device' });
  if (await keep.isEnabled()) {
    await keep.click();
    await page.getByText(/The browser (will keep|declined)/).waitFor();
  }

  await screenshot(page, 'data-view');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'data-view-dark');
  expect(browser.errors).toEqual([]);
});
