/**
 * The allowed values of the task fields the editor offers, with their labels. They mirror the
 * lists in core/model.ts (src/ may import only types from the worker side); the Record types
 * make the compiler reject a list that misses a value of the model.
 */
import type { ComplexityLevel, TaskStatus, VerificationStatus } from '../../../workers/api';

export const taskStatusLabels: Readonly<Record<TaskStatus, string>> = {
  pending: 'Pending',
  in_progress: 'In progress',
  blocked: 'Blocked',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const complexityLabels: Readonly<Record<ComplexityLevel, string>> = {
  trivial: 'Trivial',
  simple: 'Simple',
  moderate: 'Moderate',
  complex: 'Complex',
  very_complex: 'Very complex',
};

export const verificationLabels: Readonly<Record<VerificationStatus, string>> = {
  pending: 'Pending',
  verified: 'Verified',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** The entries of a label table in declaration order, typed by its keys. */
export function options<K extends string>(labels: Readonly<Record<K, string>>): [K, string][] {
  return Object.entries(labels) as [K, string][];
}

/** A timestamp for people, or a dash when there is none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
