/**
 * Live queries: a value read from the worker that re-reads itself when a change notice names
 * one of its tables. The UI never polls.
 */
import { type Accessor, createEffect, createSignal, on, onCleanup } from 'solid-js';
import type { AppError, ChangeNotice, Result } from '../../workers/api';
import type { DbClient } from './client';

export interface LiveQuery<T> {
  data: Accessor<T | undefined>;
  error: Accessor<AppError | undefined>;
  refetch: () => void;
}

/**
 * Takes the new value from a notice's rows (`ChangeNotice.rows`) when they say everything the
 * value needs; returns undefined to read again instead.
 */
export type NoticePatch<T> = (notice: ChangeNotice, current: T) => T | undefined;

/**
 * Runs `read(key)` whenever `key` changes and whenever a notice touches one of `tables` —
 * unless `patch` can update the value from the notice itself, which saves a round trip to
 * the worker on the hot path of an edit. A null key clears the value. Replies to superseded
 * reads are ignored.
 */
export function createLiveQuery<K, T>(
  client: DbClient,
  key: Accessor<K | null | undefined>,
  read: (key: K) => Promise<Result<T, AppError>>,
  tables: readonly string[],
  patch?: NoticePatch<T>,
): LiveQuery<T> {
  const [data, setData] = createSignal<T>();
  const [error, setError] = createSignal<AppError>();
  let generation = 0;

  const refetch = () => {
    const current = key();
    const mine = ++generation;
    if (current === null || current === undefined) {
      setData(undefined);
      return;
    }
    void read(current).then((result) => {
      if (mine !== generation) return;
      if (result.ok) {
        setData(() => result.value);
        setError(undefined);
      } else {
        setError(result.error);
      }
    });
  };

  createEffect(on(key, refetch));
  // A change-notice listener runs like an event handler, outside any tracking scope.
  // eslint-disable-next-line solid/reactivity
  const unsubscribe = client.onChange((notice) => {
    if (!notice.tables.some((table) => tables.includes(table))) return;
    const current = data();
    const patched = patch && current !== undefined ? patch(notice, current) : undefined;
    if (patched === undefined) refetch();
    else if (patched !== current) {
      generation++; // a read still on its way is older than this notice
      setData(() => patched);
    }
  });
  onCleanup(unsubscribe);
  return { data, error, refetch };
}
