/**
 * Phone-sized windows (an installed PWA is often one): at 360, 390 and 430 px wide no view
 * scrolls sideways — every view of the navigation, the session list, the folder view with a
 * folder open, an import preview, search results and each dialog. The selected session's
 * tasks come first; the session list is one tap away. Screenshots at 390×844 are saved for
 * people to look at.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Page } from 'playwright';
import { type E2eBrowser, launch, screenshot } from './browser';

let browser: E2eBrowser;
const widths = [360, 390, 430];
const longName = 'Quarterly infrastructure migration and observability overhaul';

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

/** How far the page (or an open dialog) reaches past the window's right edge, in px. */
function overflow(page: Page): Promise<{ page: number; dialog: number }> {
  return page.evaluate(() => {
    const dialog = document.querySelector('dialog[open]');
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      dialog: dialog
        ? Math.max(
            dialog.scrollWidth - dialog.clientWidth,
            dialog.getBoundingClientRect().right - window.innerWidth,
          )
        : 0,
    };
  });
}

/** Checks a state of the page at every phone width; a screenshot at 390. */
async function checkAtPhoneWidths(page: Page, name: string, found: Record<string, object>) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 844 });
    await page.waitForTimeout(150);
    const over = await overflow(page);
    if (over.page > 0 || over.dialog > 0) found[`${name} at ${width}`] = over;
    if (width === 390) await screenshot(page, `phone-${name}`);
  }
}

beforeAll(async () => {
  browser = await launch();
  const { page } = browser;
  await page.addInitScript(() => {
    (
      window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }
    ).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('phone-project', {
        create: true,
      });
  });
  await page.goto(inject('baseUrl'));
  for (const name of ['Garden', longName]) {
    await page.getByLabel('New session name').fill(name);
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('heading', { name }).waitFor();
  }
  await page.getByLabel('New group name').fill('Networking and load balancers');
  await page.getByRole('button', { name: 'Add group' }).click();
  await page.getByRole('treeitem', { name: 'Networking and load balancers' }).waitFor();
  for (const title of [
    'Move the primary database to the new cluster without downtime',
    'Write the runbook',
    'Check the dashboards',
  ]) {
    await page.getByLabel('New task title').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByRole('treeitem', { name: title }).waitFor();
  }
  await page.getByLabel('Done: Write the runbook').click();
  await tab(page, 'Project folder').click();
  await page.getByRole('button', { name: 'Open project folder' }).click();
  await page.getByRole('row', { name: /Garden/ }).waitFor();
  await tab(page, 'Tasks').click();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

it('puts the session’s tasks first and the session list one tap away', async () => {
  const { page } = browser;
  await page.setViewportSize({ width: 390, height: 844 });
  await tab(page, 'Tasks').click();
  const tree = page.getByRole('tree');
  await tree.waitFor();
  // The tree starts on the first screen, and the session list is not in the way.
  const top = await tree.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  expect(top).toBeLessThan(844);
  expect(await page.getByRole('navigation', { name: 'Sessions' }).isVisible()).toBe(false);

  const toggle = page.getByRole('button', { name: 'Sessions', exact: true });
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  await toggle.click();
  const list = page.getByRole('navigation', { name: 'Sessions' });
  await list.waitFor();
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  await checkAtPhoneWidths(page, 'sessions', {});
  // Choosing a session shows its tasks and puts the list away again.
  await list.getByRole('button', { name: /^Garden/ }).click();
  await page.getByRole('heading', { name: 'Garden', exact: true }).waitFor();
  expect(await list.isVisible()).toBe(false);

  // On a wide window the list stands beside the view, with no toggle.
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await page.getByRole('navigation', { name: 'Sessions' }).isVisible()).toBe(true);
  expect(await toggle.isVisible()).toBe(false);
});

it('scrolls no view sideways at 360–430 px wide', async () => {
  const { page } = browser;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page
    .getByRole('navigation', { name: 'Sessions' })
    .getByRole('button', { name: new RegExp(`^${longName}`) })
    .click();
  await page.getByRole('heading', { name: longName }).waitFor();
  const names = await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button')
    .allTextContents();
  expect(names.length).toBeGreaterThanOrEqual(8);
  const found: Record<string, object> = {};
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const name of names) {
      await page.setViewportSize({ width: 390, height: 844 });
      await tab(page, name).click();
      await page.waitForTimeout(300);
      if (name === 'Search') {
        await page.locator('.search-view input').first().fill('runbook');
        await page.getByText('Write the runbook').first().waitFor();
      }
      await checkAtPhoneWidths(page, `${name.toLowerCase().replace(/\W+/g, '-')}-${scheme}`, found);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // An import preview.
  await page.setViewportSize({ width: 390, height: 844 });
  await tab(page, 'Import plan').click();
  await page.getByText('Or paste the text').click();
  await page
    .getByLabel('Plan text (markdown or todo.txt)')
    .fill(
      '# Garden plan\n\n## Beds\n\n- [ ] Dig the raised beds along the southern fence\n  - [x] Buy a spade\n',
    );
  await page.getByRole('button', { name: 'Preview pasted text' }).click();
  await page.getByRole('region', { name: 'Preview of the new session' }).waitFor();
  await checkAtPhoneWidths(page, 'import-preview', found);

  // The dialogs: the task editor, the group editor, the keyboard shortcuts.
  await tab(page, 'Tasks').click();
  const row = page.getByRole('treeitem', { name: 'Write the runbook' });
  await row.click();
  await row.press('Enter');
  await page.getByRole('dialog', { name: 'Edit task' }).waitFor();
  await checkAtPhoneWidths(page, 'task-editor', found);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'Edit task' }).waitFor({ state: 'hidden' });
  const group = page.getByRole('treeitem', { name: 'Networking and load balancers' });
  await group.click();
  await group.press('Enter');
  await page.getByRole('dialog', { name: 'Edit group' }).waitFor();
  await checkAtPhoneWidths(page, 'group-editor', found);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await checkAtPhoneWidths(page, 'shortcuts', found);
  await page.keyboard.press('Escape');

  expect(found).toEqual({});
  expect(browser.errors).toEqual([]);
});
