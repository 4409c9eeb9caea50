/**
 * The installable, offline app: Chromium's installability check, an offline reload that
 * still reads and writes data (and stays cross-origin isolated, for the notice mirror), the
 * "Update available" prompt for a new release, and the Content Security Policy refusing
 * inline script.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import { type E2eBrowser, launch, screenshot } from './browser';
import { serveDirectory } from './static-server';

let browser: E2eBrowser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser.close();
});

/** Loads the app and waits until its service worker controls the page. */
async function loadControlled(url: string) {
  const { page } = browser;
  await page.goto(url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

it('is installable: Chromium reports no installability errors', async () => {
  await loadControlled(inject('baseUrl'));
  const cdp = await browser.context.newCDPSession(browser.page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  expect(installabilityErrors).toEqual([]);
  const manifest = await browser.page.evaluate(async () =>
    (await fetch('manifest.webmanifest')).json(),
  );
  expect(manifest).toMatchObject({ name: 'Session Orchestrator', display: 'standalone' });
  expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
});

it('works offline after one visit: reload, read and write', async () => {
  const { page, context } = browser;
  await loadControlled(inject('baseUrl'));
  await page.getByLabel('New session name').fill('Offline plan');
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: 'Offline plan' }).waitFor();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('heading', { name: 'Offline plan' }).waitFor();
  // The service worker's copy of the page keeps the isolation headers.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByLabel('New task title').fill('Written while offline');
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByRole('treeitem', { name: 'Written while offline' }).waitFor();
  await screenshot(page, 'offline');
  await context.setOffline(false);
  expect(browser.errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
});

it('offers "Update available — reload" for a new release instead of switching', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'so-release-'));
  cpSync('dist', dir, { recursive: true });
  const server = await serveDirectory(dir);
  try {
    const { page } = browser;
    await loadControlled(server.url);
    await page.getByLabel('New session name').fill('Mid-work');
    await page.getByRole('button', { name: 'Create session' }).click();
    // A new release: the service worker script changes.
    const sw = join(dir, 'sw.js');
    writeFileSync(sw, `${readFileSync(sw, 'utf8')}\n// release 2\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByText('Update available — reload to use the new version.');
    await prompt.waitFor();
    // Nothing switched under the user: the page still shows their work.
    expect(await page.getByRole('heading', { name: 'Mid-work' }).count()).toBe(1);
    await screenshot(page, 'update-prompt');
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => document.querySelector('.banner[role="alert"]') === null);
    await page.getByRole('heading', { name: 'Mid-work' }).waitFor();
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('refuses inline script through the Content Security Policy', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByText('Create a session to begin').waitFor();
  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(e.violatedDirective),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
    await new Promise((r) => setTimeout(r, 100));
    return {
      ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
      violations,
    };
  });
  expect(outcome.ran).toBe(false);
  expect(outcome.violations).toContain('script-src-elem');
});
