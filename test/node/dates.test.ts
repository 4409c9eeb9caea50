/** Calendar dates of tasks (core/dates.ts): what counts as a date, day arithmetic, overdue. */
import { describe, expect, it } from 'vitest';
import { addDays, isIsoDate, isOverdue, isoDateProblem, localIsoDate } from '../../core/dates';

describe('task dates', () => {
  it('accepts real days written YYYY-MM-DD only', () => {
    for (const good of ['2026-12-10', '2028-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) {
      expect(isIsoDate(good), good).toBe(true);
    }
    for (const bad of [
      '2026-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-12-00',
      '2026-1-5',
      '26-12-10',
      '2026-12-10T00:00',
      ' 2026-12-10',
      '',
    ]) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
  });

  it('says what is wrong in words a person can act on', () => {
    expect(isoDateProblem('The due date', null)).toBeNull();
    expect(isoDateProblem('The due date', '2026-12-10')).toBeNull();
    expect(isoDateProblem('The due date', 'tomorrow')).toBe(
      'The due date must be a date written YYYY-MM-DD, e.g. 2026-12-10.',
    );
    expect(isoDateProblem('The due date', 20261210)).toMatch(/must be a date written/);
    expect(isoDateProblem('The due date', '2026-02-30')).toBe(
      'The due date 2026-02-30 is not a day of the calendar.',
    );
  });

  it('counts days across months, years and leap days, keeping early years', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('0050-06-15', 1)).toBe('0050-06-16');
    expect(localIsoDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('is overdue from the day after the due date while the task is open', () => {
    expect(isOverdue('2026-12-10', 'pending', '2026-12-10')).toBe(false);
    expect(isOverdue('2026-12-10', 'in_progress', '2026-12-11')).toBe(true);
    expect(isOverdue('2026-12-10', 'completed', '2026-12-11')).toBe(false);
    expect(isOverdue('2026-12-10', 'cancelled', '2026-12-11')).toBe(false);
    expect(isOverdue(null, 'pending', '2026-12-11')).toBe(false);
  });
});
