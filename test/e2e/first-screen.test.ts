import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import { type E2eBrowser, launch, screenshot } from './browser';

let browser: E2eBrowser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser.close();
});

it('plans a session, ticks tasks, sees progress, and finds it all after a reload', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByText('Create a session to begin').waitFor();

  await page.getByLabel('New session name').fill('Release 1.0 e2e');
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: 'Release 1.0 e2e' }).waitFor();

  for (const title of ['Write the changelog', 'Tag the build', 'Publish notes']) {
    await page.getByLabel('New task title').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByText(title, { exact: true }).waitFor();
  }
  // Keyboard: focus "Tag the build" in the tree, Shift+N adds a subtask inside it.
  await page.getByRole('treeitem', { name: 'Tag the build' }).click();
  await page.keyboard.press('Shift+N');
  await expect.poll(() => page.getByText('inside “Tag the build”').count()).toBe(1);
  await page.keyboard.type('Check the signing key');
  await page.keyboard.press('Enter');
  await page.getByRole('treeitem', { name: 'Check the signing key' }).waitFor();
  expect(
    await page.getByRole('treeitem', { name: 'Check the signing key' }).getAttribute('aria-level'),
  ).toBe('2');

  const progress = page.getByRole('progressbar', { name: 'Session progress' });
  await expect.poll(() => progress.getAttribute('aria-valuenow')).toBe('0');
  await page.getByLabel('Done: Write the changelog').click();
  await page.getByRole('treeitem', { name: 'Check the signing key' }).focus();
  await page.keyboard.press('Space');
  await expect.poll(() => progress.getAttribute('aria-valuenow')).toBe('50');
  await expect.poll(() => page.getByText('2 of 4 done (50%)').count()).toBe(1);
  await screenshot(page, 'first-screen');

  // A worker refusal is shown where the user acted: a duplicate session name.
  await page.getByLabel('New session name').fill('release 1.0 E2E');
  await page.getByRole('button', { name: 'Create session' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/already exists/);

  await page.reload();
  await page.getByRole('heading', { name: 'Release 1.0 e2e' }).waitFor();
  await expect.poll(() => page.getByText('2 of 4 done (50%)').count()).toBe(1);
  expect(await page.getByLabel('Done: Write the changelog').isChecked()).toBe(true);
  expect(await page.getByLabel('Done: Tag the build').isChecked()).toBe(false);
  expect(await page.getByLabel('Done: Check the signing key').isChecked()).toBe(true);
  expect(browser.errors).toEqual([]);
});
