/** What every per-domain API module is built on: one connection, the sync engine, the folder memory. */
import type { Db } from '../db/sqlite';
import type { AppError, Result } from '../result';
import type { SyncEngine } from '../sync/engine';
import type { FolderMemory } from '../folder/remembered';

export interface ApiContext {
  db: Db;
  engine: SyncEngine;
  memory: FolderMemory;
}

/** What every API method returns. */
export type Reply<T> = Promise<Result<T, AppError>>;

/** A module's method names, checked against its interface: a missing or extra name fails to compile. */
export type MethodList<Api> = Record<keyof Api, true>;
