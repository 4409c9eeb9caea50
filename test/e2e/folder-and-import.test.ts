/**
 * The project folder, conflicts, plan import and the markdown preview, end to end against the
 * built app. An OPFS directory stands in for the user's project folder.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import type { Page } from 'playwright';
import { planFromMarkdown } from '../../core/import/import-plan';
import { type E2eBrowser, launch, screenshot } from './browser';

let browser: E2eBrowser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser.close();
});

/**
 * Replaces the folder picker before the app's scripts run. The real picker is a native
 * browser dialog that headless Chromium cannot click; an OPFS directory has the same
 * FileSystemDirectoryHandle interface, so the app works on it exactly as on a real folder.
 * The same directory is returned every time, so closing and reopening finds the same files.
 */
async function fakeFolderPicker(page: Page): Promise<string> {
  const folder = `project-${crypto.randomUUID()}`;
  await page.addInitScript((name: string) => {
    Object.defineProperty(window, 'showDirectoryPicker', {
      configurable: true,
      value: async () => {
        const root = await navigator.storage.getDirectory();
        return root.getDirectoryHandle(name, { create: true });
      },
    });
  }, folder);
  return folder;
}

/** The text of the (only) session.md in the folder, or null while there is none. */
function readSessionFile(page: Page, folder: string): Promise<string | null> {
  return page.evaluate(async (name) => {
    try {
      const root = await navigator.storage.getDirectory();
      const project = await root.getDirectoryHandle(name);
      const app = await project.getDirectoryHandle('.task_orchestrator');
      const sessions = await app.getDirectoryHandle('sessions');
      for await (const id of sessions.keys()) {
        const file = await (await sessions.getDirectoryHandle(id)).getFileHandle('session.md');
        return await (await file.getFile()).text();
      }
    } catch {
      // Not written yet.
    }
    return null;
  }, folder);
}

/** Rewrites the (only) session.md, as an editor or git would. */
async function writeSessionFile(page: Page, folder: string, text: string): Promise<void> {
  await page.evaluate(
    async ({ name, text }) => {
      const root = await navigator.storage.getDirectory();
      const project = await root.getDirectoryHandle(name);
      const app = await project.getDirectoryHandle('.task_orchestrator');
      const sessions = await app.getDirectoryHandle('sessions');
      for await (const id of sessions.keys()) {
        const file = await (await sessions.getDirectoryHandle(id)).getFileHandle('session.md');
        const writable = await file.createWritable();
        await writable.write(text);
        await writable.close();
        return;
      }
      throw new Error('No session.md to write.');
    },
    { name: folder, text },
  );
}

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

async function waitForFile(
  page: Page,
  folder: string,
  ok: (text: string) => boolean,
): Promise<string> {
  await expect
    .poll(() => readSessionFile(page, folder))
    .toSatisfy((text: string | null) => text !== null && ok(text));
  return (await readSessionFile(page, folder))!;
}

it('mirrors a session into session.md, brings file edits back, and resolves a conflict', async () => {
  const { page } = browser;
  const folder = await fakeFolderPicker(page);
  await page.goto(inject('baseUrl'));
  await page.getByLabel('New session name').fill('Garden folder e2e');
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: 'Garden folder e2e' }).waitFor();
  await page.getByLabel('New task title').fill('Water the plants');
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByText('Water the plants', { exact: true }).waitFor();

  // Open the folder: the session is written to session.md with the task made in the UI.
  await tab(page, 'Project folder').click();
  await page.getByRole('button', { name: 'Open project folder' }).click();
  const row = page.getByRole('row', { name: /Garden folder e2e/ });
  await expect.poll(() => row.textContent()).toContain('Synced');
  const written = await waitForFile(page, folder, (t) => t.includes('Water the plants'));
  expect(written).toContain('# Garden folder e2e');
  expect(written).toMatch(/- \[ \] Water the plants <!-- id:task_/);
  await expect.poll(() => page.locator('.facts dd', { hasText: folder }).count()).toBe(1);
  await expect.poll(() => page.getByText('Read and write granted').count()).toBe(1);
  await screenshot(page, 'folder-view');

  // An edit in the file shows up in the app within a few seconds.
  await writeSessionFile(
    page,
    folder,
    written.replace('Water the plants', 'Water the plants (from file)'),
  );
  await tab(page, 'Tasks').click();
  await page.getByText('Water the plants (from file)').waitFor({ timeout: 8000 });

  // A conflict: while the folder is closed, the app ticks the task and the file marks it
  // in progress. Reopening finds the same field changed differently on both sides.
  await tab(page, 'Project folder').click();
  await expect.poll(() => row.textContent()).toContain('Synced');
  const synced = await waitForFile(page, folder, (t) => t.includes('(from file) <!-- id:'));
  await page.getByRole('button', { name: 'Close folder' }).click();
  await page.getByText('No folder open').waitFor();
  await writeSessionFile(
    page,
    folder,
    synced.replace(
      'Water the plants (from file) <!--',
      'Water the plants (from file) `in progress` <!--',
    ),
  );
  await tab(page, 'Tasks').click();
  const box = page.getByRole('checkbox', { name: /Water the plants \(from file\)/ });
  await box.click();
  await expect.poll(() => box.isChecked()).toBe(true);
  await tab(page, 'Project folder').click();
  await page.getByRole('button', { name: 'Open project folder' }).click();
  const conflict = page.getByRole('region', { name: 'Conflicts in Garden folder e2e' });
  await conflict.getByText('In the app').waitFor();
  expect(await conflict.getByText('In session.md').count()).toBe(1);
  expect(await conflict.locator('[data-side="ours"] pre').textContent()).toBe('completed');
  expect(await conflict.locator('[data-side="theirs"] pre').textContent()).toBe('in progress');
  await expect.poll(() => row.textContent()).toContain('Conflict');
  // The file is left as the user wrote it until they choose.
  expect(await readSessionFile(page, folder)).toContain('`in progress`');
  await screenshot(page, 'conflict-view');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'conflict-view-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  await conflict.getByRole('button', { name: 'Keep file' }).click();
  await page.getByText('No conflicts.').waitFor();
  await expect.poll(() => row.textContent()).toContain('Synced');
  await tab(page, 'Tasks').click();
  await expect.poll(() => box.isChecked()).toBe(false);

  // The markdown preview shows the session as its session.md: rendered, and as source.
  await tab(page, 'Markdown').click();
  const body = page.locator('.markdown-body');
  await body.getByRole('heading', { name: 'Garden folder e2e' }).waitFor();
  expect(await body.getByText('Water the plants (from file)').count()).toBe(1);
  expect(await body.innerHTML()).not.toContain('id:task_');
  await screenshot(page, 'markdown-preview');
  await page.getByRole('button', { name: 'Source' }).click();
  const source = page.getByLabel('session.md source');
  await expect.poll(() => source.textContent()).toContain('`in progress`');
  expect(await source.textContent()).toContain('<!-- id:task_');

  // Git conflict markers are a conflict too: only the app's version can resolve it here.
  await tab(page, 'Project folder').click();
  const current = await waitForFile(page, folder, (t) => t.includes('`in progress`'));
  await writeSessionFile(
    page,
    folder,
    current.replace(
      /^- \[ \] Water.*$/m,
      (line) => `<<<<<<< HEAD\n${line}\n=======\n>>>>>>> theirs`,
    ),
  );
  await conflict.getByText(/git conflict markers/).waitFor({ timeout: 8000 });
  expect(await conflict.getByRole('button', { name: 'Keep file' }).count()).toBe(0);
  await screenshot(page, 'conflict-git-markers');
  await conflict.getByRole('button', { name: "Keep the app's version" }).click();
  await expect.poll(() => row.textContent()).toContain('Synced');
  expect(await readSessionFile(page, folder)).not.toContain('<<<<<<<');

  // Backups: the file's content before each sync that changed it, restorable after a confirm.
  await page.getByText('Backups of Garden folder e2e').click();
  const restore = page.getByRole('button', { name: /^Restore the backup of Garden folder e2e/ });
  await expect.poll(() => restore.count()).toBeGreaterThan(0);
  await restore.first().click();
  await page.getByRole('button', { name: 'Yes, restore' }).click();
  await page.getByText(/^Restored the backup from/).waitFor();

  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'folder-view-dark');
  expect(browser.errors).toEqual([]);
});

it('previews and imports each fixture plan through the file input', async () => {
  const { page } = browser;
  await page.goto(inject('baseUrl'));
  await page.getByText('Create a session to begin').waitFor();

  for (const name of ['community-garden.md', 'loose-checklist.md', 'reading-list.md']) {
    const path = `test/fixtures/markdown/${name}`;
    const expected = planFromMarkdown(readFileSync(path, 'utf8'), name);
    await tab(page, 'Import plan').click();
    await page.getByLabel('Choose plan files').setInputFiles(path);

    if (!expected.ok) {
      // A file without a task list: the API's message, and nothing to import.
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('no task list');
      expect(await page.getByRole('button', { name: 'Import as new session' }).count()).toBe(0);
      continue;
    }
    const { plan } = expected;
    const preview = page.getByRole('region', { name: 'Preview of the new session' });
    await preview.waitFor();
    const count = (label: string) => preview.locator('dt', { hasText: label }).locator('+ dd');
    await expect.poll(() => count('Groups').textContent()).toBe(String(plan.counts.groups));
    expect(await count('Tasks').textContent()).toBe(String(plan.counts.tasks));
    expect(await count('Done').textContent()).toBe(String(plan.counts.done));
    expect(await count('Depth').textContent()).toContain(String(plan.counts.maxDepth));
    const first = plan.tasks[0]!.title;
    expect(await preview.getByText(first, { exact: true }).count()).toBe(1);
    if (name === 'community-garden.md') {
      await screenshot(page, 'import-preview');
      await page.emulateMedia({ colorScheme: 'dark' });
      await screenshot(page, 'import-preview-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    }

    await page.getByRole('button', { name: 'Import as new session' }).click();
    // The tasks view of the new session (the preview's own heading is an h3 with more text).
    await expect.poll(() => tab(page, 'Tasks').getAttribute('aria-current')).toBe('page');
    await page.getByRole('heading', { name: plan.name, exact: true, level: 2 }).waitFor();
    await page.getByText(first, { exact: true }).first().waitFor();
  }

  // A 5,000-item plan previews quickly: the tree shows a few hundred rows and says how many
  // more there are.
  const lines = ['# Big plan e2e'];
  for (let g = 0; g < 10; g++) {
    lines.push('', `## Area ${g}`, '');
    for (let t = 0; t < 500; t++)
      lines.push(t % 5 === 0 ? `- [ ] Item ${g}-${t}` : `  - [x] Step ${g}-${t}`);
  }
  await tab(page, 'Import plan').click();
  const started = Date.now();
  await page.getByLabel('Choose plan files').setInputFiles({
    name: 'big-plan.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(lines.join('\n')),
  });
  const preview = page.getByRole('region', { name: 'Preview of the new session' });
  const tasks = preview.locator('dt', { hasText: 'Tasks' }).locator('+ dd');
  await expect.poll(() => tasks.textContent()).toBe('5000');
  expect(Date.now() - started).toBeLessThan(5000);
  expect(await preview.locator('.plan-row').count()).toBeLessThan(450);
  // 400 rows in all, at most 60 tasks per group: six groups of 60, some of the seventh.
  expect(await preview.getByText('…and 440 more tasks').count()).toBe(6);
  expect(await preview.getByText(/^…and 4\d\d more tasks$/).count()).toBe(7);
  expect(await preview.getByText('…and 3 more groups').count()).toBe(1);
  expect(browser.errors).toEqual([]);
});
