/** Small text formats for the sync views: times, hashes, sizes and sync outcomes. */
import type { SyncOutcome } from '../../../workers/api';

/** A stored ISO time in the reader's locale (time only when it is today), or "never". */
export function formatTime(iso: string | null): string {
  if (!iso) return 'never';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const today = date.toDateString() === new Date().toDateString();
  return today
    ? date.toLocaleTimeString()
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The first 8 characters of a content hash (enough to tell versions apart by eye). */
export function shortHash(hash: string | null): string {
  return hash ? hash.slice(0, 8) : '—';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** What a sync did, in a sentence. */
export function outcomeText(outcome: SyncOutcome): string {
  switch (outcome.kind) {
    case 'unchanged':
      return 'Already in sync.';
    case 'deferred':
      return 'session.md kept changing: its changes are in; it is written back on the next try.';
    case 'written':
      return outcome.created ? 'Created session.md.' : 'Wrote session.md.';
    case 'merged':
      return `Merged ${outcome.applied} change(s) from session.md.${
        outcome.refused.length ? ` Refused: ${outcome.refused.join('; ')}` : ''
      }`;
    case 'conflict':
      return 'Conflict: see the conflicts below.';
    case 'unreadable':
      return outcome.message;
  }
}
