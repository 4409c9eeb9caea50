/**
 * The plan formats other tools write, through the import view of the built app: each
 * fixture is recognised, its conventions are listed with what they became, the counts are
 * right, and a Backlog.md folder imports through the folder picker. Screenshots of each
 * preview (desktop, one phone-sized, one dark) are saved for people to look at.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import type { Page } from 'playwright';
import { planFromFiles, type PlanFile } from '../../core/import/plan-files';
import { type E2eBrowser, launch, screenshot } from './browser';

let browser: E2eBrowser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser.close();
});

const dir = 'test/fixtures/formats';
const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

function expected(files: PlanFile[]) {
  const result = planFromFiles(files);
  if (!result.ok) throw new Error(result.error.message);
  return result.plan;
}

const backlogFiles = (): PlanFile[] =>
  readdirSync(`${dir}/backlog/tasks`).map((name) => ({
    path: `backlog/tasks/${name}`,
    text: readFileSync(`${dir}/backlog/tasks/${name}`, 'utf8'),
  }));

it('recognises each format in the preview and says what its conventions became', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByText('Create a session to begin').waitFor();

  const cases = [
    { file: 'kiro-tasks.md', shot: 'import-kiro', format: 'Kiro tasks.md' },
    { file: 'spec-kit-tasks.md', shot: 'import-spec-kit', format: 'GitHub Spec Kit tasks.md' },
    { file: 'obsidian-tasks.md', shot: 'import-obsidian', format: 'Obsidian Tasks' },
    { file: 'todo.txt', shot: 'import-todo-txt', format: 'todo.txt' },
    { file: 'taskmaster/tasks.json', shot: 'import-task-master', format: 'Task Master tasks.json' },
  ];
  for (const { file, shot, format } of cases) {
    const path = `${dir}/${file}`;
    const plan = expected([{ path: file.split('/').pop()!, text: readFileSync(path, 'utf8') }]);
    await tab(page, 'Import plan').click();
    await page.getByLabel('Choose plan files').setInputFiles(path);
    const preview = page.getByRole('region', { name: 'Preview of the new session' });
    await expect
      .poll(() => preview.locator('.plan-format').textContent())
      .toBe(`Recognised as ${format}`);
    const count = (label: string) => preview.locator('dt', { hasText: label }).locator('+ dd');
    await expect.poll(() => count('Tasks').textContent()).toBe(String(plan.counts.tasks));
    expect(await count('Done').textContent()).toBe(String(plan.counts.done));
    const rows = preview
      .getByRole('table', { name: "What the file's conventions became" })
      .locator('tbody tr');
    expect(await rows.count()).toBe(plan.conventions.length);
    await screenshot(page, shot);
  }

  // Unknown checkbox states show with what they became, on a phone-sized window.
  await page.setViewportSize({ width: 390, height: 844 });
  await tab(page, 'Import plan').click();
  await page.getByLabel('Choose plan files').setInputFiles(`${dir}/kiro-tasks.md`);
  const preview = page.getByRole('region', { name: 'Preview of the new session' });
  await preview.getByText('[-] → in progress').first().waitFor();
  // The preview itself fits the window (the page header's width is issue 16's phone item).
  const right = await preview.evaluate((el) => el.getBoundingClientRect().right);
  expect(right).toBeLessThanOrEqual(390);
  await screenshot(page, 'import-kiro-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByLabel('Choose plan files').setInputFiles(`${dir}/obsidian-tasks.md`);
  await preview.getByText('[/] → in progress').waitFor();
  await screenshot(page, 'import-obsidian-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(browser.errors).toEqual([]);
});

it('imports a Backlog.md folder through the folder picker', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByText('Create a session to begin').waitFor();
  const plan = expected(backlogFiles());
  await tab(page, 'Import plan').click();
  await page.getByLabel('Choose a plan folder').setInputFiles(`${dir}/backlog`);
  const preview = page.getByRole('region', { name: 'Preview of the new session' });
  await expect
    .poll(() => preview.locator('.plan-format').textContent())
    .toBe('Recognised as Backlog.md tasks');
  await expect
    .poll(() => preview.locator('dt', { hasText: 'Tasks' }).locator('+ dd').textContent())
    .toBe(String(plan.counts.tasks));
  await screenshot(page, 'import-backlog');
  await page.getByRole('button', { name: 'Import as new session' }).click();
  await expect.poll(() => tab(page, 'Tasks').getAttribute('aria-current')).toBe('page');
  await page.getByText('Parser error messages', { exact: true }).first().waitFor();
  expect(browser.errors).toEqual([]);
});
