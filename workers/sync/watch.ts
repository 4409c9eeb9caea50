/**
 * Watching the folder for outside changes: the FileSystemObserver where the browser has one,
 * and polling always (observers can miss changes). Requests are coalesced: while one check is
 * waiting to run, more requests add nothing, so a burst of file events never piles up work
 * ahead of the user's calls.
 */
import { observeFolder } from '../folder/observer';

export interface Watcher {
  readonly mode: 'observer' | 'polling';
  stop(): void;
}

export function watchFolder(
  folder: FileSystemDirectoryHandle,
  options: {
    pollMs: number;
    /** Runs a check exclusively with every other use of the connection. */
    background: <T>(job: () => Promise<T>) => Promise<T>;
    check: () => Promise<void>;
  },
): Watcher {
  let pending = false;
  const request = () => {
    if (pending) return;
    pending = true;
    void options.background(async () => {
      pending = false;
      await options.check();
    });
  };
  const poller = setInterval(request, options.pollMs);
  const observer = observeFolder(folder, request);
  return {
    mode: observer ? 'observer' : 'polling',
    stop() {
      clearInterval(poller);
      observer?.disconnect();
    },
  };
}
