/**
 * Calendar dates of tasks (due, scheduled): written `YYYY-MM-DD`, no time and no zone, so a
 * date means the same day wherever the plan is opened. Compared as text (the format sorts
 * like the dates). "Today" is the caller's local day, passed in, so these stay pure.
 */

/** A calendar date written `YYYY-MM-DD`, e.g. `2026-12-10`. */
export type IsoDate = string;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a date written `YYYY-MM-DD` that exists (no 2026-02-30). */
export const isIsoDate = (text: string): boolean => {
  const match = datePattern.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
};

const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

/** What is wrong with a date value, for messages: null when it is a valid date or null. */
export const isoDateProblem = (label: string, value: unknown): string | null => {
  if (value === null) return null;
  if (typeof value !== 'string' || !datePattern.test(value)) {
    return `${label} must be a date written YYYY-MM-DD, e.g. 2026-12-10.`;
  }
  return isIsoDate(value) ? null : `${label} ${value} is not a day of the calendar.`;
};

/** The local calendar day of a moment, `YYYY-MM-DD`. */
export const localIsoDate = (moment: Date): IsoDate =>
  [
    String(moment.getFullYear()).padStart(4, '0'),
    String(moment.getMonth() + 1).padStart(2, '0'),
    String(moment.getDate()).padStart(2, '0'),
  ].join('-');

/** The date `days` after `date` (negative: before). */
export const addDays = (date: IsoDate, days: number): IsoDate => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const moment = new Date(0);
  moment.setUTCFullYear(year, month - 1, day + days); // unlike Date.UTC, keeps years < 100
  return [
    String(moment.getUTCFullYear()).padStart(4, '0'),
    String(moment.getUTCMonth() + 1).padStart(2, '0'),
    String(moment.getUTCDate()).padStart(2, '0'),
  ].join('-');
};

/** Whether a task due on `due` is overdue on `today`: the day has passed and it is still open. */
export const isOverdue = (due: IsoDate | null, status: string, today: IsoDate): boolean =>
  due != null && due < today && status !== 'completed' && status !== 'cancelled';
