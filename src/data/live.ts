/**
 * Live queries: a value read from the worker that re-reads itself when a change notice names
 * one of its tables. The UI never polls.
 */
import { type Accessor, createEffect, createSignal, on, onCleanup } from 'solid-js';
import type { AppError, Result } from '../../workers/api';
import type { DbClient } from './client';

export interface LiveQuery<T> {
  data: Accessor<T | undefined>;
  error: Accessor<AppError | undefined>;
  refetch: () => void;
}

/**
 * Runs `read(key)` whenever `key` changes and whenever a notice touches one of `tables`.
 * A null key clears the value. Replies to superseded reads are ignored.
 */
export function createLiveQuery<K, T>(
  client: DbClient,
  key: Accessor<K | null | undefined>,
  read: (key: K) => Promise<Result<T, AppError>>,
  tables: readonly string[],
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
  const unsubscribe = client.onChange((notice) => {
    if (notice.tables.some((table) => tables.includes(table))) refetch();
  });
  onCleanup(unsubscribe);
  return { data, error, refetch };
}
