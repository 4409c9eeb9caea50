/// <reference lib="webworker" />
/**
 * The database worker: wiring only. One tab's worker owns the OPFS database (see
 * tabs/router.ts); every worker exposes the same API to its page through Comlink and relays
 * change notices on the port the page gives it.
 */
import * as Comlink from 'comlink';
import type { ChangeNotice, WorkerApi } from './api';
import { createTabRouter } from './tabs/router';
import { dbMethodNames, openDbHandler } from './service';
import { openOpfsDb } from './db/open';

declare const self: DedicatedWorkerGlobalScope;

// The worker's name picks the database (tests give each case a database of its own).
const name = self.name || 'session-orchestrator';
const listeners = new Set<MessagePort>();
const router = createTabRouter({
  name,
  open: (emit) =>
    openDbHandler(() => openOpfsDb({ directory: name, fileName: 'orchestrator.db' }), emit, name),
  onChange: (notice: ChangeNotice) => listeners.forEach((port) => port.postMessage(notice)),
});

const api = Object.fromEntries(
  dbMethodNames.map((method) => [method, (...args: unknown[]) => router.call(method, args)]),
) as unknown as WorkerApi;
api.listen = (port) => void listeners.add(port);
api.role = async () => router.role();

Comlink.expose(api);
