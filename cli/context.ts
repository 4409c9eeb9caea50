/** What every command gets: where it runs, its output streams, `--json`, the project. */
import type { Project } from './project';

export interface Context {
  json: boolean;
  /** The project, found on first use (commands like `merge` never need one). */
  project: () => Project;
  print: (line: string) => void;
  /** Prints `{ version, ...value }` as one JSON document. */
  printJson: (value: object) => void;
  /** A message on stderr (warnings). */
  warn: (line: string) => void;
  cwd: string;
  /** The `--dir` given, if any. */
  dir: string | undefined;
}
