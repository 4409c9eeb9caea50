/**
 * The page's connection to the database worker: a Comlink proxy typed by the worker's API,
 * and the change notices the worker pushes (from this tab's calls and every other tab's).
 */
import * as Comlink from 'comlink';
import { batch } from 'solid-js';
import type { ChangeNotice, WorkerApi } from '../../workers/api';
import DbWorker from '../../workers/db.worker.ts?worker';

export interface DbClient {
  api: Comlink.Remote<WorkerApi>;
  /** Calls `listener` after every committed change; returns the unsubscribe function. */
  onChange(listener: (notice: ChangeNotice) => void): () => void;
  close(): void;
}

/** Starts a database worker; `name` selects a separate database (used by tests). */
export function createDbClient(name?: string): DbClient {
  const worker = new DbWorker(name ? { name } : {});
  const api = Comlink.wrap<WorkerApi>(worker);
  const channel = new MessageChannel();
  const listeners = new Set<(notice: ChangeNotice) => void>();
  // One notice updates every view in one pass (not one pass per listener).
  channel.port1.onmessage = (event: MessageEvent<ChangeNotice>) =>
    batch(() => {
      for (const listener of listeners) listener(event.data);
    });
  void api.listen(Comlink.transfer(channel.port2, [channel.port2]));
  return {
    api,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      api[Comlink.releaseProxy]();
      channel.port1.close();
      worker.terminate();
    },
  };
}
