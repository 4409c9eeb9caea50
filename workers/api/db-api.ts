/**
 * The whole DbApi, merged from the per-domain API modules in this folder, and the list of its
 * method names (for the forwarding proxies). A new method goes into its domain's module: the
 * interface, the method list and the implementation there; nothing here changes.
 */
import type { DbApi, DbMethod } from '../api';
import type { ApiContext, MethodList } from './context';
import { sessionsApi, sessionsMethods } from './sessions';
import { groupsApi, groupsMethods } from './groups';
import { tasksApi, tasksMethods } from './tasks';
import { folderApi, folderMethods } from './folder';
import { modesApi, modesMethods } from './modes';
import { importApi, importMethods } from './import';
import { exportApi, exportMethods } from './export';
import { searchApi, searchMethods } from './search';
import { cleanupApi, cleanupMethods } from './cleanup';
import { systemApi, systemMethods } from './system';

export function createDbApi(context: ApiContext): DbApi {
  return {
    ...sessionsApi(context),
    ...groupsApi(context),
    ...tasksApi(context),
    ...folderApi(context),
    ...modesApi(context),
    ...importApi(context),
    ...exportApi(context),
    ...searchApi(context),
    ...cleanupApi(context),
    ...systemApi(context),
  };
}

const methods = {
  ...sessionsMethods,
  ...groupsMethods,
  ...tasksMethods,
  ...folderMethods,
  ...modesMethods,
  ...importMethods,
  ...exportMethods,
  ...searchMethods,
  ...cleanupMethods,
  ...systemMethods,
} satisfies MethodList<DbApi>;

/** Names of every DbApi method. */
export const dbMethodNames = Object.keys(methods) as DbMethod[];
