/**
 * The page's connection to the database worker: a Comlink proxy typed by the worker's API,
 * and the change notices the worker pushes (from this tab's calls and every other tab's).
 *
 * Notices come by message and, when the page is cross-origin isolated, also through a shared
 * mirror (workers/notice-mirror.ts) that the page watches while one of its calls is out:
 * Chromium holds messages back until the frame after a click is drawn, while the mirror's
 * wake-up is not held back, so a committed edit shows as soon as the worker has written it.
 * Each notice is applied once and in order, whichever way reaches the page first.
 */
import * as Comlink from 'comlink';
import { batch } from 'solid-js';
import type { ChangeNotice, WorkerApi } from '../../workers/api';
import { createMirrorWatch, createNoticeMirror } from '../../workers/notice-mirror';
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

  let callsOut = 0;
  const watch =
    mirror &&
    createMirrorWatch(mirror, {
      next: () => applied + 1, // never skip one still on its way
      take: (json) => apply(JSON.parse(json) as ChangeNotice),
      busy: () => callsOut > 0,
    });
  /** Any call may commit: the mirror is watched until its reply is in. */
  const api = watch
    ? new Proxy(remote, {
        get(target, key, receiver) {
          const member: unknown = Reflect.get(target, key, receiver);
          if (typeof key !== 'string' || key === 'then') return member;
          return (...args: unknown[]) => {
            callsOut++;
            watch();
            const reply = (member as (...a: unknown[]) => Promise<unknown>)(...args);
            const done = () => void callsOut--;
            reply.then(done, done);
            return reply;
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
