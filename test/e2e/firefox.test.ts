/**
 * The built app in a real Firefox (Debian's firefox-esr, driven over WebDriver BiDi by
 * puppeteer-core), a browser without the File System Access API: create a session, add and
 * tick tasks, reload and find them (OPFS persists), open a session.md by hand (it becomes a
 * session), save one, and search. Installed by `npm test` (scripts/ensure-firefox.mjs).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findFirefox } from '../../scripts/firefox.mjs';

let browser: Browser;
let page: Page;
const scratch = mkdtempSync(join(tmpdir(), 'so-firefox-'));

beforeAll(async () => {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error('No Firefox found: run `npm test` (it installs one).');
  browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const text = (value: string) => `::-p-text(${value})`;
const treeTitle = (title: string) =>
  page.waitForFunction(
    (t) => [...document.querySelectorAll('.task-title')].some((e) => e.textContent === t),
    {},
    title,
  );
const statusText = () => page.$eval('.file-exchange [role="status"]', (e) => e.textContent ?? '');

it('works in Firefox: tasks persist, session.md goes in and out by hand, search finds', async () => {
  await page.goto(inject('baseUrl'));
  await page.waitForSelector(text('Create a session to begin'));
  await page.type('#new-session-name', 'Firefox session');
  await page.click(text('Create session'));
  await page.waitForSelector('::-p-text(Firefox session)');
  for (const title of ['Pack the tent', 'Check the stove']) {
    await page.type('#new-task-title', title);
    await page.keyboard.press('Enter');
    await treeTitle(title);
  }
  await page.click('input[aria-label="Done: Pack the tent"]');
  await page.waitForFunction(
    () =>
      (document.querySelector('input[aria-label="Done: Pack the tent"]') as HTMLInputElement)
        ?.checked === true,
  );

  await page.reload();
  await treeTitle('Check the stove');
  await page.waitForFunction(
    () =>
      (document.querySelector('input[aria-label="Done: Pack the tent"]') as HTMLInputElement)
        ?.checked === true,
  );

  // The folder view explains the by-hand flow instead of a dead end.
  await page.click('nav[aria-label="Views"] ::-p-text(Project folder)');
  await page.waitForSelector(text('session.md by hand'));
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/firefox-folder-view.png' });

  // In: a session.md of a session this browser does not know becomes a session.
  const file = join(scratch, 'session.md');
  writeFileSync(
    file,
    '# Trip to the coast\n\n## Tasks\n\n- [ ] Buy sunscreen `due:2026-12-10`\n- [x] Rent a car\n',
  );
  const input = await page.waitForSelector('input#file-exchange-open');
  await input!.uploadFile(file);
  await page.waitForFunction(() =>
    document.querySelector('.file-exchange [role="status"]')?.textContent?.includes('Imported'),
  );
  expect(await statusText()).toMatch(/Imported “Trip to the coast” as a new session/);

  // Out: the chosen session's session.md is downloaded.
  await page.select(
    '#file-exchange-session',
    await page.$eval(
      '#file-exchange-session',
      (s) =>
        [...(s as HTMLSelectElement).options].find((o) => o.text === 'Trip to the coast')!.value,
    ),
  );
  await page.click(text('Save session.md'));
  await page.waitForFunction(() =>
    document.querySelector('.file-exchange [role="status"]')?.textContent?.includes('Saved'),
  );
  expect(await statusText()).toBe('Saved session.md of “Trip to the coast”.');

  // Search finds a task of the imported session.
  await page.type('.search-input', 'sunscreen');
  await page.waitForSelector('[role="listbox"] ::-p-text(Buy sunscreen)');
});
