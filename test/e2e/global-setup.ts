/**
 * End-to-end setup: builds the app once and serves the build with `vite preview` on a free
 * localhost port (a secure context, so OPFS and the service worker work).
 */
import type { TestProject } from 'vitest/node';
import { build, preview } from 'vite';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  await build({ logLevel: 'warn' });
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('The preview server has no port.');
  project.provide('baseUrl', `http://localhost:${address.port}/`);
  return async () => {
    await server.close();
  };
}
