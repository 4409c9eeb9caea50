/**
 * Launches Chromium for end-to-end tests with a fresh persistent profile (OPFS and service
 * workers persist across reloads in it, and Chromium only judges installability there).
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright';
import { chromiumArgs, findChromium } from '../../scripts/chromium.mjs';

function chromiumPath(): string {
  const path = findChromium();
  if (!path)
    throw new Error('No Chromium found: run `npm test` (it installs one) or set CHROMIUM_PATH.');
  return path;
}

export interface E2eBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** `bypassCSP` lets a test inject a checker script (axe) the app's CSP would refuse. */
export async function launch(options: { bypassCSP?: boolean } = {}): Promise<E2eBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'so-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
    viewport: { width: 1280, height: 800 },
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot under test-results/screenshots/ for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}
