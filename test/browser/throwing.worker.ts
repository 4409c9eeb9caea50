/// <reference lib="webworker" />
/**
 * A worker for the error-boundary test: the same Error, thrown across Comlink as it is, and
 * returned as the worker's error value (errorFromThrown).
 */
import * as Comlink from 'comlink';
import { errorFromThrown } from '../../workers/result';

function failure(): Error {
  const inner = Object.assign(new Error('disk I/O error'), { code: 10 });
  return new Error('Saving the task failed', { cause: inner });
}

const api = {
  async throwRaw(): Promise<void> {
    throw failure();
  },
  async converted() {
    return errorFromThrown(failure());
  },
};
export type ThrowingApi = typeof api;

Comlink.expose(api);
