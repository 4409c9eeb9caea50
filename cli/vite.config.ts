// Builds the command line for Node (≥ 20) into dist-cli/, self-contained (no node_modules
// needed): session-orchestrator.mjs with core/ and every command, and the MCP server's chunk.
// Node's own modules stay imports.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  logLevel: 'warn',
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: 'cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    rollupOptions: {
      output: {
        entryFileNames: 'session-orchestrator.mjs',
        banner: '#!/usr/bin/env node',
        // The MCP server (SDK, zod, ajv: nine tenths of the code) is a chunk of its own, loaded
        // only by `mcp`: compiling it would double the start of every other command.
        chunkFileNames: 'chunks/[name]-[hash].mjs',
      },
    },
  },
});
