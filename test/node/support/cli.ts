/**
 * Running the built command line (dist-cli/session-orchestrator.mjs) as a child process, as a
 * person or an agent would, on temp project folders.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliFile } from '../../../scripts/cli-build.mjs';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const cli = (
  cwd: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): CliResult => {
  const result = spawnSync(process.execPath, [cliFile, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
};

/** {@link cli} without blocking, so several can run at once. */
export const cliAsync = (cwd: string, args: string[]): Promise<CliResult> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliFile, ...args],
      { cwd, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });

/** Runs and expects exit 0; returns stdout without its last line break. */
export const ok = (cwd: string, ...args: string[]): string => {
  const result = cli(cwd, args);
  if (result.code !== 0) {
    throw new Error(`exit ${result.code} for ${args.join(' ')}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout.replace(/\n$/, '');
};

export const tempDir = (prefix = 'so-cli-'): string => mkdtempSync(join(tmpdir(), prefix));

/** A project folder with one session file holding `text` (its folder named `id`). */
export const projectWith = (
  text: string | Buffer,
  id = 'session_ab12cd34',
): { dir: string; file: string } => {
  const dir = tempDir();
  const folder = join(dir, '.task_orchestrator', 'sessions', id);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'session.md');
  writeFileSync(file, text);
  return { dir, file };
};

export const sessionFile = (dir: string): string => {
  const sessions = join(dir, '.task_orchestrator', 'sessions');
  const [id] = readdirSync(sessions);
  return join(sessions, id!, 'session.md');
};

export const read = (file: string): string => readFileSync(file, 'utf8');
