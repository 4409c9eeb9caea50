/**
 * Every view, in light and dark: an axe-core scan with no serious or critical violations,
 * and a screenshot saved for people to look at. The views are found from the navigation, so
 * a new view is scanned without changing this test. (CSP is bypassed here only so the axe
 * script can be injected; pwa.test.ts checks the CSP itself.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type E2eBrowser, launch, screenshot } from './browser';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
let browser: E2eBrowser;

beforeAll(async () => {
  browser = await launch({ bypassCSP: true });
  const { page } = browser;
  // The folder picker cannot be clicked headless: an OPFS directory stands in for it.
  await page.addInitScript(() => {
    (
      window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }
    ).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('a11y-project', { create: true });
  });
  await page.goto(inject('baseUrl'));
  await page.getByLabel('New session name').fill('Accessible plan');
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: 'Accessible plan' }).waitFor();
  await page.getByLabel('New group name').fill('Design');
  await page.getByRole('button', { name: 'Add group' }).click();
  for (const title of ['Sketch the screens', 'Write the copy', 'Check contrast']) {
    await page.getByLabel('New task title').fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByRole('treeitem', { name: title }).waitFor();
  }
  await page.getByLabel('Done: Sketch the screens').click();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function scan(): Promise<AxeViolation[]> {
  const { page } = browser;
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
}

it('has no serious or critical accessibility violations in any view, light or dark', async () => {
  const { page } = browser;
  const names = await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button')
    .allTextContents();
  expect(names.length).toBeGreaterThanOrEqual(4);
  const found: Record<string, AxeViolation[]> = {};
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const name of names) {
      await page
        .getByRole('navigation', { name: 'Views' })
        .getByRole('button', { name, exact: true })
        .click();
      await page.waitForTimeout(300);
      const violations = await scan();
      if (violations.length) found[`${name} (${scheme})`] = violations;
      await screenshot(page, `view-${name.toLowerCase().replace(/\W+/g, '-')}-${scheme}`);
    }
  }
  expect(found).toEqual({});
});
