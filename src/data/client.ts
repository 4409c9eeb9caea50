/**
 * The page's connection to the database worker: a Comlink proxy typed by the worker's API,
 * and the change notices the worker pushes (from this tab's calls and every other tab's).
 *
 * Notices come by message and, when the page is cross-origin isolated, also through a shared
 * mirror (workers/notice-mirror.ts) that the page reads when the frame after a call starts:
 * Chromium holds messages back until the frame after a click is drawn, so a committed edit
 * would otherwise always show one frame after the click's own feedback. Each notice is
 * applied once and in order, whichever way reaches the page first.
 */
import * as Comlink from 'comlink';
import { batch } from 'solid-js';
import type { ChangeNotice, WorkerApi } from '../../workers/api';
import { createNoticeMirror, readNotice } from '../../workers/notice-mirror';
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
  const remote = Comlink.wrap<WorkerApi>(worker);
  const channel = new MessageChannel();
  const listeners = new Set<(notice: ChangeNotice) => void>();
  const mirror = createNoticeMirror();
  let applied = 0;

  const apply = (notice: ChangeNotice) => {
    if (notice.seq !== undefined) {
      if (notice.seq <= applied) return; // it came through the mirror already
      applied = notice.seq;
    }
    // One notice updates every view in one pass (not one pass per listener).
    batch(() => {
      for (const listener of listeners) listener(notice);
    });
  };
  channel.port1.onmessage = (event: MessageEvent<ChangeNotice>) => apply(event.data);

  let frameRequested = false;
  const readMirror = () => {
    frameRequested = false;
    // Only the very next notice: an earlier one still on its way must not be skipped.
    const json = mirror && readNotice(mirror, applied + 1);
    if (json) apply(JSON.parse(json) as ChangeNotice);
  };
  /** Any call may commit: the mirror is read when the next frame starts. */
  const api = mirror
    ? new Proxy(remote, {
        get(target, key, receiver) {
          const member: unknown = Reflect.get(target, key, receiver);
          if (typeof key !== 'string' || key === 'then') return member;
          return (...args: unknown[]) => {
            if (!frameRequested) {
              frameRequested = true;
              requestAnimationFrame(readMirror);
            }
            return (member as (...a: unknown[]) => unknown)(...args);
          };
        },
      })
    : remote;

  void remote.listen(Comlink.transfer(channel.port2, [channel.port2]), mirror ?? undefined);
  return {
    api,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      remote[Comlink.releaseProxy]();
      channel.port1.close();
      worker.terminate();
    },
  };
}
