import { describe, expect, it } from 'vitest';
import { projectCompletion } from '../../src/app/dashboard/projection';

const now = new Date('2026-11-25T12:00:00.000Z');

describe('projectCompletion', () => {
  it('says when there is nothing to project', () => {
    expect(
      projectCompletion({ since: now.toISOString(), now, completed: 0, remaining: 0 }),
    ).toEqual({ kind: 'empty' });
    expect(
      projectCompletion({ since: now.toISOString(), now, completed: 3, remaining: 0 }),
    ).toEqual({ kind: 'done' });
    expect(
      projectCompletion({ since: now.toISOString(), now, completed: 0, remaining: 4 }),
    ).toEqual({ kind: 'no-data' });
  });

  it('divides the open tasks by the pace so far', () => {
    const p = projectCompletion({
      since: '2026-11-15T12:00:00.000Z',
      now,
      completed: 5,
      remaining: 10,
    });
    expect(p).toMatchObject({ kind: 'projected', perDay: 0.5, remaining: 10, days: 20 });
    if (p.kind === 'projected') expect(p.date.toISOString()).toBe('2026-12-15T12:00:00.000Z');
  });

  it('counts less than a day of history as one day', () => {
    const p = projectCompletion({
      since: '2026-11-25T11:00:00.000Z',
      now,
      completed: 2,
      remaining: 4,
    });
    expect(p).toMatchObject({ kind: 'projected', perDay: 2, days: 2 });
  });
});
