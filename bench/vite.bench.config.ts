/**
 * Builds the benchmark page (bench/index.html → bench/page.ts) with the app's database client
 * and worker, served under /__bench__/ next to the built app (same origin, same OPFS).
 * The output directory is given by bench/run.mjs.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/__bench__/',
  publicDir: false,
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@journeyapps/wa-sqlite'] },
  build: { target: 'es2022', emptyOutDir: true, reportCompressedSize: false },
  logLevel: 'warn',
});
