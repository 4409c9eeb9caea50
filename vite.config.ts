import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

// Cross-origin isolation gives the page SharedArrayBuffer, which the change-notice mirror
// needs (workers/notice-mirror.ts). Everything the app loads is its own, so nothing breaks.
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  plugins: [
    solid(),
    VitePWA({
      // 'prompt': a new version waits for the user's "reload" instead of switching mid-work.
      registerType: 'prompt',
      // Registered by src/pwa/UpdatePrompt.tsx (virtual:pwa-register/solid), not a script tag.
      injectRegister: false,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        name: 'Session Orchestrator',
        short_name: 'Sessions',
        description: 'Plan work as sessions of hierarchical tasks, mirrored into session.md.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        theme_color: '#1f5f8b',
        background_color: '#ffffff',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        // The SQLite engine is a .wasm file: precache it so the app starts offline.
        globPatterns: ['**/*.{js,css,html,wasm,png,svg,webmanifest}'],
        // The sync wa-sqlite wasm is ~1.1 MB; workbox's 2 MiB default leaves little room.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
  worker: { format: 'es' },
  // Serve the wasm package untouched (pre-bundling breaks its wasm URL).
  optimizeDeps: { exclude: ['@journeyapps/wa-sqlite'] },
  build: { target: 'es2022' },
});
