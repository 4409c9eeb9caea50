/** Calendar dates (`YYYY-MM-DD`) as people read them: "Dec 10", with the year when not this year's. */
import type { IsoDate } from '../../core/dates';

const sameYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const otherYear = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
});
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full' });

const localDay = (date: IsoDate): Date => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const moment = new Date(2000, month - 1, day);
  moment.setFullYear(year);
  return moment;
};

/** Short form for badges; `today` decides whether the year is shown. */
export const formatDay = (date: IsoDate, today: IsoDate): string =>
  (date.slice(0, 4) === today.slice(0, 4) ? sameYear : otherYear).format(localDay(date));

/** Long form for tooltips and labels: "Thursday, December 10, 2026". */
export const formatDayFull = (date: IsoDate): string => full.format(localDay(date));
