/// <reference lib="webworker" />
/**
 * The database worker: wiring only. One tab's worker owns the OPFS database (see
 * tabs/router.ts); every worker exposes the same API to its page through Comlink and relays
 * change notices on the port the page gives it.
 */
import * as Comlink from 'comlink';
import type { ChangeNotice, WorkerApi } from './api';
import { createTabRouter } from './tabs/router';
import { openDbHandler } from './service';
import { dbMethodNames } from './api/db-api';
import { openOpfsDb } from './db/open';
import { writeNotice } from './notice-mirror';

declare const self: DedicatedWorkerGlobalScope;

// The worker's name picks the database (tests give each case a database of its own).
const name = self.name || 'session-orchestrator';
const listeners = new Map<MessagePort, { mirror: SharedArrayBuffer | null; seq: number }>();
const router = createTabRouter({
  name,
  open: (emit) =>
    openDbHandler(() => openOpfsDb({ directory: name, fileName: 'orchestrator.db' }), emit, name),
  onChange: (notice: ChangeNotice) => {
    for (const [port, listener] of listeners) {
      const numbered = { ...notice, seq: ++listener.seq };
      if (listener.mirror) writeNotice(listener.mirror, numbered.seq, JSON.stringify(numbered));
      port.postMessage(numbered);
    }
  },
});

const api = Object.fromEntries(
  dbMethodNames.map((method) => [method, (...args: unknown[]) => router.call(method, args)]),
) as unknown as WorkerApi;
api.listen = (port, mirror) => void listeners.set(port, { mirror: mirror ?? null, seq: 0 });
api.role = async () => router.role();

Comlink.expose(api);
