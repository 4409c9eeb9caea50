/**
 * The task tree driven the way people work: the keyboard for everything (new tasks, indent,
 * reorder, tick, edit), then drag and drop, multi-select moves between groups, and the group
 * editor. Checks the result in the tree's ARIA state and after a reload.
 */
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import type { Page } from 'playwright';
import { type E2eBrowser, launch, screenshot } from './browser';

let browser: E2eBrowser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser.close();
});

const row = (page: Page, name: string) => page.getByRole('treeitem', { name });
const focusedRowName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('role') === 'treeitem'
      ? (el.querySelector('.task-title, strong')?.textContent ?? '')
      : '';
  });
const order = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[role="treeitem"]')]
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map(
        (el) =>
          `${el.getAttribute('aria-level')}:${el.querySelector('.task-title, strong')?.textContent}`,
      ),
  );

it('plans with the keyboard alone: add, indent, reorder, tick, edit', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByLabel('New session name').focus();
  await page.keyboard.type('Keyboard plan');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Keyboard plan' }).waitFor();

  await page.getByLabel('New task title').focus();
  await page.keyboard.type('Alpha');
  await page.keyboard.press('Enter');
  await row(page, 'Alpha').waitFor();
  await expect.poll(() => focusedRowName(page)).toBe('Alpha');
  for (const title of ['Bravo', 'Charlie']) {
    await page.keyboard.press('n');
    await page.keyboard.type(title);
    await page.keyboard.press('Enter');
    await row(page, title).waitFor();
    await expect.poll(() => focusedRowName(page)).toBe(title);
  }
  expect(await order(page)).toEqual(['1:Alpha', '1:Bravo', '1:Charlie']);

  await page.keyboard.press('Alt+ArrowRight'); // Charlie goes inside Bravo
  await expect.poll(() => order(page)).toEqual(['1:Alpha', '1:Bravo', '2:Charlie']);
  await page.keyboard.press('Shift+N'); // a subtask inside Charlie
  await page.keyboard.type('Delta');
  await page.keyboard.press('Enter');
  await expect.poll(() => order(page)).toEqual(['1:Alpha', '1:Bravo', '2:Charlie', '3:Delta']);

  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => focusedRowName(page)).toBe('Bravo');
  await page.keyboard.press('Alt+ArrowUp'); // Bravo (with its subtree) moves above Alpha
  await expect.poll(() => order(page)).toEqual(['1:Bravo', '2:Charlie', '3:Delta', '1:Alpha']);
  await page.keyboard.press('Space');
  await expect.poll(() => page.getByLabel('Done: Bravo').isChecked()).toBe(true);
  await page.keyboard.press('ArrowLeft'); // collapse Bravo
  await expect.poll(() => order(page)).toEqual(['1:Bravo', '1:Alpha']);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Alt+ArrowLeft'); // Charlie out of Bravo
  await expect.poll(() => order(page)).toEqual(['1:Bravo', '1:Charlie', '2:Delta', '1:Alpha']);

  await page.keyboard.press('Enter'); // edit Charlie
  const editor = page.getByRole('dialog', { name: /Edit task/ });
  await editor.waitFor();
  await page.keyboard.press('Escape');
  await editor.waitFor({ state: 'hidden' });
  await expect.poll(() => focusedRowName(page)).toBe('Charlie');
  await screenshot(page, 'keyboard-tree');

  await page.reload();
  await row(page, 'Delta').waitFor();
  expect(await order(page)).toEqual(['1:Bravo', '1:Charlie', '2:Delta', '1:Alpha']);
  expect(await page.getByLabel('Done: Bravo').isChecked()).toBe(true);
  expect(browser.errors).toEqual([]);
});

it('moves tasks by drag and drop and by multi-select, and edits and deletes a group', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByLabel('New session name').fill('Mouse plan');
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: 'Mouse plan' }).waitFor();
  for (const group of ['Now', 'Later']) {
    await page.getByLabel('New group name').fill(group);
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.getByRole('treeitem', { name: group }).waitFor();
  }
  for (const title of ['One', 'Two', 'Three']) {
    await page.getByLabel('New task title').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await row(page, title).waitFor();
  }
  expect(await order(page)).toEqual(['1:One', '1:Two', '1:Three', '1:Now', '1:Later']);

  await row(page, 'One').dragTo(page.getByRole('treeitem', { name: 'Now' }));
  await expect.poll(() => order(page)).toEqual(['1:Two', '1:Three', '1:Now', '2:One', '1:Later']);

  await row(page, 'Two').click();
  await row(page, 'Three').click({ modifiers: ['Control'] });
  await page.getByLabel('Group to move the selected tasks to').selectOption({ label: 'Later' });
  await page.getByRole('button', { name: 'Move selected' }).click();
  await expect.poll(() => order(page)).toEqual(['1:Now', '2:One', '1:Later', '2:Two', '2:Three']);

  await page.getByRole('treeitem', { name: 'Later' }).dblclick();
  const editor = page.getByRole('dialog', { name: 'Edit group' });
  await editor.getByLabel('Name').fill('Someday');
  await editor.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('treeitem', { name: 'Someday' }).waitFor();
  await page.getByRole('treeitem', { name: 'Someday' }).dblclick();
  await editor.getByRole('button', { name: 'Delete group' }).click();
  await editor.getByRole('button', { name: 'Yes, delete the group' }).click();
  await expect.poll(() => order(page)).toEqual(['1:Now', '2:One']);
  await screenshot(page, 'tree-after-moves');
  expect(browser.errors).toEqual([]);
});
