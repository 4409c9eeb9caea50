// Builds the command line (dist-cli/session-orchestrator.mjs) when it is missing or older than
// its sources. Used by the launcher (scripts/cli.mjs) and before the tests that run it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const cliFile = join(root, 'dist-cli', 'session-orchestrator.mjs');

/** The newest modification time among the files the build reads. */
function newestSource() {
  let newest = statSync(join(root, 'package.json')).mtimeMs;
  const stack = [join(root, 'cli'), join(root, 'core')];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

export async function ensureCli() {
  if (existsSync(cliFile) && statSync(cliFile).mtimeMs >= newestSource()) return cliFile;
  process.stderr.write('Building the command line (dist-cli/)…\n');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'cli/vite.config.ts') });
  return cliFile;
}
