/**
 * `mcp`: the Model Context Protocol over stdio, with the official SDK. Each tool runs the same
 * code as its command (and so writes through the same guarded path) and answers with the
 * command's compact text. The tool list is kept small on purpose: agents pay for every token
 * of it in their context (the bench counts it: mcp_tools_tokens).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import type { Context } from './context';
import { ProblemError, UsageError } from './errors';
import * as read from './read-commands';
import * as write from './write-commands';
import { version } from './format';

const session = z.string().optional().describe('session id, name or unique prefix');
const task = z.string().describe('task id or unique prefix');

/** Runs a command with its output collected; a refusal becomes an error result. */
const capture = (ctx: Context, fn: (ctx: Context) => void) => {
  const lines: string[] = [];
  const quiet: Context = {
    ...ctx,
    json: false,
    print: (line) => lines.push(line),
    warn: (line) => lines.push(line),
  };
  try {
    fn(quiet);
    return { content: [{ type: 'text' as const, text: lines.join('\n') || 'Done.' }] };
  } catch (error) {
    if (!(error instanceof ProblemError || error instanceof UsageError)) throw error;
    return { content: [{ type: 'text' as const, text: error.message }], isError: true };
  }
};

export const createMcpServer = (ctx: Context): McpServer => {
  const server = new McpServer({ name: 'session-orchestrator', version });
  server.registerTool(
    'list_sessions',
    { description: 'List sessions: id, status, progress, name.' },
    () => capture(ctx, (c) => read.sessions(c)),
  );
  server.registerTool(
    'show_session',
    {
      description:
        'Task tree of a session. Lines: id, [ ] pending [~] in progress [!] blocked [x] done [-] cancelled, title, tags.',
      inputSchema: { session: z.string().describe('session id, name or unique prefix') },
    },
    (args) => capture(ctx, (c) => read.show(c, args.session)),
  );
  server.registerTool(
    'ready_tasks',
    {
      description: 'Open tasks whose prerequisites are all completed, in plan order.',
      inputSchema: { session },
    },
    (args) => capture(ctx, (c) => read.ready(c, args.session)),
  );
  server.registerTool(
    'add_task',
    {
      description: 'Add a task (last in its group, or under parent). Returns its id.',
      inputSchema: {
        title: z.string(),
        session,
        group: z.string().optional().describe('group id or name'),
        parent: z.string().optional().describe('parent task id'),
        estimate: z.string().optional().describe('hours, e.g. 2h'),
        specialist: z.string().optional(),
        depends_on: z.array(z.string()).optional().describe('prerequisite task ids'),
        description: z.string().optional(),
      },
    },
    (args) =>
      capture(ctx, (c) =>
        write.add(c, args.title, {
          ...(args.session !== undefined ? { session: args.session } : {}),
          ...(args.group !== undefined ? { group: args.group } : {}),
          ...(args.parent !== undefined ? { parent: args.parent } : {}),
          ...(args.estimate !== undefined ? { est: args.estimate } : {}),
          ...(args.specialist !== undefined ? { specialist: args.specialist } : {}),
          ...(args.depends_on !== undefined ? { depends: args.depends_on.join(',') } : {}),
          ...(args.description !== undefined ? { description: args.description } : {}),
        }),
      ),
  );
  server.registerTool(
    'update_task',
    {
      description:
        'Change a task. Only given fields change; "" clears one. note appends to the description.',
      inputSchema: {
        task,
        session,
        status: z.enum(['pending', 'in_progress', 'blocked', 'completed', 'cancelled']).optional(),
        title: z.string().optional(),
        estimate: z.string().optional().describe('hours'),
        actual: z.string().optional().describe('hours'),
        specialist: z.string().optional(),
        complexity: z.enum(['trivial', 'simple', 'moderate', 'complex', 'very_complex']).optional(),
        depends_on: z.array(z.string()).optional(),
        description: z.string().optional(),
        note: z.string().optional(),
      },
    },
    (args) =>
      capture(ctx, (c) => {
        const patch = write.patchFromFlags({
          ...(args.status !== undefined ? { status: args.status } : {}),
          ...(args.title !== undefined ? { title: args.title } : {}),
          ...(args.estimate !== undefined ? { est: args.estimate } : {}),
          ...(args.actual !== undefined ? { actual: args.actual } : {}),
          ...(args.specialist !== undefined ? { specialist: args.specialist } : {}),
          ...(args.complexity !== undefined ? { complexity: args.complexity } : {}),
          ...(args.depends_on !== undefined ? { depends: args.depends_on.join(',') } : {}),
          ...(args.description !== undefined ? { description: args.description } : {}),
        });
        if (Object.keys(patch).length > 0) write.change(c, args.task, args.session, patch);
        if (args.note !== undefined) write.note(c, args.task, args.session, args.note);
        if (Object.keys(patch).length === 0 && args.note === undefined) {
          throw new UsageError('Nothing to change: give a field such as status or title.');
        }
      }),
  );
  server.registerTool(
    'complete_task',
    { description: 'Mark a task completed.', inputSchema: { task, session } },
    (args) => capture(ctx, (c) => write.setStatus(c, args.task, args.session, 'completed')),
  );
  return server;
};

/** Serves until stdin closes. */
export const serveMcp = async (ctx: Context): Promise<void> => {
  const server = createMcpServer(ctx);
  await server.connect(new StdioServerTransport());
  await new Promise<void>((resolve) => {
    process.stdin.on('close', resolve);
    process.stdin.on('end', resolve);
  });
  await server.close();
};
