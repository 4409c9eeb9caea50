/** The database client, provided to every view. */
import { createContext, useContext } from 'solid-js';
import type { DbClient } from '../data/client';

export const DbContext = createContext<DbClient>();

export function useDb(): DbClient {
  const client = useContext(DbContext);
  if (!client) throw new Error('useDb() must be used inside <DbContext.Provider>.');
  return client;
}
