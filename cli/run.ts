/**
 * The command table: each command's usage, help, flags, and what it runs. Exit codes: 0 ok,
 * 1 a problem was found (named on stderr, with file and line where there is one), 2 the
 * command was used wrongly. The MCP server (with the SDK, most of the code) is loaded only by
 * `mcp`, from its own chunk, so everyday commands start fast.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { Context } from './context';
import { ProblemError, UsageError } from './errors';
import { jsonVersion, version } from './format';
import { findProject } from './project';
import * as agentsFile from './agents';
import * as checks from './check';
import * as git from './git';
import * as read from './read-commands';
import * as write from './write-commands';
import type { Project } from './project';

export interface Io {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
  usage: string;
  summary: string;
  /** More lines of help: flags and an example. */
  help: string[];
  options?: Options;
  /** Positional arguments: [min, max] (max Infinity for word lists). */
  args: [number, number];
  run: (ctx: Context, args: string[], values: Values) => Promise<number | void> | number | void;
}

const str = { type: 'string' } as const;
const sessionFlag = { session: str };
const fieldFlags = {
  title: str,
  est: str,
  actual: str,
  specialist: str,
  complexity: str,
  depends: str,
  related: str,
  description: str,
  due: str,
  scheduled: str,
} as const;
const fieldHelp = [
  '  --est <hours>          estimated effort in hours: 2h, 1.5',
  '  --actual <hours>       actual effort',
  '  --specialist <role>    specialist, e.g. backend',
  '  --complexity <level>   trivial, simple, moderate, complex, very_complex',
  '  --depends <ids>        prerequisite task ids, comma separated',
  '  --related <ids>        related task ids, comma separated',
  '  --description <text>   the description (replaces it)',
  '  --due <YYYY-MM-DD>     due date; --scheduled <YYYY-MM-DD> the day work is planned',
];

const s = (v: Values, key: string): string | undefined => v[key] as string | undefined;

const statusCommand = (
  name: string,
  status: 'completed' | 'pending' | 'in_progress' | 'blocked',
  summary: string,
): Command => ({
  usage: `${name} <task id> [--session S]`,
  summary,
  help: [
    'The task is found by its id or a unique prefix of it, in any session (or in --session).',
    `Example: session-orchestrator ${name} task_k3j9x2m4pq`,
  ],
  options: sessionFlag,
  args: [1, 1],
  run: (ctx, [id], v) => write.setStatus(ctx, id!, s(v, 'session'), status),
});

const commands: Record<string, Command> = {
  sessions: {
    usage: 'sessions',
    summary: 'list the sessions with their status and progress',
    help: ['Example: session-orchestrator sessions --json'],
    args: [0, 0],
    run: (ctx) => read.sessions(ctx),
  },
  show: {
    usage: 'show <session>',
    summary: 'the task tree of a session, compact',
    help: [
      'A session is named by id, by name, or by a unique prefix of either.',
      'Each task line: id, [ ] pending [~] in progress [!] blocked [x] done [-] cancelled, title, tags.',
      'Example: session-orchestrator show "Ship the codec"',
    ],
    args: [1, 1],
    run: (ctx, [ref]) => read.show(ctx, ref!),
  },
  ready: {
    usage: 'ready [<session>]',
    summary: 'open tasks whose prerequisites are all completed',
    help: [
      'Without a session: the ready tasks of every session.',
      'Example: session-orchestrator ready',
    ],
    args: [0, 1],
    run: (ctx, [ref]) => read.ready(ctx, ref),
  },
  next: {
    usage: 'next [<session>]',
    summary: 'the first ready task, in file order (active sessions first)',
    help: ['Example: session-orchestrator next --json'],
    args: [0, 1],
    run: (ctx, [ref]) => read.next(ctx, ref),
  },
  search: {
    usage: 'search <words…> [--session S]',
    summary: 'tasks whose title, description, group or specialist has every word',
    help: ['Case is ignored.', 'Example: session-orchestrator search parser tests'],
    options: sessionFlag,
    args: [1, Infinity],
    run: (ctx, words, v) => read.search(ctx, words, s(v, 'session')),
  },
  add: {
    usage:
      'add <title> [--session S] [--group G] [--parent ID] [--est 2h] [--specialist X] [--depends ID,…]',
    summary: 'add a task; prints its new id',
    help: [
      'It goes last in its group (--group: id, name or prefix), or last under --parent, or',
      'among the ungrouped tasks. Without --session: the only session, or the only active one.',
      ...fieldHelp,
      'Example: session-orchestrator add "Write the docs" --group Docs --est 2h',
    ],
    options: { ...sessionFlag, group: str, parent: str, ...fieldFlags },
    args: [1, 1],
    run: (ctx, [title], v) => write.add(ctx, title!, v as Record<string, string>),
  },
  done: statusCommand('done', 'completed', 'mark a task completed'),
  reopen: statusCommand('reopen', 'pending', 'mark a task pending again'),
  start: statusCommand('start', 'in_progress', 'mark a task in progress'),
  block: statusCommand('block', 'blocked', 'mark a task blocked'),
  edit: {
    usage: 'edit <task id> [--title T] [--est H] [--status S] [--specialist X] [--depends IDs] …',
    summary: 'change fields of a task',
    help: [
      '  --title <text>         the title',
      '  --status <status>      pending, in_progress, blocked, completed, cancelled',
      ...fieldHelp,
      'An empty value clears a field: --est "" --specialist "".',
      'Example: session-orchestrator edit task_k3j9 --title "Parse faster" --est 3h',
    ],
    options: { ...sessionFlag, ...fieldFlags, status: str },
    args: [1, 1],
    run: (ctx, [id], v) => {
      const patch = write.patchFromFlags(v as Record<string, string>);
      if (Object.keys(patch).length === 0)
        throw new UsageError('Nothing to change: give a flag such as --title.');
      write.change(ctx, id!, s(v, 'session'), patch);
    },
  },
  note: {
    usage: 'note <task id> <text…> [--session S]',
    summary: "add a paragraph to a task's description",
    help: ['Example: session-orchestrator note task_k3j9 "Found the cause: a stale cache."'],
    options: sessionFlag,
    args: [2, Infinity],
    run: (ctx, [id, ...words], v) => write.note(ctx, id!, s(v, 'session'), words.join(' ')),
  },
  'new-session': {
    usage: 'new-session <name> [--description TEXT]',
    summary:
      'start a session (creates .task_orchestrator/ here, or in --dir, if there is none); prints its id',
    help: ['Example: session-orchestrator new-session "Release 2.0"'],
    options: { description: str },
    args: [1, 1],
    run: (ctx, [name], v) => write.newSession(ctx, name!, s(v, 'description')),
  },
  check: {
    usage: 'check [<path>…]',
    summary: 'validate session.md files; exit 1 on problems (for hooks and CI)',
    help: [
      'Without paths: every session of the project. A folder is searched for session.md files.',
      'Reports git conflict markers, tags that cannot be read, duplicate ids, malformed task',
      'items, prerequisites that name no task and dependency cycles, as file:line: messages.',
      'Example: session-orchestrator check .task_orchestrator',
    ],
    args: [0, Infinity],
    run: (ctx, paths) => checks.check(ctx, paths),
  },
  merge: {
    usage: 'merge <base> <ours> <theirs> [<path>] [<marker size>]',
    summary: "git merge driver: merges session.md per task and field (git's %O %A %B %P %L)",
    help: [
      'Writes the result to <ours>. Exit 0: merged; 1: conflicts, marked around the',
      'conflicting task lines only. Set up with: session-orchestrator git-setup',
    ],
    options: { 'ours-label': str, 'theirs-label': str },
    args: [3, 5],
    run: (ctx, args, v) => git.mergeDriver(ctx, args, v),
  },
  'git-setup': {
    usage: 'git-setup [--check] [--command CMD]',
    summary: 'install the merge driver in this git repository (.gitattributes and git config)',
    help: [
      'Idempotent. --check only tells whether it is installed (exit 1 if not).',
      '--command: how git should run this program (default: node and this file, by full path).',
    ],
    options: { check: { type: 'boolean' }, command: str },
    args: [0, 0],
    run: (ctx, _args, v) => git.gitSetup(ctx, v),
  },
  agents: {
    usage: 'agents [--file AGENTS.md] [--check]',
    summary: 'write or refresh the plan block for AI agents in AGENTS.md (or CLAUDE.md…)',
    help: [
      'Only the text between the block markers is written; the rest of the file stays as it is.',
      '--check: exit 1 if the block is missing or out of date. --print: print the block only.',
    ],
    options: { file: str, check: { type: 'boolean' }, print: { type: 'boolean' } },
    args: [0, 0],
    run: (ctx, _args, v) => agentsFile.agents(ctx, v),
  },
  mcp: {
    usage: 'mcp',
    summary: 'serve the Model Context Protocol over stdio (for AI agents)',
    help: ['Configure your agent to run: session-orchestrator mcp --dir <project>'],
    args: [0, 0],
    run: async (ctx) => (await import('./mcp')).serveMcp(ctx),
  },
};

const globalOptions: Options = {
  dir: str,
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const overview = (): string =>
  [
    'session-orchestrator: the plan in .task_orchestrator/ from the command line.',
    '',
    'Usage: session-orchestrator <command> [arguments] [--dir <project>] [--json]',
    '',
    'Commands:',
    ...Object.values(commands).map((c) => `  ${c.usage.split(' ')[0]!.padEnd(12)} ${c.summary}`),
    '',
    'Every command: --dir <project> (else .task_orchestrator/ is searched from here upwards),',
    `--json (documented shapes, version ${jsonVersion}), --help. Exit: 0 ok, 1 problem, 2 usage.`,
  ].join('\n');

const commandHelp = (name: string, command: Command): string =>
  [
    `Usage: session-orchestrator ${command.usage}`,
    '',
    `${name}: ${command.summary}.`,
    ...command.help,
  ].join('\n');

/** Runs one command line; returns the exit code. */
export const run = async (argv: string[], io: Io): Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic !== undefined ? commands[topic] : undefined;
    io.out(`${command ? commandHelp(topic!, command) : overview()}\n`);
    return topic !== undefined && !command ? 2 : 0;
  }
  if (name === '--version') {
    io.out(`${version}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`Unknown command "${name}". Run: session-orchestrator --help\n`);
    return 2;
  }
  let json = false;
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...globalOptions, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    const values = parsed.values as Values;
    if (values.help) {
      io.out(`${commandHelp(name, command)}\n`);
      return 0;
    }
    json = values.json === true;
    const [min, max] = command.args;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(`Usage: session-orchestrator ${command.usage}`);
    }
    let project: Project | undefined;
    const ctx: Context = {
      json,
      cwd: io.cwd,
      dir: values.dir as string | undefined,
      project: () => (project ??= findProject(io.cwd, values.dir as string | undefined)),
      print: (line) => void io.out(`${line}\n`),
      printJson: (value) =>
        void io.out(`${JSON.stringify({ version: jsonVersion, ...value }, null, 2)}\n`),
      warn: (line) => void io.err(`${line}\n`),
    };
    const code = await command.run(ctx, parsed.positionals, values);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    const usage = error instanceof UsageError || isParseArgsError(error);
    if (!usage && !(error instanceof ProblemError)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (json)
      io.out(`${JSON.stringify({ version: jsonVersion, error: { message, usage } }, null, 2)}\n`);
    io.err(`${usage ? `${message}\nRun: session-orchestrator ${name} --help` : message}\n`);
    return usage ? 2 : 1;
  }
};

/** node:util parseArgs reports unknown flags and missing values with these codes. */
const isParseArgsError = (error: unknown): boolean =>
  error instanceof TypeError &&
  String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
