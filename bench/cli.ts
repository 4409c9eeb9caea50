/**
 * The command line as whole processes (Node's start included), on a 10,000-task session.md in
 * a temp project: `done` (ticking one task), `ready`, the git merge driver on two branches of
 * 50 changes each, the MCP tool list's size, and `node -e 0` beside them. Loaded by
 * bench/run.mjs through Vite's runnerImport; runs the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { updateTask } from '../core/session-md/edit';
import { parseSessionMarkdown } from '../core/session-md/parse';
import { renderSessionMarkdown } from '../core/session-md/render';
import { largeDoc } from '../test/node/sync-fixtures';

const timed = (args: string[], cwd: string): number => {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && !(args.includes('merge') && result.status === 1)) {
    throw new Error(`${args.join(' ')} exited ${result.status}`);
  }
  return ms;
};

/** `cli`: the built file (bench/run.mjs builds it first, outside Vite's module runner). */
export async function runCliBench({ runs, cli }: { runs: number; cli: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'so-bench-cli-'));
  try {
    const doc = largeDoc(10_000);
    const text = renderSessionMarkdown(doc);
    const folder = join(dir, '.task_orchestrator', 'sessions', doc.session.session_id);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'session.md');
    writeFileSync(file, text);
    const parsed = parseSessionMarkdown(text).doc;
    const open = parsed.tasks.filter((t) => t.status === 'pending');
    const samples = {
      node: [] as number[],
      done: [] as number[],
      ready: [] as number[],
      merge: [] as number[],
    };

    for (let i = 0; i < runs + 1; i++) {
      const node = timed(['-e', '0'], dir);
      // Tick a different open task each run (the file grows no state between runs).
      const done = timed([cli, 'done', open[i]!.task_id], dir);
      const ready = timed([cli, 'ready', doc.session.session_id], dir);
      if (i > 0) {
        samples.node.push(node);
        samples.done.push(done);
        samples.ready.push(ready);
      }
    }

    // Two branches, 50 changes each to different tasks, merged by the driver.
    writeFileSync(file, text);
    const side = (from: number, status: 'completed' | 'blocked') =>
      renderSessionMarkdown(
        open.slice(from, from + 50).reduce((d, t) => updateTask(d, t.task_id, { status }), parsed),
      );
    const base = join(dir, 'base.md');
    const ours = join(dir, 'ours.md');
    const oursFresh = join(dir, 'ours-fresh.md');
    const theirs = join(dir, 'theirs.md');
    writeFileSync(base, text);
    writeFileSync(oursFresh, side(0, 'completed'));
    writeFileSync(theirs, side(100, 'blocked'));
    for (let i = 0; i < runs + 1; i++) {
      copyFileSync(oursFresh, ours);
      const ms = timed([cli, 'merge', base, ours, theirs, 'session.md'], dir);
      if (i > 0) samples.merge.push(ms);
    }

    const client = new Client({ name: 'bench', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--dir', dir] }),
    );
    const { tools } = await client.listTools();
    await client.close();
    const toolChars = JSON.stringify(tools).length;

    return { samples, toolChars, tools: tools.length, bytes: Buffer.byteLength(text) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
