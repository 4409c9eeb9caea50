// `npm run bench`: builds the app and the benchmark page, serves them from one origin with
// `vite preview`, runs every workload in headless Chromium (real worker, real OPFS, real
// service worker) and natively (better-sqlite3), and writes bench/results/latest.json.
// How each metric is taken: docs/performance.md.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { build, preview, runnerImport } from 'vite';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.env.BENCH_QUICK === '1';
/** Timed runs per metric (after warm-up); BENCH_RUNS overrides. */
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 3 : 7));
/** Task edits timed: its target is a p95, which needs more samples than a median. */
const editRuns = quick ? 10 : 60;
const sizes = quick ? [1000, 10000] : [1000, 10000, 100000];
/** BENCH_ONLY=api|ui|native|cli runs one part (for debugging the harness). */
const only = process.env.BENCH_ONLY;
/** BENCH_TRACE=1 records a Chrome trace of the task edits (open it in Perfetto or DevTools). */
const traceEdits = process.env.BENCH_TRACE === '1';

const targets = {
  task_edit_ms: { stat: 'p95', max: 10 },
  session_switch_ms: { stat: 'median', max: 100 },
  md_render_ms_10k: { stat: 'median', max: 250 },
  md_import_ms_10k: { stat: 'median', max: 500 },
  cold_start_offline_ms: { stat: 'median', max: 1000 },
  commit_ratio: { stat: 'median', max: 3, goal: true },
  bulk_insert_ratio: { stat: 'median', max: 3, goal: true },
  md_render_growth_10k_to_100k: { stat: 'median', max: 10, note: 'linear = 10' },
  cli_done_10k_ms: { stat: 'median', max: 150 },
  cli_ready_10k_ms: { stat: 'median', max: 150 },
  merge_driver_10k_ms: { stat: 'median', max: 300 },
  mcp_tools_tokens: { stat: 'median', max: 3000 },
};

const metrics = {};
const missing = {};
const details = {};
const log = (...args) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

// ---------------------------------------------------------------------------------------
// Statistics.

const sorted = (samples) => [...samples].sort((a, b) => a - b);
function median(samples) {
  const s = sorted(samples);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
/** Nearest-rank 95th percentile. */
const p95 = (samples) => sorted(samples)[Math.max(0, Math.ceil(samples.length * 0.95) - 1)];
const round = (n) => Math.round(n * 100) / 100;

function record(name, samples, unit = 'ms', extra = {}) {
  metrics[name] = {
    median: round(median(samples)),
    p95: round(p95(samples)),
    unit,
    n: samples.length,
    ...extra,
  };
}
function recordRatio(name, a, b, extra = {}) {
  if (!metrics[a] || !metrics[b]) return;
  metrics[name] = {
    median: round(metrics[a].median / metrics[b].median),
    p95: round(metrics[a].p95 / metrics[b].p95),
    unit: 'ratio',
    n: Math.min(metrics[a].n, metrics[b].n),
    ...extra,
  };
}

/** Runs one part; a failure is recorded as missing metrics with the reason, and the run goes on. */
async function part(names, fn) {
  try {
    await fn();
  } catch (error) {
    const reason = String(error?.stack ?? error)
      .split('\n')
      .slice(0, 3)
      .join(' | ');
    log(`FAILED ${names.join(', ')}: ${reason}`);
    for (const name of names) if (!metrics[name]) missing[name] = reason;
  }
}

// ---------------------------------------------------------------------------------------
// Build and serve.

async function withRetry(what, fn) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= 3) throw error;
      log(`${what} failed (${String(error).split('\n')[0]}); retrying in 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    }
  }
}

const work = mkdtempSync(join(tmpdir(), 'so-bench-'));
const outDir = join(work, 'app');
const profiles = [];

async function buildAll() {
  await withRetry('vite build', () =>
    build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } }),
  );
  await withRetry('bench page build', () =>
    build({
      configFile: join(root, 'bench/vite.bench.config.ts'),
      build: { outDir: join(outDir, '__bench__'), emptyOutDir: true },
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Bundle size: the JavaScript loaded at start.

const staticImport = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;

/** A chunk and every chunk it imports statically (dynamic `import()` is not followed). */
function closure(file, seen) {
  if (seen.has(file)) return;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(staticImport)) {
    const target = match[1].startsWith('/')
      ? join(outDir, match[1])
      : join(dirname(file), match[1]);
    closure(target, seen);
  }
}

function bundleSizes() {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => join(outDir, m[1]));
  const assets = readdirSync(join(outDir, 'assets'));
  const workers = assets
    .filter((f) => /worker.*\.js$/.test(f))
    .map((f) => join(outDir, 'assets', f));
  const files = new Set();
  for (const file of [...entries, ...workers]) closure(file, files);
  const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
  const list = [...files].map((f) => ({
    file: relative(outDir, f),
    bytes: statSync(f).size,
    gzip: gz(f),
  }));
  const total = list.reduce((sum, f) => sum + f.gzip, 0);
  metrics.bundle_main_gzip_kB = {
    median: round(total / 1024),
    p95: round(total / 1024),
    unit: 'kB',
    n: 1,
  };
  const wasm = assets.filter((f) => f.endsWith('.wasm')).map((f) => join(outDir, 'assets', f));
  const wasmBytes = wasm.reduce((sum, f) => sum + statSync(f).size, 0);
  metrics.wasm_kB = {
    median: round(wasmBytes / 1024),
    p95: round(wasmBytes / 1024),
    unit: 'kB',
    n: 1,
  };
  details.bundle = {
    files: list,
    wasm: wasm.map((f) => ({ file: relative(outDir, f), bytes: statSync(f).size, gzip: gz(f) })),
    note: 'gzip -9 of the entry chunk, its modulepreloads and static imports, and the database worker with its static imports; wasm and CSS excluded.',
  };
}

// ---------------------------------------------------------------------------------------
// Chromium.

async function launch() {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('No Chromium found: install it (see README) or set CHROMIUM_PATH.');
  const profile = mkdtempSync(join(work, 'profile-'));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: chromiumArgs,
    headless: true,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (error) => {
    errors.push(error.message);
    log(`page error: ${error.message}`);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    errors.push(m.text());
    log(`console error: ${m.text()}`);
  });
  return { context, page, errors };
}

async function openBenchPage(page, baseUrl) {
  await page.goto(`${baseUrl}__bench__/index.html`);
  await page.waitForFunction(() => document.title === 'bench ready');
  const role = await page.evaluate(() => window.bench.ready());
  if (role !== 'owner') throw new Error(`bench page worker is ${role}, not owner`);
}

// ---------------------------------------------------------------------------------------
// API-level workloads (bench page).

const sizeName = (n) => `${n / 1000}k`;

async function apiWorkloads(baseUrl) {
  const { context, page, errors } = await launch();
  try {
    await openBenchPage(page, baseUrl);
    details.diagnostics = await page.evaluate(() => window.bench.diagnostics());
    const sessions = {};
    for (const size of sizes) {
      const every = size >= 100000 ? 1000 : 10;
      log(
        `creating the ${sizeName(size)} session (importPlan + a dependency on 1 task in ${every})`,
      );
      const s = await page.evaluate(
        ([n, e]) => window.bench.createSession(n, `Bench ${n / 1000}k`, e),
        [size, every],
      );
      sessions[size] = s;
      details[`setup_${sizeName(size)}`] = {
        tasks: s.tasks,
        dependencies: s.dependencies,
        import_ms: round(s.importMs),
        dependencies_ms: round(s.dependenciesMs),
      };
    }
    const s10k = sessions[10000];

    await part(['commit_ms'], async () => {
      log('commit_ms');
      const samples = await page.evaluate((n) => window.bench.commits(50, n), quick ? 100 : 300);
      record('commit_ms', samples);
    });

    for (const [kind, name] of [
      ['subtree', 'subtree_query_ms'],
      ['ready', 'ready_tasks_ms'],
      ['progress', 'progress_rollup_ms'],
      ['search', 'search_ms'],
      ['update', 'api_update_task_ms'],
    ]) {
      await part([name], async () => {
        log(name);
        const result = await page.evaluate(
          ([k, s, n]) => window.bench.queries(k, s, n),
          [kind, s10k, kind === 'subtree' || kind === 'update' ? 20 : runs],
        );
        if ('missing' in result) {
          missing[name] = result.missing;
          return;
        }
        record(name, result.samples, 'ms', { rows: result.rows });
      });
    }

    const mdNames = sizes.map((n) => `md_render_ms_${sizeName(n)}`);
    await part([...mdNames, 'md_import_ms_10k'], async () => {
      log('openFolder (first session.md of every session)');
      const opened = await page.evaluate(() => window.bench.openFolder('bench-project'));
      details.open_folder_first_write_all_ms = { ms: round(opened.ms), sessions: opened.synced };
      for (const size of sizes) {
        const name = `md_render_ms_${sizeName(size)}`;
        await part([name], async () => {
          log(name);
          const r = await page.evaluate(
            ([s, w, n]) => window.bench.mdRender(s, w, n),
            [sessions[size], 1, size >= 100000 ? Math.min(runs, 5) : runs],
          );
          record(name, r.samples, 'ms', { bytes: r.bytes });
          const parts = await page.evaluate(
            ([s, n]) => window.bench.mdParts(s, n),
            [sessions[size], 3],
          );
          details[`md_parts_${sizeName(size)}`] = {
            load_and_render_ms: round(median(parts.loadRender)),
            parse_ms: round(median(parts.parse)),
            sha256_ms: round(median(parts.hash)),
            bytes: parts.bytes,
          };
        });
      }
      await part(['md_import_ms_10k'], async () => {
        log('md_import_ms_10k');
        const samples = await page.evaluate(
          ([s, w, n]) => window.bench.mdImport(s, w, n),
          [s10k, 1, runs],
        );
        record('md_import_ms_10k', samples);
      });
    });
    if (metrics.md_render_ms_10k && metrics.md_render_ms_100k)
      recordRatio('md_render_growth_10k_to_100k', 'md_render_ms_100k', 'md_render_ms_10k');

    await part(['bulk_insert_10k_ms'], async () => {
      log('bulk_insert_10k_ms');
      const r = await page.evaluate(
        ([w, n]) => window.bench.bulkInsert(10000, w, n),
        [1, Math.min(runs, 5)],
      );
      record('bulk_insert_10k_ms', r.samples);
      details.plan_parse_10k_ms = {
        median: round(median(r.parse)),
        p95: round(p95(r.parse)),
        n: r.parse.length,
      };
      details.bulk_fresh_database_open_ms = r.open.map(round);
    });
    details.integrity_check = await page.evaluate(() => window.bench.integrity());
  } finally {
    if (errors.length) details.api_page_errors = errors.slice(0, 10);
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------
// UI workloads (the built app).

/**
 * In the page: resolves when the condition holds, then waits for the next animation frame and
 * a task after it (the frame showing the change has been produced). Conditions:
 * `{ exists: elementId }`; `{ row: taskId, done, count }`: the tree row's `done` class is
 * `done` and the session's progress text says `count` tasks are done — the counters are
 * kept by triggers and read back from the database after the commit, so this holds only once
 * the change is committed and re-rendered (the row's own tick is optimistic and shows at once).
 * Times are performance.now() on the page's clock; the start is the click event's timeStamp.
 * (The app's CSP forbids eval: conditions are data, not functions.)
 */
function watchUntil(page, condition) {
  return page.evaluate((c) => {
    const ready = () => {
      if (c.exists) return document.getElementById(c.exists) !== null;
      const row = document.getElementById(`tree-row-${c.row}`);
      if (!row || row.classList.contains('done') !== c.done) return false;
      return window.__benchProgress() === c.count;
    };
    window.__benchWatch = new Promise((resolve) => {
      let start = null;
      const onClick = (event) => {
        start = event.timeStamp;
      };
      document.addEventListener('click', onClick, { capture: true, once: true });
      const finish = () => {
        const dom = performance.now();
        observer.disconnect();
        requestAnimationFrame(() =>
          setTimeout(() => resolve({ start, dom, frame: performance.now() }), 0),
        );
      };
      const observer = new MutationObserver(() => {
        if (ready()) finish();
      });
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['class'],
      });
    });
  }, condition);
}

/** Installs `window.__benchProgress()`: the done count of the session progress bar's text. */
async function installProgressReader(page) {
  await page.evaluate(() => {
    window.__benchProgress = () => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Session progress"]');
      const text = bar?.parentElement?.querySelector('.progress-text')?.textContent ?? '';
      const match = /^(\d+) of/.exec(text.trim());
      return match ? Number(match[1]) : null;
    };
  });
}

/** Starts a Chrome trace of the page (main thread, worker, compositor, GC). */
async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (event) => events.push(...event.value));
  const categories = ['devtools.timeline', 'v8.execute', 'v8', 'blink', 'toplevel', 'latencyInfo'];
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: categories },
    transferMode: 'ReportEvents',
  });
  return {
    async save(name) {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      const file = join(root, `bench/results/${name}.trace.json`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ traceEvents: events }));
      return file;
    },
  };
}

async function clickAndMeasure(page, selector, condition) {
  const target = page.locator(selector).first();
  await target.scrollIntoViewIfNeeded();
  await watchUntil(page, condition);
  const box = await target.boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const timing = await page.evaluate(() => window.__benchWatch);
  if (timing.start === null) throw new Error('the click was not seen');
  return { total: timing.frame - timing.start, dom: timing.dom - timing.start };
}

async function uiWorkloads(baseUrl) {
  const { context, page, errors } = await launch();
  try {
    // Data first, through the bench page (same origin, before the app's service worker exists).
    await openBenchPage(page, baseUrl);
    log('creating the 10k session for the UI');
    const small = await page.evaluate(() => window.bench.createSmall('Small session'));
    const big = await page.evaluate(() => window.bench.createSession(10000, 'Big session 10k', 10));
    await page.evaluate((id) => window.bench.activate(id), big.sessionId);
    await page.goto('about:blank'); // the bench page's worker lets the database go

    // The tree is virtualized: "rendered" means its first task row is in the DOM.
    const firstRow = `tree-row-${big.firstRowId}`;
    log('opening the app');
    await page.goto(baseUrl);
    try {
      await page.waitForSelector(`#${firstRow}`, { state: 'attached', timeout: 60_000 });
    } catch (error) {
      mkdirSync(join(root, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(root, 'test-results/bench-app.png') });
      throw error;
    }

    await part(['task_edit_ms'], async () => {
      log('task_edit_ms');
      const total = [];
      const dom = [];
      const trace = traceEdits ? await startTrace(page) : null;
      for (let i = 0; i < 2 + editRuns; i++) {
        const id = big.editIds[i % big.editIds.length];
        await installProgressReader(page);
        const done = await page
          .locator(`#tree-row-${id}`)
          .evaluate((el) => el.classList.contains('done'));
        const count = await page.evaluate(() => window.__benchProgress());
        if (count === null) throw new Error('no session progress text found');
        const t = await clickAndMeasure(page, `#tree-row-${id} input[type="checkbox"]`, {
          row: id,
          done: !done,
          count: done ? count - 1 : count + 1,
        });
        if (i >= 2) {
          total.push(t.total);
          dom.push(t.dom);
        }
        // Clicks at random points of the display's 60 Hz frame cycle, as a person's do: a fixed
        // pause would keep a whole run at one phase and make runs differ by that phase alone.
        await page.waitForTimeout(300 + Math.random() * 17);
      }
      if (trace) log(`trace written to ${relative(root, await trace.save('task_edit'))}`);
      record('task_edit_ms', dom, 'ms', {
        to_next_frame_median: round(median(total)),
        to_next_frame_p95: round(p95(total)),
      });
    });

    await part(['session_switch_ms'], async () => {
      log('session_switch_ms');
      const total = [];
      const dom = [];
      for (let i = 0; i < 1 + runs; i++) {
        await page.locator('button.session-item', { hasText: 'Small session' }).click();
        await page.waitForSelector(`#tree-row-${small.taskId}`, { state: 'attached' });
        await page.waitForSelector(`#${firstRow}`, { state: 'detached' });
        await page.waitForTimeout(300);
        const t = await clickAndMeasure(page, `button.session-item:has-text("Big session 10k")`, {
          exists: firstRow,
        });
        if (i >= 1) {
          total.push(t.total);
          dom.push(t.dom);
        }
        await page.waitForTimeout(300);
      }
      record('session_switch_ms', dom, 'ms', {
        to_next_frame_median: round(median(total)),
        to_next_frame_p95: round(p95(total)),
      });
    });

    await part(['cold_start_offline_ms'], async () => {
      log('cold_start_offline_ms');
      // The 10k session is the active one again (the last switch activated it).
      await page.goto(baseUrl);
      await page.waitForSelector(`#${firstRow}`, { state: 'attached', timeout: 60_000 });
      const registration = await page.evaluate(async () => {
        const existing = await navigator.serviceWorker.getRegistration();
        if (existing) return 'app';
        await new Promise((resolve) => setTimeout(resolve, 3000));
        if (await navigator.serviceWorker.getRegistration()) return 'app';
        await navigator.serviceWorker.register('/sw.js', { scope: '/' });
        return 'bench';
      });
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await page.waitForTimeout(1000); // precaching finished (ready = activated)
      details.service_worker = {
        registered_by: registration,
        note:
          registration === 'bench'
            ? 'The app registers no service worker (src/ never calls registerSW; vite.config.ts has injectRegister: false). The bench registered the built /sw.js itself, as registerSW would.'
            : 'Registered by the app.',
      };
      await context.addInitScript((id) => {
        if (location.pathname !== '/') return;
        const check = () => {
          if (document.getElementById(id)) {
            observer.disconnect();
            const dom = performance.now();
            requestAnimationFrame(() =>
              setTimeout(() => {
                window.__coldStart = { dom, frame: performance.now() };
              }, 0),
            );
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document, { subtree: true, childList: true });
      }, firstRow);
      await context.setOffline(true);
      const samples = [];
      const dom = [];
      let controlled = true;
      for (let i = 0; i < 1 + runs; i++) {
        await page.reload({ waitUntil: 'commit' });
        await page.waitForFunction(() => window.__coldStart !== undefined, null, {
          timeout: 60_000,
        });
        const t = await page.evaluate(() => ({
          ...window.__coldStart,
          online: navigator.onLine,
          controlled: navigator.serviceWorker.controller !== null,
        }));
        if (t.online) throw new Error('the page is online');
        controlled &&= t.controlled;
        if (i >= 1) {
          samples.push(t.frame);
          dom.push(t.dom);
        }
        await page.waitForTimeout(500);
      }
      await context.setOffline(false);
      record('cold_start_offline_ms', dom, 'ms', {
        to_next_frame_median: round(median(samples)),
        to_next_frame_p95: round(p95(samples)),
        controlled_by_service_worker: controlled,
      });
    });
  } finally {
    if (errors.length) details.ui_page_errors = errors.slice(0, 10);
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------
// Native reference.

async function nativeWorkloads() {
  const { module } = await runnerImport(join(root, 'bench/native.ts'), {
    root,
    configFile: false,
    logLevel: 'warn',
  });
  const r = await module.runNative({
    warm: 50,
    commitRuns: quick ? 100 : 300,
    bulkRuns: Math.min(runs, 5),
    tasks: 10000,
  });
  record('native_commit_ms', r.commit);
  record('native_bulk_insert_10k_ms', r.bulk);
  details.native = {
    sqlite_version: r.sqliteVersion,
    pragmas: r.pragmas,
    library: 'better-sqlite3',
  };
}

// ---------------------------------------------------------------------------------------
// The command line, as whole processes (bench/cli.ts).

const cliNames = [
  'node_start_ms',
  'cli_done_10k_ms',
  'cli_ready_10k_ms',
  'merge_driver_10k_ms',
  'mcp_tools_tokens',
];
async function cliWorkloads() {
  const { ensureCli } = await import('../scripts/cli-build.mjs');
  const cli = await ensureCli();
  const opts = { root, configFile: false, logLevel: 'warn' };
  const { module } = await runnerImport(join(root, 'bench/cli.ts'), opts);
  const r = await module.runCliBench({ runs: Math.max(runs, 9), cli });
  record('node_start_ms', r.samples.node);
  record('cli_done_10k_ms', r.samples.done);
  record('cli_ready_10k_ms', r.samples.ready);
  record('merge_driver_10k_ms', r.samples.merge);
  const tokens = round(r.toolChars / 4);
  metrics.mcp_tools_tokens = { median: tokens, p95: tokens, unit: 'tokens', n: 1 };
  details.cli = { tools: r.tools, tool_list_chars: r.toolChars, session_md_bytes: r.bytes };
}

// ---------------------------------------------------------------------------------------

const started = Date.now();
const env = {
  date: new Date().toISOString(),
  loadavg_start: loadavg().map(round),
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  runs,
  quick,
};
try {
  env.git = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  env.git_dirty =
    execFileSync('git', ['status', '--porcelain'], { cwd: root }).toString().trim() !== '';
} catch {
  // not a git checkout
}
try {
  env.chromium = execFileSync(findChromium() ?? 'chromium', ['--version'])
    .toString()
    .trim();
} catch {
  env.chromium = 'unknown';
}

let server;
try {
  log(`building into ${work}`);
  await buildAll();
  bundleSizes();
  server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1' },
  });
  const address = server.httpServer.address();
  const baseUrl = `http://localhost:${address.port}/`;
  log(`serving ${baseUrl}`);

  if (!only || only === 'cli') await part(cliNames, cliWorkloads);
  if (!only || only === 'native')
    await part(['native_commit_ms', 'native_bulk_insert_10k_ms'], nativeWorkloads);
  if (!only || only === 'api')
    await part(['commit_ms', 'bulk_insert_10k_ms'], () => apiWorkloads(baseUrl));
  recordRatio('commit_ratio', 'commit_ms', 'native_commit_ms');
  recordRatio('bulk_insert_ratio', 'bulk_insert_10k_ms', 'native_bulk_insert_10k_ms');
  if (!only || only === 'ui')
    await part(['task_edit_ms', 'session_switch_ms', 'cold_start_offline_ms'], () =>
      uiWorkloads(baseUrl),
    );
} finally {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
}

env.loadavg_end = loadavg().map(round);
env.duration_s = Math.round((Date.now() - started) / 1000);
for (const name of Object.keys(missing)) if (metrics[name]) delete missing[name];

const output = { metrics, missing, targets, env, details };
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(output, null, 2)}\n`);

const rows = Object.entries(metrics).map(([name, m]) => {
  const t = targets[name];
  const verdict = t
    ? `${m[t.stat] <= t.max ? 'ok  ' : 'MISS'} ${t.stat} ≤ ${t.max}${t.goal ? ' (goal)' : ''}`
    : '';
  return [name, String(m.median), String(m.p95), m.unit, String(m.n), verdict];
});
const header = ['metric', 'median', 'p95', 'unit', 'n', 'target'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const row of rows) console.log(line(row));
for (const [name, reason] of Object.entries(missing)) console.log(`MISSING ${name}: ${reason}`);
console.log(
  `\nload average ${env.loadavg_start.join(' ')} → ${env.loadavg_end.join(' ')}; ${env.duration_s} s; written to ${basename(root)}/bench/results/latest.json`,
);
