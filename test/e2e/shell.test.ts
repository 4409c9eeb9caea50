/**
 * The app shell's keyboard model: Alt+1…9 open the views in the order the navigation shows
 * them, and the shortcuts dialog fits a small (800 × 600) window whole, Close included.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type E2eBrowser, launch, screenshot } from './browser';

let browser: E2eBrowser;
beforeAll(async () => {
  browser = await launch();
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByLabel('New session name').fill('Shell e2e');
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: 'Shell e2e' }).waitFor();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

it('opens the n-th view of the navigation with Alt+n', async () => {
  const { page } = browser;
  const tabs = page.getByRole('navigation', { name: 'Views' }).getByRole('button');
  const names = await tabs.allTextContents();
  expect(names.length).toBeGreaterThanOrEqual(8);
  const current = () =>
    page.getByRole('navigation', { name: 'Views' }).locator('[aria-current="page"]').textContent();
  // Back to front, so each press changes the view.
  for (let n = names.length; n >= 1; n--) {
    await page.locator('body').press(`Alt+${n}`);
    await expect.poll(current).toBe(names[n - 1]);
    expect(await tabs.nth(n - 1).getAttribute('aria-keyshortcuts')).toBe(`Alt+${n}`);
  }
});

it('shows every shortcut without scrolling in an 800 × 600 window', async () => {
  const { page } = browser;
  await page.setViewportSize({ width: 800, height: 600 });
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  const fit = await dialog.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      scrolls: el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth,
      inside: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
    };
  });
  await screenshot(page, 'shortcuts-800x600');
  expect(fit).toEqual({ scrolls: false, inside: true });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
});
