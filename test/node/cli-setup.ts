// Builds the command line once before the Node tests that run it as a child process.
import { ensureCli } from '../../scripts/cli-build.mjs';

export default async function setup(): Promise<void> {
  await ensureCli();
}
