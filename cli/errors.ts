/** The two ways a command fails, by exit code: 1 a problem was found, 2 it was used wrongly. */
export class ProblemError extends Error {
  override name = 'ProblemError';
}

export class UsageError extends Error {
  override name = 'UsageError';
}
