/**
 * A simple completion forecast: the pace so far (completed tasks per day since the session was
 * created) applied to the tasks still open. Pure, so it is easy to check.
 */

export type Projection =
  | { kind: 'empty' }
  | { kind: 'done' }
  | { kind: 'no-data' }
  | { kind: 'projected'; perDay: number; remaining: number; days: number; date: Date };

const dayMs = 86_400_000;

export function projectCompletion(input: {
  /** When the pace is counted from (ISO timestamp). */
  since: string;
  now: Date;
  completed: number;
  /** Tasks still to do (neither completed nor cancelled). */
  remaining: number;
}): Projection {
  if (input.completed + input.remaining === 0) return { kind: 'empty' };
  if (input.remaining === 0) return { kind: 'done' };
  const start = new Date(input.since).getTime();
  if (input.completed === 0 || Number.isNaN(start)) return { kind: 'no-data' };
  // Less than a day of history counts as one day, so a fast first hour is not extrapolated.
  const elapsedDays = Math.max((input.now.getTime() - start) / dayMs, 1);
  const perDay = input.completed / elapsedDays;
  const days = input.remaining / perDay;
  return {
    kind: 'projected',
    perDay,
    remaining: input.remaining,
    days,
    date: new Date(input.now.getTime() + days * dayMs),
  };
}
