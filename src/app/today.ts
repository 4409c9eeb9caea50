/**
 * Today's local date (`YYYY-MM-DD`) as a signal, so "overdue" and "due this week" move on at
 * midnight in an app left open. One timer for the whole app, re-armed each day.
 */
import { createRoot, createSignal } from 'solid-js';
import { localIsoDate } from '../../core/dates';

const msToMidnight = (): number => {
  const now = new Date();
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return next.getTime() - now.getTime() + 1000;
};

export const today = createRoot(() => {
  const [date, setDate] = createSignal(localIsoDate(new Date()));
  const tick = () => {
    setDate(localIsoDate(new Date()));
    setTimeout(tick, msToMidnight());
  };
  setTimeout(tick, msToMidnight());
  return date;
});
