#!/usr/bin/env node
// `npm run cli -- …` and the `session-orchestrator` command of `npm link`: builds the command
// line if needed (see cli-build.mjs), then runs it in this same process.
import { pathToFileURL } from 'node:url';
import { ensureCli } from './cli-build.mjs';

await import(pathToFileURL(await ensureCli()).href);
