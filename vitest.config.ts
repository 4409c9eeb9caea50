import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import solid from 'vite-plugin-solid';
import { findChromium, chromiumArgs } from './scripts/chromium.mjs';
import { isolationHeaders } from './vite.config';

const executablePath = findChromium();

export default defineConfig({
  optimizeDeps: { exclude: ['@journeyapps/wa-sqlite'] },
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          environment: 'node',
          // Property tests run thousands of cases; shared machines can be slow.
          testTimeout: 30_000,
          setupFiles: ['test/node/setup.ts'],
          // The command line's tests run the built file: build it first (when stale).
          globalSetup: ['test/node/cli-setup.ts'],
        },
      },
      {
        plugins: [solid()],
        worker: { format: 'es' },
        // Cross-origin isolated, as the app is served (vite.config.ts): the notice mirror runs.
        server: { headers: isolationHeaders },
        // Pre-bundle what tests and the worker import, so Vite never reloads a running test
        // after discovering a dependency; the wasm package is served untouched.
        optimizeDeps: {
          include: ['comlink', 'fflate', 'idb-keyval', 'solid-js', 'solid-js/web', 'yaml'],
          exclude: ['@journeyapps/wa-sqlite'],
        },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { ...(executablePath ? { executablePath } : {}), args: chromiumArgs },
            }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
