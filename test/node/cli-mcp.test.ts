/**
 * The MCP server of the built command line, driven by the SDK's own client over stdio: the
 * tool list (and its size), every tool, and the file changing under it.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSessionMarkdown } from '../../core/session-md/parse';
import { findTask } from '../../core/session-md/edit';
import { renderSessionMarkdown } from '../../core/session-md/render';
import { cliFile } from '../../scripts/cli-build.mjs';
import { projectWith, read } from './support/cli';
import { sampleDoc } from './sync-fixtures';

const { dir, file } = projectWith(renderSessionMarkdown(sampleDoc()));
const client = new Client({ name: 'test', version: '1.0.0' });

const text = async (name: string, args: Record<string, unknown> = {}) => {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text: string }>;
  return { text: content.map((c) => c.text).join('\n'), isError: result.isError === true };
};

beforeAll(async () => {
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [cliFile, 'mcp', '--dir', dir] }),
  );
}, 60_000);
afterAll(() => client.close());

describe('MCP server', { timeout: 180_000 }, () => {
  it('lists six tools in under 3,000 tokens (characters / 4)', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'add_task',
      'complete_task',
      'list_sessions',
      'ready_tasks',
      'show_session',
      'update_task',
    ]);
    expect(JSON.stringify(tools).length / 4).toBeLessThan(3000);
  });

  it('every tool answers in compact text and writes change the file', async () => {
    expect((await text('list_sessions')).text).toBe(
      'session_ab12cd34  active  1/6 done (17%)  Ship the sync codec',
    );
    expect((await text('show_session', { session: 'Ship' })).text).toContain(
      '  task_render  [ ] Write the renderer  complex',
    );
    expect((await text('ready_tasks')).text.split('\n')[0]).toBe('task_loose  [ ] Triage inbox');
    const added = await text('add_task', { title: 'From an agent', group: 'Docs', estimate: '2h' });
    expect(added.text).toMatch(/^task_[a-z2-9]{10}$/);
    await text('update_task', { task: added.text, status: 'in_progress', note: 'Started.' });
    await text('complete_task', { task: 'task_readme' });
    const doc = parseSessionMarkdown(read(file)).doc;
    expect(findTask(doc, added.text)).toMatchObject({
      title: 'From an agent',
      task_group: 'group_docs',
      estimated_effort: 2,
      status: 'in_progress',
      description: 'Started.',
    });
    expect(findTask(doc, 'task_readme').status).toBe('completed');
    const refused = await text('complete_task', { task: 'task_nope' });
    expect(refused).toEqual({ text: 'No task "task_nope" in any session.', isError: true });
  });
});
